// One Claude Code JSONL file → a list of entries (one per user/assistant/system line) that
// already carry their events. Sessions, turns and branches are decided afterwards, from
// the entries, by claude-code.ts.
import type {
  CompactionEvent,
  FileChangeEvent,
  RecEvent,
  TokenUsage,
  ToolEvent,
  Warning,
} from '../recording/model.js';
import { forEachLine, type LineInfo } from './claude-code-lines.js';
import { capString, capValue, type CapCounter } from './claude-code-cap.js';
import { plausibleTime, PLAUSIBLE_RANGE, tokenCount } from './field-checks.js';
import { damageWarnings } from './reader-kit.js';
import { readUserMarkup, withoutSystemReminders } from './claude-code-markup.js';

export interface ParsedEntry {
  line: number;
  uuid?: string;
  /** `parentUuid`, or `logicalParentUuid` across a compaction boundary. */
  parent?: string;
  type: 'user' | 'assistant' | 'system';
  sidechain: boolean;
  agentId?: string;
  time: number;
  /** Source message id: `message.id` for assistant lines, the line `uuid` otherwise. */
  messageId: string;
  /** `message.id:requestId` of an assistant line: the unit usage is counted once per. */
  assistantKey?: string;
  /** A real user prompt: it opens a turn. */
  prompt?: { messageId: string; text: string; time: number };
  cwd?: string;
  /** Events with `sessionId` and `participantId` still to be set by the session assembler. */
  events: RecEvent[];
}

export interface AssistantUsage {
  /** `provider/model` of the response, when the line names one. */
  model?: string;
  tokens: TokenUsage;
  /** `costUSD`, which only older versions write; 0 otherwise. */
  cost: number;
}

/** Subagent messages recorded inline in the parent's `agent_progress` lines. */
export interface AgentProgress {
  agentId: string;
  parentToolUseId?: string;
  prompt?: string;
  items: Array<{ line: number; message: Record<string, unknown> }>;
}

/** How a subagent tool call and its result describe the agent it ran. */
export interface AgentCall {
  callId: string;
  tool: string;
  agentType?: string;
  description?: string;
  prompt?: string;
  /** From the result's `toolUseResult.agentId`. */
  agentId?: string;
}

export interface ParsedFile {
  path: string;
  sessionId?: string;
  agentId?: string;
  cwd?: string;
  version?: string;
  entries: ParsedEntry[];
  /**
   * Every line with a uuid (bookkeeping lines too) and its parent, for following branches.
   * Filled only by a links-only pass (`new TranscriptParser(path, { linksOnly: true })`),
   * which is run only when a file has branches.
   */
  parents: Map<string, string | null>;
  /** `summary` lines: leafUuid → summary text. */
  summaries: Map<string, string>;
  customTitle?: string;
  usage: Map<string, AssistantUsage>;
  agentCalls: AgentCall[];
  agentProgress: Map<string, AgentProgress>;
  warnings: Warning[];
}

/** Line types that are bookkeeping: read past without a word. */
const BOOKKEEPING_TYPES = new Set(['progress', 'queue-operation', 'file-history-snapshot', 'last-prompt']);
/** System subtypes that are bookkeeping. */
const BOOKKEEPING_SUBTYPES = new Set(['turn_duration', 'stop_hook_summary']);
const FILE_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);
const AGENT_TOOLS = new Set(['Task', 'Agent']);
const PARENT_KEY = Buffer.from('"parentUuid":');
const PROGRESS_MARK = Buffer.from('"type":"progress","data":{"type":"');
const AGENT_PROGRESS = Buffer.from('agent_progress"');
const UUID_KEY = Buffer.from('"uuid":"');
const NULL_VALUE = Buffer.from('null');

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
/** A text block's text: a number written bare is still the text it shows. */
function textOf(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : str(v);
}

