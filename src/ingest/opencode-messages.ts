// opencode `{info, parts}` message records → the recording model. The export file and the
// database rows both become this shape, so both readers share this one converter.
// Field facts: ../../../shared/docs/formats.md §1 (1.2.x and 1.18+ shapes).
import {
  addUsage,
  emptyTokens,
  type FileChangeEvent,
  type Participant,
  type RecEvent,
  type Recording,
  type Session,
  type SourceFormat,
  type TokenUsage,
  type ToolStatus,
  type Turn,
  type Warning,
} from '../recording/model.js';
import { finishRecording, relativeToDirectory } from '../recording/derive.js';
import { fillUnknownTimes, plausibleTime, PLAUSIBLE_RANGE, tokenCount } from './field-checks.js';
import { unwrapRead } from './opencode-read.js';

type Json = Record<string, unknown>;

export interface OpencodeMessageRecord {
  info: Json;
  parts: Json[];
}

export interface OpencodeSessionInput {
  /** Session info (`id`, `title`, `directory`, `parentID?`, `version`, `time{created,updated}`). */
  info: Json;
  /** Read once, in order; a lazy iterable lets a reader parse and release one message at a time. */
  messages: Iterable<OpencodeMessageRecord>;
  /** Where the session was read from, for warnings. */
  file: string;
  /**
   * The line of `file` where message `index` (-1: the session's info) starts, or where `needle`
   * first occurs in it; for warnings. Absent when the source has no lines (a database).
   */
  lineOf?: (index: number, needle?: string) => number | undefined;
}

/** Where a warning points: the file, and the line when it can be told (asked only when needed). */
interface Place {
  file: string;
  line: () => number | undefined;
}

export interface OpencodeRecordingInput {
  format: SourceFormat;
  source: string;
  /**
   * Root session first, then children (a child after the session that started it). Converted in
   * order, each before the next is asked for, so a lazy iterable may pick children from its parents.
   */
  sessions: Iterable<OpencodeSessionInput>;
  /** Warnings the reader already has (bad rows, unreadable JSON, ...). */
  warnings?: Warning[];
}

// ---- defensive field access: shapes drift between opencode versions ----

/** `v` when it is a plain JSON object (not null, not a list). */
export function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
/** A part's text: a number written bare is still the text it shows. */
function textOf(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : str(v);
}
function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

const PREVIEW_CHARS = 240;

function preview(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > PREVIEW_CHARS ? `${s.slice(0, PREVIEW_CHARS)}…` : s;
}

/** `provider/model` of a message: 1.2.x has top-level providerID/modelID, newer ones a `model` object. */
export function messageModel(info: Json): string | undefined {
  const model = obj(info.model);
  const provider = str(info.providerID) ?? str(model?.providerID);
  const id = str(info.modelID) ?? str(model?.modelID) ?? str(model?.id);
  if (!id) return undefined;
  return provider ? `${provider}/${id}` : id;
}

/** Token counts (numbers, or numbers written as strings); `onBad` hears of any that is neither. */
export function readTokens(v: unknown, onBad: (field: string) => void = () => {}): TokenUsage | undefined {
  const t = obj(v);
  if (!t) return undefined;
  const cache = obj(t.cache);
  const count = (value: unknown, field: string): number | undefined => {
    const n = tokenCount(value);
    if (n === null) onBad(field);
    return n ?? undefined;
  };
  return {
    input: count(t.input, 'input') ?? 0,
    output: count(t.output, 'output') ?? 0,
    reasoning: count(t.reasoning, 'reasoning') ?? 0,
    cacheRead: count(cache?.read, 'cache.read') ?? count(t.cacheRead, 'cacheRead') ?? 0,
    cacheWrite: count(cache?.write, 'cache.write') ?? count(t.cacheWrite, 'cacheWrite') ?? 0,
  };
}

function addInto(into: TokenUsage, more: TokenUsage): void {
  into.input += more.input;
  into.output += more.output;
  into.reasoning += more.reasoning;
  into.cacheRead += more.cacheRead;
  into.cacheWrite += more.cacheWrite;
}

