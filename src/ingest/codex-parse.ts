// One Codex CLI rollout file (`~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`) → turns.
// Lines are `{timestamp, type, payload}` with type session_meta, response_item, event_msg,
// turn_context or compacted; the oldest versions wrote a bare header line and bare response
// items. What the model saw (response_item) is the source of assistant text, reasoning and
// tools; event_msg adds the real prompts, token counts and aborts, and otherwise echoes.
import type { RecEvent, TokenUsage, ToolEvent, Turn } from '../recording/model.js';
import { addUsage, emptyTokens } from '../recording/model.js';
import { isObject, isoTime, num, previewOf, str, ReadLog, type Json } from './reader-kit.js';
import { codexToolInput, codexToolOutput, codexFileChanges, codexPatchOf } from './codex-tools.js';

export const CODEX_AGENT = 'agent:codex';

export interface RolloutMeta {
  id?: string;
  cwd?: string;
  version?: string;
  provider?: string;
  /** `forked_from_id`, or the spawning thread of a sub-agent. */
  forkedFrom?: string;
  /** The sub-agent's role or nickname, when it is one. */
  agentRole?: string;
  start?: number;
}

export interface ParsedRollout {
  path: string;
  meta: RolloutMeta;
  turns: Turn[];
  prompts: number;
  assistantMessages: number;
  /** Lines recognised as the parent's history copied in at the fork. */
  replay?: { lines: number; prompts: number; parentId?: string; firstLine: number; lastLine: number };
  log: ReadLog;
}

/** Lines of a fork's replay are stamped within this long of the fork itself. */
export const REPLAY_WINDOW_MS = 1000;

/** User-role items Codex injects (context, not typed by the user). */
const INJECTED = /^\s*(<environment_context>|<user_instructions>|# AGENTS\.md instructions|<turn_aborted>|<subagent_notification>|<user_shell_command>|<permissions instructions>|<skill>|<collaboration_mode>|<personality_spec>)/;

/** event_msg types that echo what response items already hold, or only drive the terminal UI. */
const ECHO_EVENTS = new Set([
  'agent_message', 'agent_message_delta', 'agent_reasoning', 'agent_reasoning_delta', 'agent_reasoning_raw_content',
  'agent_reasoning_raw_content_delta', 'agent_reasoning_section_break', 'exec_command_begin', 'exec_command_end',
  'exec_command_output_delta', 'exec_approval_request', 'apply_patch_approval_request', 'patch_apply_begin',
  'patch_apply_end', 'mcp_tool_call_begin', 'mcp_tool_call_end', 'web_search_begin', 'web_search_end',
  'task_started', 'task_complete', 'turn_started', 'turn_complete', 'turn_diff', 'plan_update', 'background_event',
  'session_configured', 'view_image_tool_call', 'get_history_entry_response', 'mcp_list_tools_response',
  'list_custom_prompts_response', 'shutdown_complete', 'entered_review_mode', 'exited_review_mode', 'item_started',
  'item_completed', 'undo_started', 'undo_completed', 'thread_name_updated', 'raw_response_item', 'deprecation_notice',
  'user_message_delta', 'rate_limits', 'context_window', 'reasoning_content_delta', 'agent_message_content_delta',
]);
/** Response items that are bookkeeping. */
const QUIET_ITEMS = new Set(['ghost_snapshot']);
const RESPONSE_ITEM_TYPES = new Set(['message', 'reasoning', 'function_call', 'function_call_output', 'custom_tool_call',
  'custom_tool_call_output', 'local_shell_call', 'web_search_call', 'compaction', 'compaction_summary', 'ghost_snapshot']);

interface Usage {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
  total_tokens: number;
}

function usageOf(v: unknown): Usage | undefined {
  if (!isObject(v)) return undefined;
  return {
    input_tokens: num(v.input_tokens),
    cached_input_tokens: num(v.cached_input_tokens),
    output_tokens: num(v.output_tokens),
    reasoning_output_tokens: num(v.reasoning_output_tokens),
    total_tokens: num(v.total_tokens) || num(v.input_tokens) + num(v.output_tokens),
  };
}

/** OpenAI counts cached input inside input and reasoning inside output; the recording keeps them apart. */
function tokensOf(u: Usage): TokenUsage {
  return {
    input: Math.max(0, u.input_tokens - u.cached_input_tokens),
    output: Math.max(0, u.output_tokens - u.reasoning_output_tokens),
    reasoning: u.reasoning_output_tokens,
    cacheRead: u.cached_input_tokens,
    cacheWrite: 0,
  };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const c of content) {
    if (!isObject(c)) continue;
    if (typeof c.text === 'string') parts.push(c.text);
    else if (c.type === 'input_image') parts.push('[image]');
  }
  return parts.join('\n');
}