/** Text of a tool_result `content`: a string, or blocks of text (and images). */
function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content === undefined || content === null ? '' : JSON.stringify(content);
  const parts: string[] = [];
  for (const b of content) {
    if (typeof b === 'string') parts.push(b);
    else if (isObject(b) && b.type === 'text') parts.push(str(b.text) ?? '');
    else if (isObject(b) && b.type === 'image') parts.push('[image]');
  }
  return parts.join('\n');
}

/** A `structuredPatch` (list of hunks) as unified-diff text. */
function patchText(hunks: unknown): string | undefined {
  if (!Array.isArray(hunks) || hunks.length === 0) return undefined;
  const out: string[] = [];
  for (const h of hunks) {
    if (!isObject(h) || !Array.isArray(h.lines)) continue;
    out.push(`@@ -${num(h.oldStart)},${num(h.oldLines)} +${num(h.newStart)},${num(h.newLines)} @@`);
    for (const l of h.lines) if (typeof l === 'string') out.push(l);
  }
  return out.length ? out.join('\n') : undefined;
}

function toolTitle(input: unknown): string | undefined {
  if (!isObject(input)) return undefined;
  return (
    str(input.description) ??
    str(input.file_path) ??
    str(input.notebook_path) ??
    str(input.pattern) ??
    str(input.url) ??
    str(input.query) ??
    str(input.command)
  );
}

/** Prompts Claude Code itself writes into user lines: shown, but they open no turn. */
function isToolWrittenText(text: string): boolean {
  return (
    text.startsWith('<local-command-stdout>') ||
    text.startsWith('<local-command-stderr>') ||
    text.startsWith('[Request interrupted by user')
  );
}

export class TranscriptParser {
  readonly file: ParsedFile;
  private readonly cap: CapCounter = { count: 0, largest: 0 };
  private garbage: Array<{ line: number; reason: string }> = [];
  private truncatedLast?: number;
  private oversize: Array<{ line: number; bytes: number }> = [];
  private invalidUtf8: number[] = [];
  private unknown = new Map<string, { count: number; line: number }>();
  /** Tool calls still waiting for their result. */
  private tools = new Map<string, { event: ToolEvent; entry: ParsedEntry }>();
  /** Every tool call id and line uuid read so far, so a repeated one is counted once. */
  private callIds = new Set<string>();
  private uuids = new Set<string>();
  private lastCompaction?: CompactionEvent;
  /** A user's `!` shell command waiting for the line with its output. */
  private pendingShell?: ToolEvent;
  private lastTime = 0;

  private readonly linksOnly: boolean;

  constructor(path: string, options: { linksOnly?: boolean } = {}) {
    this.linksOnly = options.linksOnly ?? false;
    this.file = {
      path,
      entries: [],
      parents: new Map(),
      summaries: new Map(),
      usage: new Map(),
      agentCalls: [],
      agentProgress: new Map(),
      warnings: [],
    };
  }

  /** Stream a file through the parser. */
  readFile(): this {
    forEachLine(this.file.path, {
      // Lines are parsed whole: cutting the copies of tool output in `toolUseResult` out of the
      // bytes first took longer, run once on a cold start, than parsing them (about 25 ms of a
      // 2.9 MB session's export).
      raw: (bytes) => (this.bookkeepingFastPath(bytes) ? null : bytes),
      line: (text, info) => this.addLine(text, info),
      oversize: (bytes, info) => this.oversize.push({ line: info.line, bytes }),
    });
    return this;
  }

