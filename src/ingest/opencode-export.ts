// `opencode export <id>` JSON: `{ info: Session, messages: [{ info, parts }] }` (1.2.x and 1.18+).
// An export holds one session; subagent sessions are exported by their own ids, so an export
// named after a child id lying beside the file is read in as that child.
//
// Exports run to hundreds of MB, so the file stays a Buffer: a byte scanner finds the top-level
// values and each element of "messages", and each message is parsed only when the converter asks
// for it and dropped after, instead of holding the whole file as a string and as one parsed tree.
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Warning } from '../recording/model.js';
import { InputError } from './errors.js';
import type { Reader } from './index.js';
import { looksLikeOpencodeExport } from './detect.js';
import { forkTitle, obj, opencodeRecording, type OpencodeMessageRecord, type OpencodeSessionInput } from './opencode-messages.js';
import { firstInvalidUtf8 } from './field-checks.js';

const EXPECTED = 'expected an opencode export: a JSON object with "info" (the session) and "messages" (a list)';
const HINT = 'Export the session again: opencode export <ses_...> > session.json';

/** The first key of an export is `info` (or `messages` in hand-made files). */
// ---------- byte scanner ----------

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const NEWLINE = 0x0a;
const CHUNK = 1 << 20;

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

/** A file read a chunk at a time: the scanner sees any byte by its offset, the file is never whole in memory. */
class FileWindow {
  readonly buf = Buffer.allocUnsafe(CHUNK);
  start = 0;
  end = 0;
  constructor(
    readonly fd: number,
    readonly size: number,
  ) {}

  /** Make `pos` readable (starting the chunk at `from`); false past the end of the file. */
  load(pos: number, from = pos): boolean {
    if (pos >= this.size) return false;
    if (pos >= this.start && pos < this.end) return true;
    this.start = from;
    this.end = from + readSync(this.fd, this.buf, 0, CHUNK, from);
    return pos < this.end;
  }

  /** The byte at `pos`, or -1 past the end. */
  at(pos: number): number {
    return this.load(pos) ? this.buf[pos - this.start]! : -1;
  }

  /** Bytes [start, end) as their own buffer. */
  slice(start: number, end: number): Buffer {
    const out = Buffer.allocUnsafe(end - start);
    let done = 0;
    while (done < out.length) {
      const n = readSync(this.fd, out, done, out.length - done, start + done);
      if (n === 0) break;
      done += n;
    }
    return out.subarray(0, done);
  }