interface OpenTool {
  event: ToolEvent;
  turn: Turn;
  /** The working directory the call ran in: relative patch paths are resolved against it. */
  cwd?: string;
}

export class RolloutParser {
  readonly out: ParsedRollout;
  private readonly log: ReadLog;
  private turn?: Turn;
  /** Context seen before the first turn opens: it goes into that turn. */
  private pending: RecEvent[] = [];
  /** A user-role item that may be the model's copy of the next user_message. */
  private candidate?: { text: string; line: number; time: number };
  private sawUserMessage = false;
  /** Text of the last context item, so an event echoing it is not kept twice. */
  private lastContext?: string;
  private model?: string;
  private cwd?: string;
  private lastTime = 0;
  private prevTotal?: Usage;
  private tools = new Map<string, OpenTool>();
  private metas = 0;
  private replay: 'none' | 'armed' | 'on' | 'done' = 'none';

  constructor(path: string) {
    this.log = new ReadLog(path);
    this.out = { path, meta: {}, turns: [], prompts: 0, assistantMessages: 0, log: this.log };
  }

  readFile(): this {
    this.log.readJsonLines((o, line) => this.addLine(o, line));
    return this;
  }

  addLine(o: Json, line: number): void {
    const time = isoTime(o.timestamp) ?? this.lastTime;
    if (time > this.lastTime) this.lastTime = time;
    let type = str(o.type);
    let payload: unknown = o.payload;
    if (!isObject(payload)) {
      // Older rollouts: a bare header line, then bare response items and state lines.
      if (o.record_type === 'state') return;
      if (type === undefined && typeof o.id === 'string' && line <= 2) {
        type = 'session_meta';
        payload = o;
      } else if (type && RESPONSE_ITEM_TYPES.has(type)) {
        type = 'response_item';
        payload = o;
      } else {
        this.log.unknownKind(type ? `line type "${type}" without a payload is not known; skipped` : 'a line without a "type" field; skipped', line);
        return;
      }
    }
    const p = payload as Json;
    if (this.inReplay(type, p, time, line)) return;
    switch (type) {
      case 'session_meta':
        return this.addMeta(p, time);
      case 'turn_context':
        if (str(p.model)) this.model = str(p.model);
        if (str(p.cwd)) this.cwd = str(p.cwd);
        return;
      case 'response_item':
        return this.addItem(p, time, line);
      case 'event_msg':
        return this.addEvent(p, time, line);
      case 'compacted':
        this.flushCandidate();
        this.push({ ...this.base(`compacted#${line}`, time), kind: 'compaction', ...(str(p.message) ? { summary: this.log.capString(str(p.message)!) } : {}) });
        return;
      default:
        this.log.unknownKind(`line type "${type ?? '(none)'}" is not known; skipped`, line);
    }
  }

  /**
   * A sub-agent's rollout opens with its own session_meta (naming its parent), then the
   * parent's session_meta and the parent's history, all within moments of the fork. Those
   * lines are counted, not replayed as new work; their token totals become the baseline.
   */
  private inReplay(type: string | undefined, p: Json, time: number, line: number): boolean {
    if (this.replay === 'armed' && type === 'session_meta') {
      this.replay = 'on';
      this.out.replay = { lines: 1, prompts: 0, parentId: str(p.id), firstLine: line, lastLine: line };
      return true;
    }
    if (this.replay === 'armed') this.replay = 'done'; // a fork with no history copied in
    if (this.replay !== 'on') return false;
    const start = this.out.meta.start ?? time;
    if (time - start > REPLAY_WINDOW_MS) {
      this.replay = 'done';
      return false;
    }
    const r = this.out.replay!;
    r.lines++;
    r.lastLine = line;
    if (type === 'event_msg' && p.type === 'user_message') r.prompts++;
    if (type === 'event_msg' && p.type === 'token_count' && isObject(p.info)) this.prevTotal = usageOf(p.info.total_token_usage) ?? this.prevTotal;
    if (type === 'turn_context' && str(p.model)) this.model = str(p.model);
    return true;
  }