  /**
   * Hook and bash progress lines are often most of a file and matter only as links in the
   * parent chain: they are passed over without decoding or parsing, and in a links-only pass
   * their two ids are taken from the bytes. Anything not in exactly the shape Claude Code
   * writes goes the normal way.
   */
  private bookkeepingFastPath(bytes: Buffer): boolean {
    if (bytes[0] !== 0x7b || bytes.indexOf(PARENT_KEY) !== 1) return false;
    const mark = bytes.indexOf(PROGRESS_MARK);
    if (mark === -1) return false;
    const dataType = mark + PROGRESS_MARK.length;
    if (bytes.indexOf(AGENT_PROGRESS, dataType) === dataType) return false;
    if (!this.linksOnly) return true;
    const uuidAt = bytes.lastIndexOf(UUID_KEY);
    if (uuidAt < mark) return false;
    const uuidEnd = bytes.indexOf(0x22, uuidAt + UUID_KEY.length);
    if (uuidEnd === -1 || uuidEnd - uuidAt > 120) return false;
    const uuid = bytes.toString('latin1', uuidAt + UUID_KEY.length, uuidEnd);
    const p = 1 + PARENT_KEY.length;
    let parent: string | null = null;
    if (bytes[p] === 0x22) {
      const pEnd = bytes.indexOf(0x22, p + 1);
      if (pEnd === -1 || pEnd - p > 120) return false;
      parent = bytes.toString('latin1', p + 1, pEnd);
    } else if (bytes.indexOf(NULL_VALUE, p) !== p) return false;
    this.file.parents.set(uuid, parent);
    return true;
  }

  addLine(text: string, info: LineInfo): void {
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch {
      if (info.unterminated) this.truncatedLast = info.line;
      else this.garbage.push({ line: info.line, reason: 'not valid JSON' });
      return;
    }
    if (info.invalidUtf8) this.invalidUtf8.push(info.line);
    if (!isObject(obj)) {
      this.garbage.push({ line: info.line, reason: `a JSON ${Array.isArray(obj) ? 'array' : typeof obj}, not an object` });
      return;
    }
    this.addObject(obj, info.line);
  }

  addObject(o: Json, line: number): void {
    const type = o.type;
    const uuid = str(o.uuid);
    const parent = str(o.parentUuid) ?? str(o.logicalParentUuid);
    if (this.linksOnly) {
      if (uuid) this.file.parents.set(uuid, parent ?? null);
      return;
    }
    if (type === 'progress') {
      this.addProgress(o, line);
      return;
    }
    if (typeof type === 'string' && BOOKKEEPING_TYPES.has(type)) return;
    if (type === 'summary') {
      const leaf = str(o.leafUuid);
      const summary = str(o.summary);
      if (leaf && summary) this.file.summaries.set(leaf, capString(summary, this.cap));
      return;
    }
    if (type === 'custom-title') {
      const title = str(o.customTitle);
      if (title) this.file.customTitle = capString(title, this.cap);
      return;
    }
    if (type !== 'user' && type !== 'assistant' && type !== 'system') {
      this.noteUnknown(typeof type === 'string' ? `line type "${type}" is not known; skipped` : 'a line without a "type" field; skipped', line);
      return;
    }

    if (uuid && this.uuids.has(uuid)) {
      this.noteUnknown('a line repeating the uuid of an earlier line; skipped', line);
      return;
    }
    const f = this.file;
    if (!f.sessionId) f.sessionId = str(o.sessionId);
    if (!f.agentId && str(o.agentId)) f.agentId = str(o.agentId);
    const cwd = str(o.cwd);
    if (!f.cwd && cwd) f.cwd = cwd;
    if (!f.version && str(o.version)) f.version = str(o.version);
    let parsedTime = typeof o.timestamp === 'string' ? Date.parse(o.timestamp) : NaN;
    if (Number.isFinite(parsedTime) && !plausibleTime(parsedTime)) {
      this.noteUnknown(`a timestamp not ${PLAUSIBLE_RANGE}; the nearest known time is used`, line);
      parsedTime = NaN;
    }
    const time = Number.isFinite(parsedTime) ? parsedTime : this.lastTime;
    if (time > this.lastTime) this.lastTime = time;

    const entry: ParsedEntry = {
      line,
      uuid,
      parent,
      type,
      sidechain: o.isSidechain === true,
      agentId: str(o.agentId),
      time,
      messageId: uuid ?? `line-${line}`,
      cwd,
      events: [],
    };
    if (type === 'system') this.addSystem(o, entry);
    else if (!isObject(o.message)) {
      this.garbage.push({ line, reason: `a ${type} line without a message object` });
      return;
    } else if (type === 'assistant') this.addAssistant(o, o.message, entry);
    else this.addUser(o, o.message, entry);
    if (uuid) this.uuids.add(uuid);
    f.entries.push(entry);
  }