  /** 1-based line of a byte offset (only for error messages). */
  lineOf(position: number): number {
    let line = 1;
    for (let pos = 0; pos < position && this.load(pos); pos = this.end) {
      const upto = Math.min(this.end, position) - this.start;
      for (let nl = this.buf.indexOf(NEWLINE, pos - this.start); nl !== -1 && nl < upto; nl = this.buf.indexOf(NEWLINE, nl + 1)) line++;
    }
    return line;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(w: FileWindow, pos: number): number {
  while (isSpace(w.at(pos))) pos++;
  return pos;
}

/** `pos` is at an opening quote; returns the offset just past the closing one. */
function skipString(w: FileWindow, pos: number): number {
  let from = pos + 1;
  for (;;) {
    if (!w.load(from)) throw new ScanError(w.size, true, 'unterminated string');
    const local = w.buf.indexOf(QUOTE, from - w.start);
    if (local === -1 || local >= w.end - w.start) {
      from = w.end;
      continue;
    }
    const quote = w.start + local;
    let slash = quote - 1;
    while (slash > pos && w.at(slash) === BACKSLASH) slash--;
    // An odd run of backslashes escapes the quote.
    if ((quote - 1 - slash) % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/**
 * The end of the JSON value starting at `pos` (brackets balanced, strings skipped). The value's
 * own syntax is left to JSON.parse; this only has to find where it ends.
 */
function skipValue(w: FileWindow, pos: number): number {
  const first = w.at(pos);
  if (first === QUOTE) return skipString(w, pos);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    let i = pos;
    while (w.load(i)) {
      const buf = w.buf;
      const offset = w.start;
      const end = w.end;
      for (; i < end; i++) {
        const c = buf[i - offset]!;
        if (c === QUOTE) {
          i = skipString(w, i);
          break;
        }
        if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) return i + 1;
        }
      }
    }
    throw new ScanError(w.size, true, 'unclosed object or list');
  }
  // A number, true, false or null: runs to the next delimiter.
  let i = pos;
  for (let c = w.at(i); c !== -1 && c !== COMMA && c !== CLOSE_BRACE && c !== CLOSE_BRACKET && !isSpace(c); c = w.at(i)) i++;
  if (i === pos) throw new ScanError(pos, first === -1, first === -1 ? 'missing value' : `unexpected ${describeByte(w, pos)}`);
  return i;
}

function describeByte(w: FileWindow, pos: number): string {
  const c = w.at(pos);
  return c === -1 ? 'end of input' : JSON.stringify(String.fromCharCode(c));
}

interface Span {
  start: number;
  end: number;
}

/** Where everything is in one export file. */
interface ExportLayout {
  path: string;
  file: FileWindow;
  /** Top-level values by key (the last one wins, as with JSON.parse). */
  values: Map<string, Span>;
  /** When "messages" is a list: its elements as [start, end) byte offsets, flattened. */
  messageSpans?: number[];
  /** Values holding bytes that are not valid UTF-8 (decoded as U+FFFD), and the line of the first. */
  invalidUtf8?: { count: number; line: number };
}

function expect(w: FileWindow, pos: number, byte: number, what: string): void {
  const c = w.at(pos);
  if (c !== byte) throw new ScanError(pos, c === -1, `expected ${what}, found ${describeByte(w, pos)}`);
}

/** Scan the top-level object; `undefined` when the document is not an object at all. */
function scanExport(path: string, w: FileWindow): ExportLayout | undefined {
  let pos = w.at(0) === 0xef && w.at(1) === 0xbb && w.at(2) === 0xbf ? 3 : 0;
  pos = skipSpace(w, pos);
  if (w.at(pos) !== OPEN_BRACE) return undefined;
  const layout: ExportLayout = { path, file: w, values: new Map() };
  pos = skipSpace(w, pos + 1);
  if (w.at(pos) === CLOSE_BRACE) pos++;
  else {
    for (;;) {
      expect(w, pos, QUOTE, 'a key');
      const keyEnd = skipString(w, pos);
      const key = parseSpan(layout, pos, keyEnd) as string;
      pos = skipSpace(w, keyEnd);
      expect(w, pos, COLON, '":"');
      pos = skipSpace(w, pos + 1);
      const start = pos;
      if (key === 'messages' && w.at(pos) === OPEN_BRACKET) {
        const spans: number[] = [];
        pos = skipSpace(w, pos + 1);
        if (w.at(pos) === CLOSE_BRACKET) pos++;
        else {
          for (;;) {
            const end = skipValue(w, pos);
            spans.push(pos, end);
            pos = skipSpace(w, end);
            if (w.at(pos) === CLOSE_BRACKET) {
              pos++;
              break;
            }
            expect(w, pos, COMMA, '"," or "]" after a message');
            pos = skipSpace(w, pos + 1);
          }
        }
        layout.messageSpans = spans;
      } else {
        pos = skipValue(w, pos);
        if (key === 'messages') layout.messageSpans = undefined;
      }
      layout.values.set(key, { start, end: pos });
      pos = skipSpace(w, pos);
      if (w.at(pos) === CLOSE_BRACE) {
        pos++;
        break;
      }
      expect(w, pos, COMMA, '"," or "}"');
      pos = skipSpace(w, pos + 1);
    }
  }
  pos = skipSpace(w, pos);
  if (pos < w.size) throw new ScanError(pos, false, `unexpected ${describeByte(w, pos)} after the end of the export`);
  return layout;
}

// ---------- errors with lines ----------

function lineOfChar(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function invalid(path: string, detail: string, line: number, truncated: boolean): InputError {
  return new InputError(truncated ? 'the export ends too early (truncated JSON)' : `not valid JSON (${detail})`, path, line, HINT);
}

/** A JSON.parse failure on `text`, which starts on line `firstLine` of the file, as an InputError naming the line. */
function parseFailure(path: string, err: unknown, text: string, firstLine = 1): InputError {
  const message = (err as Error).message;
  const pos = /position (\d+)/.exec(message);
  const line = firstLine - 1 + lineOfChar(text, pos ? Number(pos[1]) : text.length);
  return invalid(path, message.replace(/^.*?: /, ''), line, /end of JSON input|Unterminated/i.test(message));
}

/** JSON.parse one value of the file; a failure names the line in the whole file. */
function parseSpan(layout: ExportLayout, start: number, end: number): unknown {
  const bytes = layout.file.slice(start, end);
  const text = bytes.toString('utf8');
  const invalid = firstInvalidUtf8(text, bytes);
  if (invalid !== -1) {
    if (layout.invalidUtf8) layout.invalidUtf8.count++;
    else layout.invalidUtf8 = { count: 1, line: layout.file.lineOf(start + invalid) };
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw parseFailure(layout.path, err, text, layout.file.lineOf(start));
  }
}

// ---------- sessions ----------

/** The whole document in one JSON.parse: only for files whose top level is not an object. */
function notAnObject(path: string): InputError {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return parseFailure(path, err, text);
  }
  return new InputError(`${EXPECTED}; found ${Array.isArray(data) ? 'a list' : data === null ? 'null' : typeof data}`, path);
}

/** Scan and check the shape; every failure is an InputError naming the file and, where known, the line. */
function layoutOf(path: string, fd: number): { layout: ExportLayout; info: Record<string, unknown> } {
  const w = new FileWindow(fd, fstatSync(fd).size);
  let layout: ExportLayout | undefined;
  try {
    layout = scanExport(path, w);
  } catch (err) {
    if (!(err instanceof ScanError)) throw err;
    throw invalid(path, err.message, w.lineOf(err.truncated ? w.size : err.position), err.truncated);
  }
  if (!layout) throw notAnObject(path);
  // Every top-level value but the messages is small: parse each, so broken JSON anywhere is reported.
  let info: unknown;
  for (const [key, span] of layout.values) {
    if (key === 'messages' && layout.messageSpans) continue;
    const value = parseSpan(layout, span.start, span.end);
    if (key === 'info') info = value;
  }
  if (!layout.messageSpans) throw new InputError(`${EXPECTED}; "messages" is missing or not a list`, path);
  const infoObject = obj(info);
  if (!infoObject) throw new InputError(`${EXPECTED}; "info" is missing or not an object`, path);
  return { layout, info: infoObject };
}

/**
 * For warnings: the line where message `index` (-1: the info) starts, or where the JSON string
 * `needle` first occurs in it. The file is opened again, so this works after the read has closed it.
 */
function messageLine(path: string, spans: number[], info: Span | undefined, index: number, needle?: string): number | undefined {
  const start = index === -1 ? info?.start : spans[2 * index];
  const end = index === -1 ? info?.end : spans[2 * index + 1];
  if (start === undefined || end === undefined) return undefined;
  const fd = openSync(path, 'r');
  try {
    const w = new FileWindow(fd, fstatSync(fd).size);
    const at = needle === undefined ? -1 : w.slice(start, end).indexOf(JSON.stringify(needle));
    return w.lineOf(start + Math.max(0, at));
  } finally {
    closeSync(fd);
  }
}

function lineFinder(layout: ExportLayout): OpencodeSessionInput['lineOf'] {
  const spans = layout.messageSpans ?? [];
  const info = layout.values.get('info');
  return (index, needle) => messageLine(layout.path, spans, info, index, needle);
}

/** The warning for bytes that were not UTF-8, if any were met while reading the export. */
function utf8Warning(layout: ExportLayout): Warning[] {
  const bad = layout.invalidUtf8;
  if (!bad) return [];
  const values = bad.count > 1 ? `${bad.count} messages hold` : 'a message holds';
  return [{ message: `${values} bytes that are not valid UTF-8; shown as U+FFFD (the first here)`, file: layout.path, line: bad.line }];
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

/** A whole export read at once, messages in a list; what was wrong with it goes to `warnings`. */
export function parseOpencodeExport(path: string, warnings: Warning[] = []): OpencodeSessionInput {
  const fd = openSync(path, 'r');
  try {
    const { layout, info } = layoutOf(path, fd);
    const messages = [...lazyMessages(layout, () => {})];
    warnings.push(...utf8Warning(layout));
    return { info, messages, file: path, lineOf: lineFinder(layout) };
  } finally {
    closeSync(fd);
  }
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
  const fd = openSync(path, 'r');
  try {
    yield* rootAndChildren(path, fd, warnings);
  } finally {
    closeSync(fd);
  }
}

function* rootAndChildren(path: string, fd: number, warnings: Warning[]): Generator<OpencodeSessionInput> {
  const { layout, info } = layoutOf(path, fd);
  const rootId = String(info.id ?? '');
  const rootChildren: string[] = [];
  // A fork's copied messages name its original's subagents: those belong to the original.
  const forkedAt = forkTitle(typeof info.title === 'string' ? info.title : undefined) ? Number(obj(info.time)?.created ?? 0) : 0;
  const addOwnChildIds = (m: OpencodeMessageRecord, ids: string[]) => {
    if (!(forkedAt && Number(obj(obj(m?.info)?.time)?.created) < forkedAt)) addChildIds(m, ids);
  };
  // The converter falls back to the first message for a session id; give it the list then.
  const root: OpencodeSessionInput =
    typeof info.id === 'string'
      ? { info, messages: lazyMessages(layout, (m) => addOwnChildIds(m, rootChildren)), file: path, lineOf: lineFinder(layout) }
      : { info, messages: [...lazyMessages(layout, (m) => addOwnChildIds(m, rootChildren))], file: path, lineOf: lineFinder(layout) };
  yield root;
  warnings.push(...utf8Warning(layout));

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
        child = parseOpencodeExport(childPath, warnings);
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
  detect: looksLikeOpencodeExport,
  async read(path) {
    const warnings: Warning[] = [];
    return opencodeRecording({ format: 'opencode-export', source: path, sessions: exportSessions(path, warnings), warnings });
  },
};
