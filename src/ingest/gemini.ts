// Gemini CLI sessions (`~/.gemini/tmp/<project_hash>/chats/session-*.json`): one JSON object
// with messages[] of type user, gemini, info and error. Newer versions write `.jsonl`, one
// message a line, streamed here: a message's line is written again (same id) when its tool
// results arrive, and the last copy wins; `{"$set": …}` lines update the metadata and
// `{"$rewindTo": id}` drops that message and everything after it.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { FileChangeEvent, RecEvent, Recording, Session, ToolEvent, ToolStatus, Turn } from '../recording/model.js';
import { addUsage, emptyTokens } from '../recording/model.js';
import { finishRecording, relativeToDirectory } from '../recording/derive.js';
import { InputError } from './errors.js';
import { titleFromPrompt } from './claude-code-session.js';
import { isObject, isoTime, num, previewOf, str, ReadLog, type Json, type Reader } from './reader-kit.js';
import { looksLikeGemini } from './detect.js';
import { escapeRegExp } from '../util/text.js';

const AGENT = 'agent:gemini';
/** A whole-file JSON session is parsed at once; larger files are refused rather than exhaust memory. */
const MAX_JSON_BYTES = 512 * 1024 * 1024;
const FILE_TOOLS = new Set(['write_file', 'replace', 'edit', 'edit_file']);

/** Text of a Gemini `PartListUnion`: a string, a part, or parts. */
function partsText(content: unknown): string {
  if (typeof content === 'string') return content;
  const parts = Array.isArray(content) ? content : isObject(content) ? [content] : [];
  const out: string[] = [];
  for (const p of parts) {
    if (typeof p === 'string') out.push(p);
    else if (isObject(p) && typeof p.text === 'string') out.push(p.text);
    else if (isObject(p) && (p.inlineData || p.fileData)) out.push('[file]');
  }
  return out.join('');
}

function hasFunctionResponse(content: unknown): boolean {
  const parts = Array.isArray(content) ? content : isObject(content) ? [content] : [];
  return parts.some((p) => isObject(p) && isObject(p.functionResponse));
}

/** The output (or error) text of a tool call's `result` parts. */
function resultText(result: unknown): { output?: string; error?: string } {
  const parts = Array.isArray(result) ? result : isObject(result) ? [result] : [];
  const outputs: string[] = [];
  const errors: string[] = [];
  for (const p of parts) {
    if (!isObject(p)) continue;
    const response = isObject(p.functionResponse) && isObject(p.functionResponse.response) ? p.functionResponse.response : undefined;
    if (response) {
      if (typeof response.output === 'string') outputs.push(response.output);
      if (typeof response.error === 'string') errors.push(response.error);
    } else if (typeof p.text === 'string') outputs.push(p.text);
  }
  return { ...(outputs.length ? { output: outputs.join('\n') } : {}), ...(errors.length ? { error: errors.join('\n') } : {}) };
}

function toolStatus(status: unknown): ToolStatus {
  if (status === 'success') return 'completed';
  if (status === 'error' || status === 'cancelled') return 'error';
  if (status === 'executing' || status === 'scheduled' || status === 'validating' || status === 'awaiting_approval') return 'running';
  return 'completed';
}

interface Meta {
  sessionId?: string;
  startTime?: number;
  summary?: string;
  directories?: string[];
}

/** Reads messages into turns; the same for both shapes. */
class GeminiSession {
  readonly turns: Turn[] = [];
  prompts = 0;
  assistant = 0;
  private turn?: Turn;
  private pending: RecEvent[] = [];

  constructor(private readonly log: ReadLog, private readonly directory: string | undefined) {}

  private openTurn(time: number, prompt?: Turn['prompt']): Turn {
    const t: Turn = { index: this.turns.length, sessionId: '', participantId: AGENT, ...(prompt ? { prompt } : {}), messageIds: [], start: time, end: time, models: [], events: this.pending, tokens: emptyTokens(), cost: 0, usage: [] };
    this.pending = [];
    this.turns.push(t);
    this.turn = t;
    return t;
  }