  private addProgress(o: Json, line: number): void {
    const data = o.data;
    if (!isObject(data) || data.type !== 'agent_progress') return;
    const agentId = str(data.agentId);
    const message = data.message;
    if (!agentId || !isObject(message)) return;
    let progress = this.file.agentProgress.get(agentId);
    if (!progress) {
      progress = { agentId, parentToolUseId: str(o.parentToolUseID), prompt: str(data.prompt), items: [] };
      this.file.agentProgress.set(agentId, progress);
    }
    progress.items.push({ line, message });
  }

  private addSystem(o: Json, entry: ParsedEntry): void {
    const subtype = str(o.subtype) ?? '';
    const base = { id: entry.messageId, sessionId: '', time: entry.time, participantId: 'agent:claude' };
    if (BOOKKEEPING_SUBTYPES.has(subtype)) return;
    if (subtype === 'compact_boundary') {
      const meta = isObject(o.compactMetadata) ? o.compactMetadata : {};
      const ev: CompactionEvent = { ...base, kind: 'compaction', auto: meta.trigger === 'auto' };
      entry.events.push(ev);
      this.lastCompaction = ev;
    } else if (subtype === 'api_error') {
      const cause = isObject(o.error) ? (str(o.error.message) ?? JSON.stringify(o.error)) : (str(o.content) ?? 'API error');
      entry.events.push({ ...base, kind: 'retry', attempt: num(o.retryAttempt) || 1, error: capString(cause, this.cap) });
    } else if (subtype === 'local_command' || subtype === 'informational') {
      const text = str(o.content);
      if (text) entry.events.push({ ...base, participantId: 'user', kind: 'text', role: 'user', text: capString(text, this.cap), synthetic: true });
    } else {
      this.noteUnknown(`system line subtype "${subtype}" is not known; kept as an unknown event`, entry.line);
      entry.events.push({ ...base, kind: 'unknown', sourceType: `system/${subtype}`, preview: previewOf(o) });
    }
  }

  private addAssistant(o: Json, message: Json, entry: ParsedEntry): void {
    const messageId = str(message.id) ?? entry.messageId;
    entry.messageId = messageId;
    const key = `${messageId}:${str(o.requestId) ?? ''}`;
    entry.assistantKey = key;
    const rawModel = str(message.model);
    const model = rawModel && rawModel !== '<synthetic>' ? `anthropic/${rawModel}` : undefined;
    this.addUsage(key, model, message.usage, o.costUSD, entry.line);

    const content = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (!Array.isArray(content)) return;
    const base = { sessionId: '', messageId, time: entry.time, participantId: 'agent:claude', ...(model ? { model } : {}) };
    content.forEach((block, i) => {
      const id = `${entry.messageId}#${entry.line}.${i}`;
      if (!isObject(block)) return;
      switch (block.type) {
        case 'text':
          entry.events.push({ ...base, id, kind: 'text', role: 'assistant', text: capString(textOf(block.text) ?? '', this.cap), ...(rawModel === '<synthetic>' ? { synthetic: true } : {}) });
          break;
        case 'thinking':
          entry.events.push({ ...base, id, kind: 'reasoning', text: capString(str(block.thinking) ?? '', this.cap) });
          break;
        case 'redacted_thinking':
          entry.events.push({ ...base, id, kind: 'reasoning', text: '[redacted thinking]' });
          break;
        case 'tool_use':
        case 'server_tool_use':
          this.addToolUse(block, entry, base);
          break;
        default:
          if (typeof block.tool_use_id === 'string' && this.tools.has(block.tool_use_id)) {
            // Server tool results (web search) arrive inside the assistant message.
            this.addToolResult(block, undefined, entry);
          } else {
            const sourceType = `content/${str(block.type) ?? '(no type)'}`;
            this.noteUnknown(`content block type "${sourceType.slice(8)}" is not known; kept as an unknown event`, entry.line);
            entry.events.push({ ...base, id, kind: 'unknown', sourceType, preview: previewOf(block) });
          }
      }
    });
    if (o.isApiErrorMessage === true) {
      entry.events.push({ ...base, id: `${messageId}#error`, kind: 'error', name: 'api_error', message: capString(resultText(message.content), this.cap) });
    }
  }

