// `opencode export <id>` JSON: `{ info: Session, messages: [{ info, parts }] }` (1.2.x and 1.18+).
// An export holds one session; subagent sessions are exported by their own ids, so an export
// named after a child id lying beside the file is read in as that child.
//
// Exports run to hundreds of MB, so the file stays a Buffer: a byte scanner finds the top-level
// values and each element of "messages", and each message is parsed only when the converter asks
// for it and dropped after, instead of holding the whole file as a string and as one parsed tree.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Warning } from '../recording/model.js';
import { InputError } from './errors.js';
import type { Reader } from './index.js';
import { opencodeRecording, type OpencodeMessageRecord, type OpencodeSessionInput } from './opencode-messages.js';

const EXPECTED = 'expected an opencode export: a JSON object with "info" (the session) and "messages" (a list)';
const HINT = 'Export the session again: opencode export <ses_...> > session.json';

/** The first key of an export is `info` (or `messages` in hand-made files). */
function looksLikeExport(head: Buffer): boolean {
  const text = head.toString('utf8', 0, Math.min(head.length, 4096)).replace(/^\uFEFF/, '');
  return /^\s*\{\s*"(?:info|messages)"\s*:/.test(text);
}

// ---------- byte scanner ----------

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Where the scanner gave up: a byte offset, and whether the file simply stopped. */
class ScanError extends Error {
  constructor(
    readonly position: number,
    readonly truncated: boolean,
    detail: string,
  ) {
    super(detail);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(buf: Buffer, pos: number): number {
  while (pos < buf.length && isSpace(buf[pos]!)) pos++;
  return pos;
}

/** `pos` is at an opening quote; returns the offset just past the closing one. */
function skipString(buf: Buffer, pos: number): number {
  let from = pos + 1;
  for (;;) {
    const quote = buf.indexOf(QUOTE, from);
    if (quote === -1) throw new ScanError(buf.length, true, 'unterminated string');
    let slash = quote - 1;
    while (buf[slash] === BACKSLASH) slash--;
    // An odd run of backslashes escapes the quote.
    if ((quote - 1 - slash) % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/**
 * The end of the JSON value starting at `pos` (brackets balanced, strings skipped). The value's
 * own syntax is left to JSON.parse; this only has to find where it ends.
 */
function skipValue(buf: Buffer, pos: number): number {
  const first = buf[pos];
  if (first === QUOTE) return skipString(buf, pos);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    let i = pos;
    while (i < buf.length) {
      const c = buf[i]!;
      if (c === QUOTE) {
        i = skipString(buf, i);
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new ScanError(buf.length, true, 'unclosed object or list');
  }
  // A number, true, false or null: runs to the next delimiter.
  let i = pos;
  while (i < buf.length) {
    const c = buf[i]!;
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c)) break;
    i++;
  }
  if (i === pos) throw new ScanError(pos, pos >= buf.length, pos >= buf.length ? 'missing value' : `unexpected ${describeByte(buf, pos)}`);
  return i;
}

function describeByte(buf: Buffer, pos: number): string {
  return pos >= buf.length ? 'end of input' : JSON.stringify(String.fromCharCode(buf[pos]!));
}

interface Span {
  start: number;
  end: number;
}

/** Where everything is in one export file. */
interface ExportLayout {
  path: string;
  buf: Buffer;
  /** Top-level values by key (the last one wins, as with JSON.parse). */
  values: Map<string, Span>;
  /** When "messages" is a list: its elements as [start, end) byte offsets, flattened. */
  messageSpans?: number[];
}

function expect(buf: Buffer, pos: number, byte: number, what: string): void {
  if (buf[pos] !== byte) throw new ScanError(pos, pos >= buf.length, `expected ${what}, found ${describeByte(buf, pos)}`);
}

/** Scan the top-level object; `undefined` when the document is not an object at all. */
function scanExport(path: string, buf: Buffer): ExportLayout | undefined {
  let pos = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  pos = skipSpace(buf, pos);
  if (buf[pos] !== OPEN_BRACE) return undefined;
  const layout: ExportLayout = { path, buf, values: new Map() };
  pos = skipSpace(buf, pos + 1);
  if (buf[pos] === CLOSE_BRACE) pos++;
  else {
    for (;;) {
      expect(buf, pos, QUOTE, 'a key');
      const keyEnd = skipString(buf, pos);
      const key = parseSpan(layout, pos, keyEnd) as string;
      pos = skipSpace(buf, keyEnd);
      expect(buf, pos, COLON, '":"');
      pos = skipSpace(buf, pos + 1);
      const start = pos;
      if (key === 'messages' && buf[pos] === OPEN_BRACKET) {
        const spans: number[] = [];
        pos = skipSpace(buf, pos + 1);
        if (buf[pos] === CLOSE_BRACKET) pos++;
        else {
          for (;;) {
            const end = skipValue(buf, pos);
            spans.push(pos, end);
            pos = skipSpace(buf, end);
            if (buf[pos] === CLOSE_BRACKET) {
              pos++;
              break;
            }
            expect(buf, pos, COMMA, '"," or "]" after a message');
            pos = skipSpace(buf, pos + 1);
          }
        }
        layout.messageSpans = spans;
      } else {
        pos = skipValue(buf, pos);
        if (key === 'messages') layout.messageSpans = undefined;
      }
      layout.values.set(key, { start, end: pos });
      pos = skipSpace(buf, pos);
      if (buf[pos] === CLOSE_BRACE) {
        pos++;
        break;
      }
      expect(buf, pos, COMMA, '"," or "}"');
      pos = skipSpace(buf, pos + 1);
    }
  }
  pos = skipSpace(buf, pos);
  if (pos < buf.length) throw new ScanError(pos, false, `unexpected ${describeByte(buf, pos)} after the end of the export`);
  return layout;
}

// ---------- errors with lines ----------

/** 1-based line of a byte offset. */
function lineOfByte(buf: Buffer, position: number): number {
  let line = 1;
  for (let nl = buf.indexOf(10); nl !== -1 && nl < position; nl = buf.indexOf(10, nl + 1)) line++;
  return line;
}

function lineOfChar(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function invalid(path: string, detail: string, line: number, truncated: boolean): InputError {
  return new InputError(truncated ? 'the export ends too early (truncated JSON)' : `not valid JSON (${detail})`, path, line, HINT);
}

function scanFailure(path: string, buf: Buffer, err: ScanError): InputError {
  return invalid(path, err.message, lineOfByte(buf, err.truncated ? buf.length : err.position), err.truncated);
}

/** JSON.parse one value of the file; a failure names the line in the whole file. */
function parseSpan(layout: ExportLayout, start: number, end: number): unknown {
  const text = layout.buf.toString('utf8', start, end);
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message);
    const line = lineOfByte(layout.buf, start) - 1 + lineOfChar(text, pos ? Number(pos[1]) : text.length);
    throw invalid(layout.path, message.replace(/^.*?: /, ''), line, /end of JSON input|Unterminated/i.test(message));
  }
}

// ---------- sessions ----------

function asObject(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The whole document in one JSON.parse: only for files whose top level is not an object. */
function notAnObject(path: string, buf: Buffer): InputError {
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message);
    const line = lineOfChar(text, pos ? Number(pos[1]) : text.length);
    return invalid(path, message.replace(/^.*?: /, ''), line, /end of JSON input|Unterminated/i.test(message));
  }
  return new InputError(`${EXPECTED}; found ${Array.isArray(data) ? 'a list' : data === null ? 'null' : typeof data}`, path);
}

/** Scan and check the shape; every failure is an InputError naming the file and, where known, the line. */
function layoutOf(path: string, buf: Buffer): { layout: ExportLayout; info: Record<string, unknown> } {
  let layout: ExportLayout | undefined;
  try {
    layout = scanExport(path, buf);
  } catch (err) {
    if (err instanceof ScanError) throw scanFailure(path, buf, err);
    throw err;
  }
  if (!layout) throw notAnObject(path, buf);
  // Every top-level value but the messages is small: parse each, so broken JSON anywhere is reported.
  let info: unknown;
  for (const [key, span] of layout.values) {
    if (key === 'messages' && layout.messageSpans) continue;
    const value = parseSpan(layout, span.start, span.end);
    if (key === 'info') info = value;
  }
  if (!layout.messageSpans) throw new InputError(`${EXPECTED}; "messages" is missing or not a list`, path);
  const infoObject = asObject(info);
  if (!infoObject) throw new InputError(`${EXPECTED}; "info" is missing or not an object`, path);
  return { layout, info: infoObject };
}

/** Each message parsed as it is asked for; `seen` gets it before the converter does. */
function* lazyMessages(layout: ExportLayout, seen: (m: OpencodeMessageRecord) => void): Generator<OpencodeMessageRecord> {
  const spans = layout.messageSpans ?? [];
  for (let i = 0; i < spans.length; i += 2) {
    const message = parseSpan(layout, spans[i]!, spans[i + 1]!) as OpencodeMessageRecord;
    seen(message);
    yield message;
  }
}

/** A whole export parsed at once, messages in a list. */
export function parseOpencodeExport(path: string, data: Buffer | string): OpencodeSessionInput {
  const { layout, info } = layoutOf(path, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  return { info, messages: [...lazyMessages(layout, () => {})], file: path };
}

/** Ids of child sessions started by the task tool in one message, added in order of first mention. */
function addChildIds(message: OpencodeMessageRecord, ids: string[]): void {
  if (!message || !Array.isArray(message.parts)) return;
  for (const p of message.parts) {
    if (!p || p.type !== 'tool' || p.tool !== 'task') continue;
    const state = p.state as { metadata?: { sessionId?: unknown } } | undefined;
    const id = state?.metadata?.sessionId;
    if (typeof id === 'string' && !ids.includes(id)) ids.push(id);
  }
}

/**
 * The root session (messages read lazily), then child exports found beside the file, followed
 * recursively. Children come after their parent's messages have been converted, which is when
 * the task calls naming them are known.
 */
function* exportSessions(path: string, warnings: Warning[]): Generator<OpencodeSessionInput> {
  const { layout, info } = layoutOf(path, readFileSync(path));
  const rootId = String(info.id ?? '');
  const rootChildren: string[] = [];
  // The converter falls back to the first message for a session id; give it the list then.
  const root: OpencodeSessionInput =
    typeof info.id === 'string'
      ? { info, messages: lazyMessages(layout, (m) => addChildIds(m, rootChildren)), file: path }
      : { info, messages: [...lazyMessages(layout, (m) => addChildIds(m, rootChildren))], file: path };
  yield root;

  let siblings: string[] = [];
  try {
    siblings = readdirSync(dirname(path)).filter((f) => f.endsWith('.json') && f !== basename(path));
  } catch {
    siblings = [];
  }
  const seen = new Set([rootId]);
  const queue: string[][] = [rootChildren];
  for (let i = 0; i < queue.length; i++) {
    for (const childId of queue[i]!) {
      if (seen.has(childId)) continue;
      seen.add(childId);
      const file = siblings.find((f) => f.includes(childId));
      if (!file) continue;
      const childPath = join(dirname(path), file);
      let child: OpencodeSessionInput;
      try {
        child = parseOpencodeExport(childPath, readFileSync(childPath));
      } catch (err) {
        const e = err as InputError;
        warnings.push({ message: `subagent export for ${childId} not read: ${e.message}`, file: childPath, line: e.line });
        continue;
      }
      if (child.info.id !== childId) continue;
      const grandchildren: string[] = [];
      for (const m of child.messages) addChildIds(m, grandchildren);
      queue.push(grandchildren);
      yield child;
    }
  }
}

export const opencodeExportReader: Reader = {
  format: 'opencode-export',
  detect: (head) => looksLikeExport(head),
  async read(path) {
    const warnings: Warning[] = [];
    return opencodeRecording({ format: 'opencode-export', source: path, sessions: exportSessions(path, warnings), warnings });
  },
};