  add(m: Json, line?: number): void {
    const type = str(m.type) ?? '(none)';
    const id = str(m.id) ?? `message#${line ?? this.turns.length}`;
    const time = isoTime(m.timestamp) ?? this.turn?.end ?? 0;
    const base = { id, sessionId: '', messageId: id, time };
    if (type === 'user') {
      const text = this.log.capString(partsText(m.content));
      // "System: Please continue." after tool results is written by the CLI, not the user.
      const injected = hasFunctionResponse(m.displayContent) || hasFunctionResponse(m.content) || /^System: Please continue\.?$/.test(text.trim());
      if (injected) {
        const ev: RecEvent = { ...base, participantId: 'user', kind: 'text', role: 'user', text: text || '[tool results]', synthetic: true };
        (this.turn?.events ?? this.pending).push(ev);
        return;
      }
      this.prompts++;
      const t = this.openTurn(time, { messageId: id, text, time });
      t.messageIds.push(id);
      t.events.push({ ...base, participantId: 'user', kind: 'text', role: 'user', text });
      return;
    }
    if (type === 'info' || type === 'warning') {
      (this.turn?.events ?? this.pending).push({ ...base, participantId: 'user', kind: 'text', role: 'user', text: this.log.capString(`[${type}] ${partsText(m.content)}`), synthetic: true });
      return;
    }
    const turn = this.turn ?? this.openTurn(time);
    turn.messageIds.push(id);
    if (type === 'error') {
      turn.events.push({ ...base, participantId: AGENT, kind: 'error', name: 'error', message: this.log.capString(partsText(m.content)) });
      return;
    }
    if (type !== 'gemini') {
      this.log.unknownKind(`message type "${type}" is not known; kept as an unknown event`, line);
      turn.events.push({ ...base, participantId: AGENT, kind: 'unknown', sourceType: `message/${type}`, preview: previewOf(m) });
      return;
    }
    this.assistant++;
    const model = str(m.model) ? `google/${str(m.model)}` : undefined;
    const who = { participantId: AGENT, ...(model ? { model } : {}) };
    const events: RecEvent[] = [];
    (Array.isArray(m.thoughts) ? m.thoughts : []).forEach((th, i) => {
      if (!isObject(th)) return;
      const text = [str(th.subject), str(th.description)].filter(Boolean).join(': ');
      if (text) events.push({ ...base, ...who, id: `${id}#thought${i}`, time: isoTime(th.timestamp) ?? time, kind: 'reasoning', text: this.log.capString(text) });
    });
    const text = partsText(m.content);
    if (text.trim()) events.push({ ...base, ...who, kind: 'text', role: 'assistant', text: this.log.capString(text) });
    for (const call of Array.isArray(m.toolCalls) ? m.toolCalls : []) {
      if (isObject(call)) events.push(...this.toolCall(call, base, who, line));
    }
    // Thoughts, text and calls carry their own times: keep them in the order they happened.
    events.sort((a, b) => a.time - b.time);
    turn.events.push(...events);
    if (isObject(m.tokens)) {
      const t = m.tokens;
      // promptTokenCount includes the cached part; tool-use prompt tokens come on top.
      addUsage(turn, who.model, { input: Math.max(0, num(t.input) - num(t.cached)) + num(t.tool), output: num(t.output), reasoning: num(t.thoughts), cacheRead: num(t.cached) });
    }
  }

  private toolCall(call: Json, base: { messageId: string; time: number }, who: { participantId: string; model?: string }, line?: number): RecEvent[] {
    const callId = str(call.id) ?? `${base.messageId}#tool`;
    const tool = str(call.name) ?? '(unnamed tool)';
    const input = this.log.capValue(isObject(call.args) ? call.args : {});
    const time = isoTime(call.timestamp) ?? base.time;
    const status = toolStatus(call.status);
    const { output, error } = resultText(call.result);
    const display = typeof call.resultDisplay === 'string' ? call.resultDisplay : undefined;
    const title = str(call.description) ?? str(input.file_path) ?? str(input.command) ?? str(input.pattern) ?? str(input.query) ?? str(input.url);
    const ev: ToolEvent = { id: callId, sessionId: '', messageId: base.messageId, time, ...who, kind: 'tool', callId, tool, input, status, start: time };
    if (title) ev.title = title;
    if (status === 'error') ev.error = this.log.capString(error ?? output ?? display ?? 'failed');
    else if (status === 'completed') ev.output = this.log.capString(output ?? error ?? display ?? '');
    if (status !== 'running') ev.end = time;
    if (call.status !== undefined && typeof call.status !== 'string') this.log.unknownKind('a tool call status that is not a string', line);
    if (!FILE_TOOLS.has(tool) || status === 'error') return [ev];
    const path = str(input.file_path) ?? str(input.path);
    if (!path) return [ev];
    const abs = path.startsWith('/') || !this.directory ? path : `${this.directory}/${path}`;
    const change = { id: `${callId}#file`, sessionId: '', messageId: base.messageId, time, ...who, kind: 'file-change' as const, path: abs, relPath: relativeToDirectory(abs, this.directory), callId };
    const fc: FileChangeEvent = tool === 'write_file'
      ? { ...change, op: 'write', content: str(input.content) ?? '' }
      : { ...change, op: 'edit', oldString: str(input.old_string) ?? '', newString: str(input.new_string) ?? '', ...(num(input.expected_replacements) > 1 ? { replaceAll: true } : {}) };
    return [ev, fc];
  }

  finish(): Turn[] {
    if (this.pending.length) this.openTurn(this.pending[0]!.time);
    return this.turns;
  }
}