  private addToolUse(block: Json, entry: ParsedEntry, base: { sessionId: string; messageId: string; time: number; participantId: string; model?: string }): void {
    const callId = str(block.id) ?? `${entry.messageId}#tool${entry.events.length}`;
    if (this.callIds.has(callId)) {
      this.noteUnknown('a tool call repeating the id of an earlier one; counted once', entry.line);
      return;
    }
    this.callIds.add(callId);
    const tool = str(block.name) ?? '(unnamed tool)';
    const input = capValue(block.input ?? {}, this.cap);
    const title = toolTitle(input);
    // A literal of fixed shape: this runs for every tool call of a long transcript.
    const event: ToolEvent = { id: callId, sessionId: '', messageId: base.messageId, time: entry.time, participantId: base.participantId, kind: 'tool', callId, tool, input, status: 'running', start: entry.time };
    if (base.model) event.model = base.model;
    if (title) event.title = title;
    entry.events.push(event);
    this.tools.set(callId, { event, entry });
    if (AGENT_TOOLS.has(tool) && isObject(input)) {
      this.file.agentCalls.push({
        callId,
        tool,
        agentType: str(input.subagent_type),
        description: str(input.description),
        prompt: str(input.prompt),
      });
    }
  }

  private addUser(o: Json, message: Json, entry: ParsedEntry): void {
    const isMeta = o.isMeta === true;
    const content = message.content;
    const texts: string[] = [];
    let toolResults = 0;
    const blocks = typeof content === 'string' ? [content] : Array.isArray(content) ? content : [];
    const base = { sessionId: '', messageId: entry.messageId, time: entry.time, participantId: 'user' };
    blocks.forEach((block, i) => {
      const id = `${entry.messageId}#${i}`;
      if (typeof block === 'string') texts.push(block);
      else if (!isObject(block)) return;
      else if (block.type === 'text') texts.push(textOf(block.text) ?? '');
      else if (block.type === 'tool_result') {
        toolResults++;
        this.addToolResult(block, o.toolUseResult, entry);
      } else if (block.type === 'image') {
        entry.events.push({ ...base, id, kind: 'text', role: 'user', text: '[image]' });
      } else {
        const sourceType = `content/${str(block.type) ?? '(no type)'}`;
        this.noteUnknown(`content block type "${sourceType.slice(8)}" is not known; kept as an unknown event`, entry.line);
        entry.events.push({ ...base, id, kind: 'unknown', sourceType, preview: previewOf(block) });
      }
    });
    if (texts.length === 0) return;
    const text = capString(texts.join('\n'), this.cap);
    if (o.isCompactSummary === true) {
      if (this.lastCompaction && this.lastCompaction.summary === undefined) this.lastCompaction.summary = text;
      else {
        const ev: CompactionEvent = { ...base, id: entry.messageId, participantId: 'agent:claude', kind: 'compaction', summary: text };
        entry.events.push(ev);
        this.lastCompaction = ev;
      }
      return;
    }
    // The harness's own tags are shown as what they mean, and open no turn.
    const markup = readUserMarkup(text);
    if (markup.kind === 'shell-input') {
      this.pendingShell = {
        ...base, id: entry.messageId, kind: 'tool', callId: `${entry.messageId}#shell`, tool: 'shell', title: `! ${markup.command}`,
        input: { command: markup.command }, status: 'running', start: entry.time,
      };
      entry.events.push(this.pendingShell);
      return;
    }
    if (markup.kind === 'shell-output') {
      const shell = this.pendingShell ?? { ...base, id: entry.messageId, kind: 'tool', callId: `${entry.messageId}#shell`, tool: 'shell', title: '!', input: {}, status: 'running' };
      if (!this.pendingShell) entry.events.push(shell);
      this.pendingShell = undefined;
      shell.end = entry.time;
      if (shell.start !== undefined) shell.durationMs = Math.max(0, entry.time - shell.start);
      shell.status = markup.stdout || !markup.stderr ? 'completed' : 'error';
      shell.output = [markup.stdout, markup.stderr].filter(Boolean).join('\n');
      if (shell.status === 'error') shell.error = markup.stderr;
      return;
    }
    if (markup.kind === 'note' || markup.kind === 'silent') {
      const note = markup.kind === 'note' ? { note: markup.note } : {};
      entry.events.push({ ...base, id: entry.messageId, kind: 'text', role: 'user', text, synthetic: true, ...note });
      return;
    }
    const said = markup.text;
    const synthetic = isMeta || isToolWrittenText(said);
    entry.events.push({ ...base, id: entry.messageId, kind: 'text', role: 'user', text: said, ...(synthetic ? { synthetic: true } : {}) });
    if (!synthetic && toolResults === 0) entry.prompt = { messageId: entry.messageId, text: said, time: entry.time };
  }