  private addMeta(p: Json, time: number): void {
    this.metas++;
    const m = this.out.meta;
    if (this.metas > 1) return; // a resumed or forked file may repeat the header
    m.id = str(p.id) ?? str(p.session_id);
    m.cwd = str(p.cwd);
    m.version = str(p.cli_version);
    m.provider = str(p.model_provider);
    m.start = isoTime(p.timestamp) ?? time;
    const source = isObject(p.source) && isObject(p.source.subagent) ? p.source.subagent : undefined;
    const spawn = source && isObject(source.thread_spawn) ? source.thread_spawn : undefined;
    m.forkedFrom = str(p.forked_from_id) ?? str(spawn?.parent_thread_id) ?? str(p.parent_thread_id);
    m.agentRole = str(spawn?.agent_nickname) ?? str(spawn?.agent_role) ?? str(p.agent_role) ?? str(p.agent_nickname);
    if (m.forkedFrom) this.replay = 'armed';
    if (!this.cwd) this.cwd = m.cwd;
  }

  private modelId(): string | undefined {
    return this.model ? `${this.out.meta.provider ?? 'openai'}/${this.model}` : undefined;
  }

  private base(id: string, time: number, who: string = CODEX_AGENT) {
    const model = who === CODEX_AGENT ? this.modelId() : undefined;
    return { id, sessionId: '', time, participantId: who, ...(model ? { model } : {}) };
  }

  private openTurn(time: number, prompt?: Turn['prompt']): Turn {
    const t: Turn = {
      index: this.out.turns.length,
      sessionId: '',
      participantId: CODEX_AGENT,
      ...(prompt ? { prompt } : {}),
      messageIds: prompt ? [prompt.messageId] : [],
      start: time,
      end: time,
      models: [],
      events: this.pending,
      tokens: emptyTokens(),
      cost: 0,
      usage: [],
    };
    this.pending = [];
    this.out.turns.push(t);
    this.turn = t;
    return t;
  }

  /** Work by the agent: into the open turn, or a turn of its own when none is open. */
  private push(ev: RecEvent): void {
    (this.turn ?? this.openTurn(ev.time)).events.push(ev);
  }

  /** Context (injected text): into the open turn, or held for the next. */
  private pushContext(ev: RecEvent): void {
    this.lastContext = ev.kind === 'text' ? ev.text : undefined;
    if (this.turn) this.turn.events.push(ev);
    else this.pending.push(ev);
  }

  /** A held user item not followed by its user_message: injected context, or (no user_message events at all) the prompt. */
  private flushCandidate(): void {
    const c = this.candidate;
    if (!c) return;
    this.candidate = undefined;
    const id = `user#${c.line}`;
    if (!this.sawUserMessage) {
      this.addPrompt(c.text, id, c.time);
      return;
    }
    this.pushContext({ ...this.base(id, c.time, 'user'), kind: 'text', role: 'user', text: c.text, synthetic: true });
  }

  private addPrompt(text: string, id: string, time: number): void {
    this.out.prompts++;
    const prompt = { messageId: id, text, time };
    const t = this.openTurn(time, prompt);
    t.events.push({ ...this.base(id, time, 'user'), kind: 'text', role: 'user', text });
  }