function errorText(v: unknown): string {
  if (typeof v === 'string') return v;
  const e = obj(v);
  if (!e) return v === undefined ? '' : preview(v);
  const data = obj(e.data);
  return str(data?.message) ?? str(e.message) ?? str(e.name) ?? preview(v);
}

/** The agent a subagent session ran, from its title `"<description> (@<agent> subagent)"`. */
export function subagentName(title: string | undefined): string | undefined {
  const m = title ? /\(@([^)\s]+) subagent\)\s*$/.exec(title) : null;
  return m?.[1];
}

/** A fork's number and its original's title, from opencode's fork title "<original> (fork #N)". */
export function forkTitle(title: string | undefined): { original: string; fork: number } | undefined {
  const m = title ? /^(.*) \(fork #(\d+)\)$/.exec(title) : null;
  return m ? { original: m[1]!, fork: Number(m[2]) } : undefined;
}

/** The session a `session` tool call (opencode-sessions) made in mode "new": its output says "(ID: ses_…)". */
export function handOffTarget(tool: string | undefined, input: unknown, output: unknown): { sessionId: string; agent?: string } | undefined {
  const args = obj(input);
  if (tool !== 'session' || args?.mode !== 'new' || typeof output !== 'string') return undefined;
  const id = /\bID: (ses_[A-Za-z0-9]+)/.exec(output)?.[1];
  return id ? { sessionId: id, ...(str(args.agent) ? { agent: str(args.agent) } : {}) } : undefined;
}

/** The opencode-sessions note that announces a compaction: "[Session will compact… X agent will continue]". */
const COMPACT_NOTE = /^\s*\[Session will compact/;

/** Files an apply_patch text names, each with its own section of the patch. */
export function patchFiles(patchText: string): Array<{ path: string; section: string }> {
  const out: Array<{ path: string; section: string }> = [];
  let current: { paths: string[]; lines: string[] } | undefined;
  const flush = () => {
    if (current) for (const path of current.paths) out.push({ path, section: current.lines.join('\n') });
    current = undefined;
  };
  for (const line of patchText.split('\n')) {
    const header = /^\*\*\* (?:Add|Update|Delete) File: (.+)$/.exec(line);
    if (header) {
      flush();
      current = { paths: [header[1]!.trim()], lines: [line] };
      continue;
    }
    if (/^\*\*\* (?:End|Begin) Patch/.test(line)) {
      flush();
      continue;
    }
    const move = /^\*\*\* Move to: (.+)$/.exec(line);
    // A renamed file is written at its destination too; both share the section.
    if (move && current) current.paths.push(move[1]!.trim());
    current?.lines.push(line);
  }
  flush();
  return out;
}

// ---- the conversion ----

interface ChildLink {
  callId: string;
  /** Who delegated: the child's prompts are attributed to them. */
  parentParticipantId: string;
  agent?: string;
}

class Converter {
  readonly participants = new Map<string, Participant>();
  readonly warnings: Warning[];
  readonly childLinks = new Map<string, ChildLink>();
  private unknownParts = new Map<string, { count: number; file: string; messageId: string }>();
  /** Damage seen in the input, one warning per kind: how often, and where first. */
  private damage = new Map<string, { count: number; file: string; line?: number }>();

  constructor(warnings: Warning[]) {
    this.warnings = warnings;
    this.participant('user', 'user', 'user');
  }

  participant(id: string, kind: Participant['kind'], name: string): string {
    if (!this.participants.has(id)) this.participants.set(id, { id, kind, name, models: [] });
    return id;
  }

  /** Note damage of one kind; the line of its first occurrence is looked up once. */
  private note(message: string, at: Place): void {
    const seen = this.damage.get(message);
    if (seen) seen.count++;
    else this.damage.set(message, { count: 1, file: at.file, line: at.line() });
  }

  /** A timestamp, or undefined when absent or implausible (noted: it would stretch the session). */
  private time(v: unknown, at: Place): number | undefined {
    const t = num(v);
    if (t === undefined || plausibleTime(t)) return t;
    this.note(`a timestamp not ${PLAUSIBLE_RANGE}; left out`, at);
    return undefined;
  }

  private tokens(v: unknown, at: Place): TokenUsage | undefined {
    return readTokens(v, (field) => this.note(`a token count that is not a number (tokens.${field}); counted as 0`, at));
  }

  agentParticipant(agent: string | undefined): string {
    const name = agent || 'assistant';
    return this.participant(`agent:${name}`, 'agent', name);
  }

  session(input: OpencodeSessionInput): Session {
    const info = input.info;
    const firstMessage = Array.isArray(input.messages) ? (input.messages[0] as OpencodeMessageRecord | undefined) : undefined;
    const id = str(info.id) ?? str(obj(obj(firstMessage)?.info)?.sessionID) ?? '';
    const title = str(info.title) ?? id;
    const time = obj(info.time);
    const atInfo: Place = { file: input.file, line: () => input.lineOf?.(-1, 'time') };
    const directory = str(info.directory);
    const link = this.childLinks.get(id);
    const parentId = str(info.parentID) ?? str(info.parentId);
    let guestId: string | undefined;
    if (parentId || link) {
      const name = subagentName(title) ?? link?.agent ?? title;
      guestId = this.participant(`guest:${id}`, 'guest', name);
    }
    const session: Session = {
      id,
      title,
      parentId,
      parentCallId: link?.callId,
      directory,
      version: str(info.version),
      start: this.time(time?.created, atInfo) ?? 0,
      end: this.time(time?.updated, atInfo) ?? 0,
      messages: { user: 0, assistant: 0 },
      turns: [],
    };
    const fork = parentId ? undefined : forkTitle(title);
    let copied = 0;
    if (parentId || link) session.origin = { kind: 'subagent', ...(parentId ? { fromSessionId: parentId } : {}) };
    const promptParticipant = guestId ? (link?.parentParticipantId ?? 'user') : 'user';
    /** A `session` tool call in mode "message" just asked this agent to speak next: who asked. */
    let relay: { agent?: string; participantId: string } | undefined;
    const turnByUserMessage = new Map<string, Turn>();
    let current: Turn | undefined;
    let previousAgent: string | undefined;
    const messageIds = new Set<string>();
    const callIds = new Set<string>();

    const openTurn = (participantId: string, start: number): Turn => {
      const turn: Turn = {
        index: session.turns.length,
        sessionId: id,
        participantId,
        messageIds: [],
        start,
        end: start,
        models: [],
        events: [],
        tokens: emptyTokens(),
        cost: 0,
        usage: [],
      };
      session.turns.push(turn);
      return turn;
    };

    let index = -1;
    for (const record of input.messages) {
      index++;
      const mInfo = obj(record?.info);
      const parts = Array.isArray(record?.parts) ? record.parts : undefined;
      if (!mInfo || !parts) {
        this.warnings.push({
          message: `message ${index + 1} of session ${id} has no ${mInfo ? 'parts list' : 'info object'}; skipped`,
          file: input.file,
        });
        continue;
      }
      const messageId = str(mInfo.id) ?? `${id}#${index}`;
      const at = (needle?: string): Place => ({ file: input.file, line: () => input.lineOf?.(index, needle) });
      if (messageIds.has(messageId)) {
        this.note('a message repeating the id of an earlier one; counted once', at(messageId));
        continue;
      }
      messageIds.add(messageId);
      const role = str(mInfo.role);
      const mTime = obj(mInfo.time);
      const created = this.time(mTime?.created, at()) ?? current?.end ?? session.start;
      // A fork copies its original's messages with their own times, older than the fork: context, not new work.
      if (fork && session.start > 0 && num(mTime?.created) !== undefined && created < session.start) {
        copied++;
        continue;
      }
      const directoryForFiles = str(obj(mInfo.path)?.cwd) ?? str(obj(mInfo.path)?.root) ?? directory;

      if (role === 'user') {
        session.messages.user++;
        const agent = str(mInfo.agent);
        const synthetic = parts.length > 0 && parts.every((p) => obj(p)?.type === 'text' && obj(p)?.synthetic === true);
        const text = parts
          .map(obj)
          .filter((p): p is Json => !!p && p.type === 'text' && p.synthetic !== true && textOf(p.text) !== undefined)
          .map((p) => textOf(p.text)!)
          .join('\n');
        // A compaction is the session's housekeeping, not a new prompt: it stays in the turn it ends.
        const compaction = parts.some((p) => obj(p)?.type === 'compaction') && !text.trim();
        const compactNote = COMPACT_NOTE.test(text);
        if (current && (compaction || compactNote)) {
          current.messageIds.push(messageId);
          turnByUserMessage.set(messageId, current);
          if (compactNote) {
            current.events.push({
              kind: 'text', id: `${messageId}#note`, sessionId: id, messageId, time: created, participantId: promptParticipant,
              role: 'user', text, synthetic: true, note: text.trim(),
            });
          } else {
            this.parts(parts, { session, turn: current, messageId, role: 'user', participantId: current.participantId, time: created, directory: directoryForFiles, file: input.file, placeOf: at, callIds });
          }
          relay = undefined;
          continue;
        }
        if (!synthetic || !current) {
          current = openTurn(guestId ?? this.agentParticipant(agent), created);
          current.prompt = { messageId, text, time: created };
          // The session tool stores an agent's relay as a user message: it is that agent's speech.
          if (relay && (!relay.agent || relay.agent === agent)) current.prompt.from = relay.participantId;
        }
        relay = undefined;
        current.messageIds.push(messageId);
        turnByUserMessage.set(messageId, current);
        if (agent && previousAgent && agent !== previousAgent) {
          current.events.push({
            kind: 'agent-switch', id: `${messageId}#agent-switch`, sessionId: id, messageId, time: created,
            participantId: current.prompt?.from ?? promptParticipant, from: previousAgent, to: agent,
          });
        }
        if (agent) previousAgent = agent;
        this.parts(parts, { session, turn: current, messageId, role: 'user', participantId: current.prompt?.from ?? promptParticipant, time: created, directory: directoryForFiles, file: input.file, placeOf: at, callIds });
        continue;
      }

      if (role === 'assistant') {
        session.messages.assistant++;
        const parentMessage = str(mInfo.parentID);
        let turn = (parentMessage && turnByUserMessage.get(parentMessage)) || current;
        if (!turn) turn = openTurn(guestId ?? this.agentParticipant(str(mInfo.agent) ?? str(mInfo.mode)), created);
        current = turn;
        turn.messageIds.push(messageId);
        const isSummary = mInfo.summary === true;
        // A compaction summary speaks for the agent whose context it replaces, not a separate "compaction" agent.
        const participantId = guestId ?? (isSummary ? turn.participantId : this.agentParticipant(str(mInfo.agent) ?? str(mInfo.mode)));
        const model = messageModel(mInfo);

        const stepTokens = emptyTokens();
        let stepCost = 0;
        for (const p of parts) {
          if (obj(p)?.type !== 'step-finish') continue;
          const t = this.tokens(obj(p)!.tokens, at(str(obj(p)!.id)));
          if (t) addInto(stepTokens, t);
          stepCost += num(obj(p)!.cost) ?? 0;
        }
        addUsage(turn, model, this.tokens(mInfo.tokens, at('tokens')) ?? stepTokens, num(mInfo.cost) ?? stepCost);

        const before = turn.events.length;
        const end = this.parts(parts, {
          session, turn, messageId, role: 'assistant', participantId, model, time: created,
          directory: directoryForFiles, file: input.file, summary: isSummary, placeOf: at, callIds,
        });
        if (isSummary) this.attachSummary(turn, before, { id, messageId, participantId, model, time: end });
        for (const p of parts) {
          const part = obj(p);
          const args = obj(obj(part?.state)?.input);
          if (part?.type === 'tool' && part.tool === 'session' && args?.mode === 'message') relay = { agent: str(args.agent), participantId };
        }
        const error = obj(mInfo.error);
        if (error) {
          turn.events.push({
            kind: 'error', id: `${messageId}#error`, sessionId: id, messageId,
            time: this.time(mTime?.completed, at()) ?? end, participantId, model,
            name: str(error.name) ?? 'Error', message: errorText(error),
          });
        }
        continue;
      }

      this.warnings.push({ message: `message ${messageId} has unknown role ${JSON.stringify(role)}; kept as a generic event`, file: input.file });
      const turn = current ?? (current = openTurn(guestId ?? 'user', created));
      turn.messageIds.push(messageId);
      turn.events.push({
        kind: 'unknown', id: messageId, sessionId: id, messageId, time: created, participantId: 'user',
        sourceType: `message:${String(role)}`, preview: preview(record),
      });
    }
    if (fork) session.origin = { kind: 'fork', fork: fork.fork, copiedMessages: copied };
    fillUnknownTimes(session);
    return session;
  }

  /** Fold the summary text into the compaction event its user message opened (or add one: older data has none). */
  private attachSummary(turn: Turn, from: number, at: { id: string; messageId: string; participantId: string; model?: string; time: number }): void {
    const texts: string[] = [];
    const kept: RecEvent[] = [];
    for (const ev of turn.events.slice(from)) {
      if (ev.kind === 'text') texts.push(ev.text);
      else kept.push(ev);
    }
    turn.events.splice(from, turn.events.length - from, ...kept);
    const summary = texts.join('\n');
    const open = turn.events.find((e) => e.kind === 'compaction' && e.summary === undefined);
    if (open && open.kind === 'compaction') {
      open.summary = summary;
      return;
    }
    turn.events.push({
      kind: 'compaction', id: `${at.messageId}#summary`, sessionId: at.id, messageId: at.messageId,
      time: at.time, participantId: at.participantId, model: at.model, summary,
    });
  }

  /** Turn one message's parts into events. Returns the time of the last one. */
  private parts(
    parts: unknown[],
    ctx: {
      session: Session; turn: Turn; messageId: string; role: 'user' | 'assistant'; participantId: string;
      model?: string; time: number; directory?: string; file: string; summary?: boolean;
      /** Where a part is in the file, by a string it holds (its id). */
      placeOf: (needle?: string) => Place;
      /** The session's tool call ids so far, so a repeated one is counted once. */
      callIds: Set<string>;
    },
  ): number {
    let cursor = ctx.time;
    const sessionId = ctx.session.id;
    const push = (ev: RecEvent) => ctx.turn.events.push(ev);
    for (const [i, raw] of parts.entries()) {
      const part = obj(raw);
      if (!part) {
        this.warnings.push({ message: `message ${ctx.messageId}: part ${i + 1} is not an object; skipped`, file: ctx.file });
        continue;
      }
      const type = str(part.type) ?? '';
      const id = str(part.id) ?? `${ctx.messageId}#${i}`;
      const place = ctx.placeOf(str(part.id));
      const ptime = obj(part.time);
      const ptimeOf = (key: string) => this.time(ptime?.[key], place);
      const base = {
        id, sessionId, messageId: ctx.messageId, participantId: ctx.participantId,
        ...(ctx.role === 'assistant' && ctx.model ? { model: ctx.model } : {}),
      };
      const at = (t: number | undefined) => {
        if (t !== undefined) cursor = Math.max(cursor, t);
        return t ?? cursor;
      };

      switch (type) {
        case 'text': {
          const text = textOf(part.text) ?? '';
          if (!text.trim()) break; // an empty text part carries nothing to show
          push({
            ...base, kind: 'text', role: ctx.role, text, time: at(ptimeOf('start') ?? ptimeOf('end')),
            ...(part.synthetic === true || part.ignored === true ? { synthetic: true } : {}),
          });
          break;
        }
        case 'reasoning':
          push({ ...base, kind: 'reasoning', text: textOf(part.text) ?? '', time: at(ptimeOf('start')) });
          if (ptimeOf('end') !== undefined) at(ptimeOf('end'));
          break;
        case 'tool':
          this.tool(part, base, { ...ctx, place }, at);
          break;
        case 'file': {
          const name = str(part.filename) ?? str(obj(part.source)?.path) ?? str(part.url) ?? '';
          const mime = str(part.mime);
          push({ ...base, kind: 'text', role: ctx.role, synthetic: true, time: at(undefined), text: `[file: ${name}${mime ? ` (${mime})` : ''}]` });
          break;
        }
        case 'agent':
          push({ ...base, kind: 'text', role: ctx.role, synthetic: true, time: at(undefined), text: `@${str(part.name) ?? '?'}` });
          break;
        case 'subtask': {
          const agent = str(part.agent);
          const description = str(part.description);
          const prompt = str(part.prompt) ?? '';
          push({
            ...base, kind: 'text', role: ctx.role, synthetic: true, time: at(undefined),
            text: `[subtask${agent ? ` @${agent}` : ''}${description ? `: ${description}` : ''}]${prompt ? `\n${prompt}` : ''}`,
          });
          break;
        }
        case 'retry':
          push({
            ...base, kind: 'retry', attempt: num(part.attempt) ?? 0, error: errorText(part.error),
            time: at(ptimeOf('created')),
          });
          break;
        case 'compaction':
          push({ ...base, kind: 'compaction', time: at(undefined), ...(bool(part.auto) !== undefined ? { auto: bool(part.auto) } : {}) });
          break;
        case 'patch': {
          const files = Array.isArray(part.files) ? part.files.filter((f): f is string => typeof f === 'string') : [];
          const t = at(undefined);
          files.forEach((path, n) =>
            push({ ...base, id: `${id}#${n}`, kind: 'file-change', time: t, path, relPath: relativeToDirectory(path, ctx.directory), op: 'patch' }),
          );
          break;
        }
        // Bookkeeping parts: their tokens and cost are counted per message, snapshots name git trees.
        case 'step-start':
        case 'step-finish':
        case 'snapshot':
          break;
        default: {
          push({ ...base, kind: 'unknown', sourceType: type || '(none)', preview: preview(part), time: at(undefined) });
          const seen = this.unknownParts.get(type);
          if (seen) seen.count++;
          else this.unknownParts.set(type, { count: 1, file: ctx.file, messageId: ctx.messageId });
        }
      }
    }
    return cursor;
  }

  private tool(
    part: Json,
    base: { id: string; sessionId: string; messageId: string; participantId: string; model?: string },
    ctx: { turn: Turn; directory?: string; file: string; place: Place; callIds: Set<string> },
    at: (t: number | undefined) => number,
  ): void {
    const state = obj(part.state) ?? {};
    const tool = str(part.tool) ?? '(unnamed)';
    const callId = str(part.callID) ?? base.id;
    if (ctx.callIds.has(callId)) {
      this.note('a tool call repeating the id of an earlier one; counted once', ctx.place);
      return;
    }
    ctx.callIds.add(callId);
    const rawStatus = str(state.status);
    let status: ToolStatus;
    if (rawStatus === 'pending' || rawStatus === 'running' || rawStatus === 'completed' || rawStatus === 'error') {
      status = rawStatus;
    } else {
      status = 'pending';
      this.warnings.push({ message: `tool call ${callId} (${tool}) has unknown state ${JSON.stringify(rawStatus)}; shown as unfinished`, file: ctx.file });
    }
    const input = state.input ?? {};
    const inputObj = obj(input) ?? {};
    const stime = obj(state.time);
    const start = this.time(stime?.start, ctx.place);
    const end = status === 'completed' || status === 'error' ? this.time(stime?.end, ctx.place) : undefined;
    const metadata = obj(state.metadata);
    const read = unwrapRead(str(state.output) ?? '');
    const output = read ? read.output : str(state.output);
    let childSessionId: string | undefined;
    if (tool === 'task') {
      childSessionId = str(metadata?.sessionId) ?? (output ? /\btask_id: (ses_[A-Za-z0-9]+)/.exec(output)?.[1] : undefined);
    }
    const time = at(start);
    if (end !== undefined) at(end);
    ctx.turn.events.push({
      ...base, kind: 'tool', time, callId, tool, input, status,
      ...(str(state.title) ? { title: str(state.title) } : read ? { title: read.path } : {}),
      ...(output !== undefined ? { output } : {}),
      ...(status === 'error' ? { error: errorText(state.error) } : {}),
      ...(start !== undefined ? { start } : {}),
      ...(end !== undefined ? { end } : {}),
      ...(start !== undefined && end !== undefined ? { durationMs: Math.max(0, end - start) } : {}),
      ...(childSessionId ? { childSessionId } : {}),
    });
    if (childSessionId) {
      const agent = str(inputObj.subagent_type);
      ctx.turn.events.push({
        ...base, id: `${base.id}#subagent`, kind: 'subagent', time, childSessionId, callId,
        ...(agent ? { agent } : {}),
        ...(str(inputObj.description) ? { description: str(inputObj.description) } : {}),
      });
      if (!this.childLinks.has(childSessionId)) {
        this.childLinks.set(childSessionId, { callId, parentParticipantId: base.participantId, agent });
      }
    }
    // Only a finished call changed a file; a failed or unfinished one did not.
    if (status !== 'completed') return;
    const changeAt = end ?? time;
    const change = (n: number, path: string, rest: Partial<FileChangeEvent> & Pick<FileChangeEvent, 'op'>) =>
      ctx.turn.events.push({
        ...base, id: `${base.id}#file${n}`, kind: 'file-change', time: changeAt, path,
        relPath: relativeToDirectory(path, ctx.directory), callId, ...rest,
      });
    const filePath = str(inputObj.filePath) ?? str(inputObj.path);
    if (tool === 'write' && filePath) {
      change(0, filePath, { op: 'write', ...(str(inputObj.content) !== undefined ? { content: str(inputObj.content) } : {}) });
    } else if (tool === 'edit' && filePath) {
      change(0, filePath, {
        op: 'edit', oldString: str(inputObj.oldString), newString: str(inputObj.newString),
        ...(bool(inputObj.replaceAll) !== undefined ? { replaceAll: bool(inputObj.replaceAll) } : {}),
      });
    } else if (tool === 'multiedit' && filePath && Array.isArray(inputObj.edits)) {
      inputObj.edits.map(obj).forEach((e, n) => {
        if (e) change(n, filePath, { op: 'edit', oldString: str(e.oldString), newString: str(e.newString), ...(bool(e.replaceAll) !== undefined ? { replaceAll: bool(e.replaceAll) } : {}) });
      });
    } else if (tool === 'apply_patch') {
      const text = str(inputObj.patchText) ?? str(inputObj.patch) ?? str(inputObj.input) ?? '';
      const named = patchFiles(text);
      const fromMeta = Array.isArray(metadata?.files)
        ? (metadata!.files as unknown[]).map((f) => str(obj(f)?.filePath) ?? str(obj(f)?.movePath)).filter((p): p is string => !!p)
        : [];
      const paths = [...new Set([...named.map((f) => f.path), ...fromMeta])];
      paths.forEach((path, n) => change(n, path, { op: 'patch', patch: named.find((f) => f.path === path)?.section ?? text }));
    }
  }

  finish(): void {
    for (const [message, { count, file, line }] of this.damage) {
      this.warnings.push({ message: `${message} (${count > 1 ? `${count} times, the first here` : 'once'})`, file, ...(line ? { line } : {}) });
    }
    for (const [type, seen] of this.unknownParts) {
      this.warnings.push({
        message: `unknown opencode part type ${JSON.stringify(type || '(none)')} (${seen.count}×, first in message ${seen.messageId}); kept as generic events`,
        file: seen.file,
      });
    }
  }
}

/** Build a recording from opencode sessions (root first). Shared by the export and database readers. */
export function opencodeRecording(input: OpencodeRecordingInput): Recording {
  const converted: Warning[] = [];
  const converter = new Converter(converted);
  const sessions: Session[] = [];
  for (const s of input.sessions) sessions.push(converter.session(s));
  converter.finish();
  // Read after the sessions: a lazy reader may add warnings while they are converted.
  const warnings = [...(input.warnings ?? []), ...converted];
  const root = sessions[0];
  const rec: Recording = {
    format: input.format,
    source: input.source,
    title: root?.title ?? '',
    ...(root?.directory ? { directory: root.directory } : {}),
    start: root?.start ?? 0,
    end: root?.end ?? 0,
    sessions,
    participants: [...converter.participants.values()],
    tokens: emptyTokens(),
    cost: 0,
    warnings,
  };
  return finishRecording(rec);
}