  private addToolResult(block: Json, structured: unknown, entry: ParsedEntry): void {
    const callId = str(block.tool_use_id);
    const known = callId ? this.tools.get(callId) : undefined;
    if (!known || !callId) {
      this.noteUnknown('a tool result whose tool call is not in this file; skipped', entry.line);
      return;
    }
    const ev = known.event;
    this.tools.delete(callId);
    const output = withoutSystemReminders(capString(resultText(block.content), this.cap));
    ev.end = entry.time;
    if (ev.start !== undefined) ev.durationMs = Math.max(0, entry.time - ev.start);
    if (block.is_error === true) {
      ev.status = 'error';
      ev.error = output;
    } else {
      ev.status = 'completed';
      ev.output = output;
    }
    if (isObject(structured) && typeof structured.agentId === 'string' && AGENT_TOOLS.has(ev.tool)) {
      const call = this.file.agentCalls.find((c) => c.callId === callId);
      if (call) call.agentId = structured.agentId;
    }
    if (FILE_TOOLS.has(ev.tool) && ev.status !== 'error') {
      entry.events.push(...this.fileChanges(ev, isObject(structured) ? structured : undefined, entry.time));
    }
  }

  /** The file changes a Write/Edit/MultiEdit/NotebookEdit call made (relPath is set later). */
  private fileChanges(ev: ToolEvent, result: Json | undefined, time: number): FileChangeEvent[] {
    const input = isObject(ev.input) ? ev.input : {};
    const path = str(result?.filePath) ?? str(input.file_path) ?? str(input.notebook_path);
    if (!path) return [];
    const base = {
      sessionId: '',
      messageId: ev.messageId,
      time,
      participantId: ev.participantId,
      ...(ev.model ? { model: ev.model } : {}),
      path,
      relPath: path,
      callId: ev.callId,
    };
    const patch = result ? patchText(result.structuredPatch) : undefined;
    const capped = (s: string | undefined) => (s === undefined ? undefined : capString(s, this.cap));
    if (ev.tool === 'Write') {
      const content = str(input.content) ?? str(result?.content);
      return [{ ...base, id: `${ev.callId}#write`, kind: 'file-change', op: 'write', ...(content !== undefined ? { content: capped(content) } : {}), ...(patch ? { patch: capped(patch) } : {}) }];
    }
    if (ev.tool === 'MultiEdit') {
      const edits = Array.isArray(input.edits) ? input.edits : [];
      const changes: FileChangeEvent[] = edits.filter(isObject).map((e, i) => ({
        ...base,
        id: `${ev.callId}#edit${i}`,
        kind: 'file-change' as const,
        op: 'edit' as const,
        oldString: str(e.old_string) ?? '',
        newString: str(e.new_string) ?? '',
        ...(e.replace_all === true ? { replaceAll: true } : {}),
      }));
      if (changes.length === 0) changes.push({ ...base, id: `${ev.callId}#edit`, kind: 'file-change', op: 'patch', ...(patch ? { patch: capped(patch) } : {}) });
      else if (patch) changes[changes.length - 1]!.patch = capped(patch);
      return changes;
    }
    if (ev.tool === 'NotebookEdit') {
      return [{ ...base, id: `${ev.callId}#edit`, kind: 'file-change', op: 'edit', newString: str(input.new_source) ?? '' }];
    }
    const oldString = str(result?.oldString) ?? str(input.old_string);
    const newString = str(result?.newString) ?? str(input.new_string);
    const replaceAll = result?.replaceAll === true || input.replace_all === true;
    return [{
      ...base,
      id: `${ev.callId}#edit`,
      kind: 'file-change',
      op: 'edit',
      ...(oldString !== undefined ? { oldString: capped(oldString) } : {}),
      ...(newString !== undefined ? { newString: capped(newString) } : {}),
      ...(replaceAll ? { replaceAll: true } : {}),
      ...(patch ? { patch: capped(patch) } : {}),
    }];
  }