  private addItem(p: Json, time: number, line: number): void {
    const type = str(p.type) ?? '(none)';
    const id = `${type}#${line}`;
    if (type === 'message' && p.role === 'user') {
      const text = this.log.capString(contentText(p.content));
      this.flushCandidate();
      if (INJECTED.test(text)) this.pushContext({ ...this.base(id, time, 'user'), kind: 'text', role: 'user', text, synthetic: true });
      else this.candidate = { text, line, time };
      return;
    }
    this.flushCandidate();
    switch (type) {
      case 'message': {
        const text = this.log.capString(contentText(p.content));
        if (p.role === 'assistant') {
          this.out.assistantMessages++;
          if (this.turn && !this.turn.messageIds.includes(id)) this.turn.messageIds.push(id);
          if (text.trim()) this.push({ ...this.base(id, time), kind: 'text', role: 'assistant', text });
        } else {
          // developer / system instructions
          this.pushContext({ ...this.base(id, time, 'user'), kind: 'text', role: 'user', text, synthetic: true });
        }
        return;
      }
      case 'reasoning': {
        const parts: string[] = [];
        for (const s of Array.isArray(p.summary) ? p.summary : []) if (isObject(s) && typeof s.text === 'string') parts.push(s.text);
        if (!parts.length) for (const c of Array.isArray(p.content) ? p.content : []) if (isObject(c) && typeof c.text === 'string') parts.push(c.text);
        // Reasoning kept only encrypted has nothing to show.
        if (parts.length) this.push({ ...this.base(id, time), kind: 'reasoning', text: this.log.capString(parts.join('\n\n')) });
        return;
      }
      case 'function_call':
      case 'custom_tool_call':
      case 'local_shell_call':
        return this.addCall(p, type, time, line);
      case 'function_call_output':
      case 'custom_tool_call_output':
        return this.addOutput(p, time, line);
      case 'web_search_call': {
        const action = isObject(p.action) ? p.action : {};
        const callId = str(p.id) ?? id;
        const title = str(action.query) ?? str(action.url);
        this.push({ ...this.base(callId, time), kind: 'tool', callId, tool: 'web_search', ...(title ? { title } : {}), input: this.log.capValue(action), status: p.status === 'failed' ? 'error' : 'completed', start: time, end: time, durationMs: 0 });
        return;
      }
      case 'compaction':
      case 'compaction_summary':
        this.push({ ...this.base(id, time), kind: 'compaction' });
        return;
      default:
        if (QUIET_ITEMS.has(type)) return;
        this.log.unknownKind(`response item type "${type}" is not known; kept as an unknown event`, line);
        this.push({ ...this.base(id, time), kind: 'unknown', sourceType: `response_item/${type}`, preview: previewOf(p) });
    }
  }

  private addCall(p: Json, type: string, time: number, line: number): void {
    const callId = str(p.call_id) ?? str(p.id) ?? `${type}#${line}`;
    const { tool, input, title } = codexToolInput(p, type, this.log);
    const event: ToolEvent = { ...this.base(callId, time), kind: 'tool', callId, tool, input, status: 'running', start: time };
    if (title) event.title = title;
    this.push(event);
    this.tools.set(callId, { event, turn: this.turn!, cwd: this.cwd ?? this.out.meta.cwd });
  }

  private addOutput(p: Json, time: number, line: number): void {
    const callId = str(p.call_id);
    const open = callId ? this.tools.get(callId) : undefined;
    if (!open || !callId) {
      this.log.unknownKind('a tool output whose call is not in this file; skipped', line);
      return;
    }
    this.tools.delete(callId);
    const ev = open.event;
    const result = codexToolOutput(p.output, this.log);
    ev.end = time;
    // The run time the tool measured, where it says; else the time between the two records.
    ev.durationMs = result.durationMs ?? Math.max(0, time - (ev.start ?? time));
    if (result.failed) {
      ev.status = 'error';
      ev.error = result.text;
    } else {
      ev.status = 'completed';
      ev.output = result.text;
    }
    if (ev.status !== 'error') this.fileChanges(open, time);
  }

  /** An apply_patch call that did not fail: one file change per file (an edit per hunk), after the call. */
  private fileChanges({ event, turn, cwd }: OpenTool, time: number): void {
    const patch = codexPatchOf(event);
    if (!patch) return;
    const changes = codexFileChanges(event, patch, cwd, time);
    turn.events.splice(turn.events.indexOf(event) + 1, 0, ...changes);
  }

