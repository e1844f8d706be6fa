// What every reader shares: the contract a reader fulfils, field accessors for untyped JSON,
// and one log of everything skipped or not understood, turned into warnings (file and line)
// at the end. Lines are streamed by claude-code-lines.ts; strings are bounded by claude-code-cap.ts.
import type { Recording, SourceFormat, Warning } from '../recording/model.js';
import { forEachLine, MAX_LINE_BYTES } from './claude-code-lines.js';
import { capString, capValue, type CapCounter } from './claude-code-cap.js';
import { plural } from '../util/text.js';

export interface ReadOptions {
  /** Session id to read, for sources holding many (an opencode database, a folder of Codex rollouts). */
  sessionId?: string;
  /** Follow the session's hand-offs, forks and subagents and read the whole workflow (opencode). */
  workflow?: boolean;
  /** More files read together with the source, for a workflow spread over several exports. */
  alsoFiles?: string[];
}

/** One input format: listed in index.ts's `readers`. */
export interface Reader {
  format: SourceFormat;
  /** A cheap look at the first bytes (up to 64 KiB) of a file: is it this format? */
  detect(head: Buffer, path: string): boolean;
  read(path: string, options: ReadOptions): Promise<Recording>;
}

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
/** An ISO time as epoch ms, or undefined. */
export function isoTime(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
}
/** A short, bounded preview of raw data, for `unknown` events. */
export function previewOf(value: unknown): string {
  const s = JSON.stringify(value) ?? '';
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

const LISTED_GARBAGE_LINES = 20;

/** Collects what a reader could not use, and says so once per kind, with the first line. */
export class ReadLog {
  readonly cap: CapCounter = { count: 0, largest: 0 };
  readonly garbage: Array<{ line: number; reason: string }> = [];
  truncatedLast?: number;
  readonly oversize: Array<{ line: number; bytes: number }> = [];
  readonly invalidUtf8: number[] = [];
  readonly unknown = new Map<string, { count: number; line?: number }>();
  private notes: Warning[] = [];

  constructor(readonly file: string) {}

  capString(s: string): string {
    return capString(s, this.cap);
  }
  capValue<T>(v: T): T {
    return capValue(v, this.cap) as T;
  }
  /** A line that is not what the format writes: listed one by one (the first 20). */
  badLine(line: number, reason: string): void {
    this.garbage.push({ line, reason });
  }
  /** Something not understood: one warning per message however often, counting and naming the first line. */
  unknownKind(message: string, line?: number): void {
    const seen = this.unknown.get(message);
    if (seen) seen.count++;
    else this.unknown.set(message, { count: 1, line });
  }
  /** A warning of its own. */
  note(message: string, line?: number): void {
    this.notes.push({ message, file: this.file, ...(line ? { line } : {}) });
  }

  /** Stream a JSONL file: every line that parses to an object goes to `visit`; the rest is logged. */
  readJsonLines(visit: (obj: Json, line: number) => void): void {
    forEachLine(this.file, {
      line: (text, info) => {
        let obj: unknown;
        try {
          obj = JSON.parse(info.line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
        } catch {
          if (info.unterminated) this.truncatedLast = info.line;
          else this.badLine(info.line, 'not valid JSON');
          return;
        }
        if (info.invalidUtf8) this.invalidUtf8.push(info.line);
        if (!isObject(obj)) {
          this.badLine(info.line, `a JSON ${Array.isArray(obj) ? 'array' : typeof obj}, not an object`);
          return;
        }
        visit(obj, info.line);
      },
      oversize: (bytes, info) => this.oversize.push({ line: info.line, bytes }),
    });
  }

  warnings(): Warning[] {
    return [...damageWarnings(this.file, this), ...this.notes];
  }
}

/** What a line-oriented read skipped or did not understand. */
export interface ReadDamage {
  truncatedLast?: number;
  garbage: Array<{ line: number; reason: string }>;
  oversize: Array<{ line: number; bytes: number }>;
  invalidUtf8: number[];
  unknown: Map<string, { count: number; line?: number }>;
  cap: CapCounter;
}

/** The warnings for a read's damage, in a fixed order: the cut last line, bad lines, unknown kinds, cut strings. */
export function damageWarnings(file: string, d: ReadDamage): Warning[] {
  const out: Warning[] = [];
  const warn = (message: string, line?: number) => out.push({ message, file, ...(line ? { line } : {}) });
  if (d.truncatedLast) warn('the last line is incomplete (the session may still be running); it was left out', d.truncatedLast);
  const shown = d.garbage.slice(0, LISTED_GARBAGE_LINES);
  for (const { line, reason } of shown) warn(`${reason}; line skipped`, line);
  if (d.garbage.length > shown.length) {
    const rest = d.garbage.slice(shown.length).map((g) => g.line);
    const list = rest.slice(0, 20).join(', ') + (rest.length > 20 ? ', ...' : '');
    warn(`${plural(rest.length, 'more unreadable line')} skipped (lines ${list})`, rest[0]);
  }
  for (const { line, bytes } of d.oversize) {
    warn(`line of ${(bytes / 1048576).toFixed(0)} MB is longer than the ${MAX_LINE_BYTES / 1048576} MB a line may have; skipped`, line);
  }
  if (d.invalidUtf8.length) {
    warn(`${plural(d.invalidUtf8.length, 'line')} hold bytes that are not valid UTF-8; shown as U+FFFD`, d.invalidUtf8[0]);
  }
  for (const [message, { count, line }] of d.unknown) {
    warn(`${message} (${count > 1 ? `${count} times, the first here` : 'once'})`, line);
  }
  if (d.cap.count) {
    warn(`${plural(d.cap.count, 'string')} longer than the kept maximum were cut (largest ${(d.cap.largest / 1048576).toFixed(1)} M characters)`);
  }
  return out;
}