  private addUsage(key: string, model: string | undefined, usage: unknown, costUSD: unknown, line: number): void {
    if (!isObject(usage) && typeof costUSD !== 'number') return;
    const u = isObject(usage) ? usage : {};
    const seen = this.file.usage.get(key);
    const count = (field: string): number => {
      const n = tokenCount(u[field]);
      if (n === null) this.noteUnknown(`a token count that is not a number (usage.${field}); counted as 0`, line);
      return n ?? 0;
    };
    const next = {
      input: count('input_tokens'),
      output: count('output_tokens'),
      reasoning: 0,
      cacheRead: count('cache_read_input_tokens'),
      cacheWrite: count('cache_creation_input_tokens'),
    };
    if (!seen) {
      this.file.usage.set(key, { ...(model ? { model } : {}), tokens: next, cost: num(costUSD) });
      return;
    }
    // Streamed lines repeat the usage of one response, growing `output_tokens`: keep the largest.
    const t = seen.tokens;
    t.input = Math.max(t.input, next.input);
    t.output = Math.max(t.output, next.output);
    t.cacheRead = Math.max(t.cacheRead, next.cacheRead);
    t.cacheWrite = Math.max(t.cacheWrite, next.cacheWrite);
    seen.cost = Math.max(seen.cost, num(costUSD));
  }

  /** One warning per kind of thing not understood, however often it occurs. */
  private noteUnknown(message: string, line: number): void {
    const seen = this.unknown.get(message);
    if (seen) seen.count++;
    else this.unknown.set(message, { count: 1, line });
  }

  /** File changes for edit calls that never got an answer, then the aggregated warnings. */
  finish(): ParsedFile {
    const file = this.file.path;
    for (const { event, entry } of this.tools.values()) {
      if (!FILE_TOOLS.has(event.tool)) continue;
      const at = entry.events.indexOf(event);
      entry.events.splice(at + 1, 0, ...this.fileChanges(event, undefined, event.time));
    }
    const { truncatedLast, garbage, oversize, invalidUtf8, unknown, cap } = this;
    this.file.warnings.push(...damageWarnings(file, { truncatedLast, garbage, oversize, invalidUtf8, unknown, cap }));
    return this.file;
  }
}

function previewOf(value: unknown): string {
  const s = JSON.stringify(value) ?? '';
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