  private addEvent(p: Json, time: number, line: number): void {
    const type = str(p.type) ?? '(none)';
    if (type === 'user_message') {
      this.sawUserMessage = true;
      const images = Array.isArray(p.images) ? p.images.length : 0;
      let text = str(p.message) ?? '';
      if (images) text += `${text ? '\n' : ''}${'[image] '.repeat(images).trim()}`;
      // The model's copy of this prompt came just before it: the prompt is this one.
      this.candidate = undefined;
      // Some versions echo injected context as user_message too, with a kind other than "plain".
      const kind = str(p.kind);
      if ((kind && kind !== 'plain') || INJECTED.test(text)) {
        if (this.lastContext?.trim() === text.trim()) return; // the item just before said it
        this.pushContext({ ...this.base(`user_message#${line}`, time, 'user'), kind: 'text', role: 'user', text: this.log.capString(text), synthetic: true });
        return;
      }
      this.addPrompt(this.log.capString(text), `user_message#${line}`, time);
      return;
    }
    if (type === 'token_count') return this.addTokens(p, line);
    this.flushCandidate();
    const id = `${type}#${line}`;
    switch (type) {
      case 'turn_aborted':
        this.push({ ...this.base(id, time), kind: 'error', name: 'aborted', message: `turn aborted${str(p.reason) ? `: ${str(p.reason)}` : ''}` });
        return;
      case 'error':
        this.push({ ...this.base(id, time), kind: 'error', name: 'error', message: this.log.capString(str(p.message) ?? previewOf(p)) });
        return;
      case 'stream_error':
        this.push({ ...this.base(id, time), kind: 'retry', attempt: 1, error: this.log.capString(str(p.message) ?? previewOf(p)) });
        return;
      case 'context_compacted': {
        const last = this.turn?.events[this.turn.events.length - 1];
        if (last?.kind !== 'compaction') this.push({ ...this.base(id, time), kind: 'compaction' });
        return;
      }
      case 'warning':
        this.log.note(`Codex warned: ${str(p.message) ?? previewOf(p)}`, line);
        return;
      default:
        if (ECHO_EVENTS.has(type)) return;
        this.log.unknownKind(`event type "${type}" is not known; kept as an unknown event`, line);
        this.push({ ...this.base(id, time), kind: 'unknown', sourceType: `event_msg/${type}`, preview: previewOf(p) });
    }
  }

  /**
   * `total_token_usage` is cumulative and the same count is often sent twice: each turn gets
   * the growth of the total. The first count of a file (which may resume an older session's
   * total), and a total that shrank, count `last_token_usage` instead.
   */
  private addTokens(p: Json, line: number): void {
    const info = isObject(p.info) ? p.info : undefined;
    if (!info) return;
    const total = usageOf(info.total_token_usage);
    const last = usageOf(info.last_token_usage);
    let used: Usage | undefined;
    const prev = this.prevTotal;
    if (total && prev && total.total_tokens >= prev.total_tokens) {
      if (total.total_tokens === prev.total_tokens) return;
      used = {
        input_tokens: total.input_tokens - prev.input_tokens,
        cached_input_tokens: total.cached_input_tokens - prev.cached_input_tokens,
        output_tokens: total.output_tokens - prev.output_tokens,
        reasoning_output_tokens: total.reasoning_output_tokens - prev.reasoning_output_tokens,
        total_tokens: total.total_tokens - prev.total_tokens,
      };
    } else used = last ?? total;
    if (total) this.prevTotal = total;
    if (!used) return;
    if (!this.turn) {
      this.log.unknownKind('a token count before any prompt or work; counted in the first turn', line);
    }
    addUsage(this.turn ?? this.openTurn(this.lastTime), this.modelId(), tokensOf(used));
  }

  finish(): ParsedRollout {
    this.flushCandidate();
    if (this.pending.length) this.openTurn(this.pending[0]!.time);
    for (const open of this.tools.values()) this.fileChanges(open, open.event.time);
    return this.out;
  }
}