/** The project folder, from the workspace list or from a file tool's output naming the absolute path of a relative one. */
function projectDirectory(meta: Meta, messages: Json[]): string | undefined {
  if (meta.directories?.[0]) return meta.directories[0];
  for (const m of messages) {
    for (const call of Array.isArray(m.toolCalls) ? m.toolCalls : []) {
      if (!isObject(call) || !isObject(call.args)) continue;
      const rel = str(call.args.file_path);
      if (!rel || rel.startsWith('/')) continue;
      const found = new RegExp(`(/[^\\s:'"]+)/${escapeRegExp(rel)}\\b`).exec(resultText(call.result).output ?? '');
      if (found) return found[1];
    }
  }
  return undefined;
}

function readMessages(path: string, log: ReadLog): { meta: Meta; messages: Array<{ m: Json; line?: number }> } {
  const meta: Meta = {};
  const setMeta = (o: Json) => {
    if (str(o.sessionId)) meta.sessionId = str(o.sessionId);
    if (isoTime(o.startTime)) meta.startTime = isoTime(o.startTime);
    if (str(o.summary)) meta.summary = str(o.summary);
    if (Array.isArray(o.directories)) meta.directories = o.directories.filter((d): d is string => typeof d === 'string');
  };
  if (!path.endsWith('.jsonl')) {
    const size = statSync(path).size;
    if (size > MAX_JSON_BYTES) throw new InputError(`a Gemini session of ${(size / 1048576).toFixed(0)} MB is larger than the ${MAX_JSON_BYTES / 1048576} MB read at once`, path);
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new InputError(`not valid JSON (${(err as Error).message})`, path, undefined, 'A Gemini CLI session file is one JSON object; is it cut short?');
    }
    if (!isObject(doc) || !Array.isArray(doc.messages)) throw new InputError('no "messages" list in this Gemini session', path);
    setMeta(doc);
    const messages = doc.messages.flatMap((m, i) => {
      if (isObject(m)) return [{ m }];
      log.note(`message ${i + 1} is not an object; skipped`);
      return [];
    });
    return { meta, messages };
  }
  // JSONL: the last copy of each id wins, in the place the id first appeared.
  const byId = new Map<string, { m: Json; line: number }>();
  let anonymous = 0;
  log.readJsonLines((o, line) => {
    if (isObject(o.$set)) return setMeta(o.$set);
    if (typeof o.$rewindTo === 'string') {
      const ids = [...byId.keys()];
      const at = ids.indexOf(o.$rewindTo);
      if (at === -1) log.unknownKind('a rewind to a message not in this file; ignored', line);
      else {
        for (const id of ids.slice(at)) byId.delete(id);
        log.note(`rewound: ${ids.length - at} message(s) from ${o.$rewindTo} on were left out`, line);
      }
      return;
    }
    if (typeof o.type !== 'string') {
      if (str(o.sessionId) && str(o.projectHash)) return setMeta(o);
      log.unknownKind('a line that is neither a message nor metadata; skipped', line);
      return;
    }
    const id = str(o.id) ?? `line-${line}-${anonymous++}`;
    // A rewritten message keeps its place (it happened when first written) and takes the new content.
    const seen = byId.get(id);
    if (seen) seen.m = o;
    else byId.set(id, { m: o, line });
  });
  return { meta, messages: [...byId.values()] };
}

async function read(path: string): Promise<Recording> {
  const log = new ReadLog(path);
  const { meta, messages } = readMessages(path, log);
  if (messages.length === 0) {
    throw new InputError('no Gemini CLI messages found', path, undefined, 'Expected a session from ~/.gemini/tmp/<project>/chats/.');
  }
  const directory = projectDirectory(meta, messages.map((x) => x.m));
  const reader = new GeminiSession(log, directory);
  for (const { m, line } of messages) reader.add(m, line);
  const turns = reader.finish();
  const id = meta.sessionId ?? basename(path).replace(/\.jsonl?$/, '');
  for (const t of turns) {
    t.sessionId = id;
    for (const ev of t.events) ev.sessionId = id;
  }
  const firstPrompt = turns.find((t) => t.prompt)?.prompt?.text;
  const session: Session = {
    id,
    title: meta.summary ?? titleFromPrompt(firstPrompt) ?? basename(path),
    ...(directory ? { directory } : {}),
    start: meta.startTime ?? turns[0]?.start ?? 0,
    end: 0,
    messages: { user: reader.prompts, assistant: reader.assistant },
    turns,
  };
  const rec: Recording = {
    format: 'gemini',
    source: path,
    title: session.title,
    ...(directory ? { directory } : {}),
    start: session.start,
    end: 0,
    sessions: [session],
    participants: [
      { id: 'user', kind: 'user', name: 'User', models: [] },
      { id: AGENT, kind: 'agent', name: 'Gemini', models: [] },
    ],
    tokens: emptyTokens(),
    cost: 0,
    warnings: log.warnings(),
  };
  return finishRecording(rec);
}

export const geminiReader: Reader = {
  format: 'gemini',
  detect: looksLikeGemini,
  read,
};
