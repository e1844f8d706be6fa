// Secret redaction for anything about to be shown or shared: API keys, tokens, passwords and
// private keys, plus literal strings the user names. It runs on the recording before any title,
// label or summary is cut from it, so no later stage ever holds a secret or half of one.
//
// The rules are secretlint's recommended preset (redact-secretlint.ts), a few hand patterns for
// what it does not catch (redact-patterns.ts), and an entropy rule for bare random tokens
// (redact-entropy.ts).
// One cheap scan picks the strings that could hold a secret; only those meet the rules.
import { HAND_PATTERNS, looksLikeSecretValue } from './redact-patterns.js';
import { findRandomTokens, mayHoldRandomToken } from './redact-entropy.js';
import { secretlintRanges, type SecretRange } from './redact-secretlint.js';

export const REDACTED = '[REDACTED]';

/**
 * Every rule needs one of these words or prefixes (case aside): the hand patterns' and the
 * secretlint preset's. One scan for them lets most strings skip the rules, most of what
 * redaction would cost. A rule added needs its literal here; test/redact.test.ts checks each kind alone.
 */
const SECRET_HINT =
  /sk-|sk_|rk_|gh[pousr]_|github_pat_|xox|xapp|hooks\.slack|akia|asia|agpa|aida|aroa|aipa|anpa|anva|a3t|aiza|npm_|eyj|bearer|basic|token|:\/\/|pass|secret|key|credential|cfk_|cfut_|cfat_|vc[pikar]_|shp|sg\.|dapi|dckr_|figd_|glc_|glpat-|glsa_|gsk_|hf_|hv[bsr]\.|lin_api_|ntn_|ops_|tskey-/i;

export interface RedactOptions {
  /** Apply the secret rules (default true; `--no-redact` turns them off). */
  patterns?: boolean;
  /** Literal strings to remove as well (`--redact <text>`), applied even without the rules. */
  literals?: string[];
}

export interface RedactReport {
  /** Replacements made, by kind (`literal` for the user's own strings). */
  counts: Record<string, number>;
  total: number;
}

export function newReport(): RedactReport {
  return { counts: {}, total: 0 };
}

function count(counts: Record<string, number>, kind: string, n: number): void {
  counts[kind] = (counts[kind] ?? 0) + n;
}

/** Keys whose values are identifiers or images, never free text: left as they are. */
const STRUCTURAL_KEYS = new Set([
  'id',
  'sessionId',
  'messageId',
  'participantId',
  'callId',
  'childSessionId',
  'parentId',
  'parentCallId',
  'messageIds',
  'avatar',
  'kind',
  'format',
  'role',
  'status',
  'op',
]);

interface Redacted {
  text: string;
  counts: Record<string, number>;
}

/** Replace `ranges` (sorted or not, possibly overlapping) of `text` with the marker. */
function replaceRanges(text: string, ranges: SecretRange[], counts: Record<string, number>): string {
  if (!ranges.length) return text;
  const sorted = [...ranges].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const r of sorted) {
    if (r.end <= at) continue;
    const start = Math.max(r.start, at);
    if (text.slice(start, r.end).includes(REDACTED)) continue;
    out += text.slice(at, start) + REDACTED;
    at = r.end;
    count(counts, r.kind, 1);
  }
  return out + text.slice(at);
}

function applyLiterals(text: string, literals: readonly string[], counts: Record<string, number>): string {
  let out = text;
  for (const literal of literals) {
    if (!literal || !out.includes(literal)) continue;
    const parts = out.split(literal);
    count(counts, 'literal', parts.length - 1);
    out = parts.join(REDACTED);
  }
  return out;
}

function applyHandPatterns(text: string, counts: Record<string, number>): string {
  let out = text;
  for (const p of HAND_PATTERNS) {
    p.re.lastIndex = 0;
    if (!p.re.test(out)) continue;
    p.re.lastIndex = 0;
    out = out.replace(p.re, (match: string, ...groups: unknown[]) => {
      if (match.includes(REDACTED)) return match;
      if (p.keep) {
        const label = String(groups[p.keep - 1] ?? '');
        const value = match.slice(label.length);
        if (p.kind === 'assignment' && !looksLikeSecretValue(value, /["']$/.test(label))) return match;
        count(counts, p.kind, 1);
        return label + REDACTED;
      }
      count(counts, p.kind, 1);
      return REDACTED;
    });
  }
  return out;
}

/**
 * Every string in `value` that is free text, visited without recursion (a tool input may nest
 * deeper than the call stack goes).
 */
function forEachText(value: unknown, visit: (text: string) => void): void {
  const stack: unknown[] = [value];
  const keys: Array<string | undefined> = [undefined];
  while (stack.length) {
    const v = stack.pop();
    const key = keys.pop();
    if (typeof v === 'string') {
      if (key === undefined || !STRUCTURAL_KEYS.has(key)) visit(v);
    } else if (Array.isArray(v)) {
      // Items share their array's key: `messageIds: [...]` holds ids.
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push(v[i]);
        keys.push(key);
      }
    } else if (v && typeof v === 'object') {
      const object = v as Record<string, unknown>;
      for (const k in object) {
        stack.push(object[k]);
        keys.push(k);
      }
    }
  }
}

interface Frame {
  node: Record<string, unknown> | unknown[];
  keys: string[] | undefined;
  key: string | undefined;
  next: number;
  copy: Record<string, unknown> | unknown[] | undefined;
}

/**
 * `value` with the strings in `replaced` swapped for their redacted text. Only the objects and
 * arrays on the path to a change are copied; the rest is shared with `value`, which is left as
 * it was. Iterative, like forEachText.
 */
function replaceTexts<T>(value: T, replaced: Map<string, Redacted>, report: RedactReport): T {
  const swap = (s: string, key: string | undefined): string => {
    if (key !== undefined && STRUCTURAL_KEYS.has(key)) return s;
    const r = replaced.get(s);
    if (!r) return s;
    for (const [kind, n] of Object.entries(r.counts)) {
      count(report.counts, kind, n);
      report.total += n;
    }
    return r.text;
  };
  if (typeof value === 'string') return swap(value, undefined) as T;
  if (!value || typeof value !== 'object') return value;
  const frameOf = (node: object, key: string | undefined): Frame => ({
    node: node as Frame['node'],
    keys: Array.isArray(node) ? undefined : Object.keys(node),
    key,
    next: 0,
    copy: undefined,
  });
  const stack: Frame[] = [frameOf(value, undefined)];
  let result: unknown = value;
  while (stack.length) {
    const frame = stack[stack.length - 1]!;
    const length = frame.keys ? frame.keys.length : (frame.node as unknown[]).length;
    if (frame.next === length) {
      stack.pop();
      const out = frame.copy ?? frame.node;
      const parent = stack[stack.length - 1];
      if (!parent) result = out;
      else if (out !== frame.node) setChild(parent, parent.next - 1, out);
      continue;
    }
    const slot = frame.next++;
    const childKey = frame.keys ? frame.keys[slot]! : frame.key;
    const child = frame.keys ? (frame.node as Record<string, unknown>)[childKey!] : (frame.node as unknown[])[slot];
    if (typeof child === 'string') {
      const next = swap(child, childKey);
      if (next !== child) setChild(frame, slot, next);
    } else if (child && typeof child === 'object') {
      stack.push(frameOf(child, childKey));
    }
  }
  return result as T;
}

function setChild(frame: Frame, slot: number, value: unknown): void {
  if (frame.keys) {
    const copy = (frame.copy ??= { ...(frame.node as Record<string, unknown>) }) as Record<string, unknown>;
    copy[frame.keys[slot]!] = value;
  } else {
    const copy = (frame.copy ??= (frame.node as unknown[]).slice()) as unknown[];
    copy[slot] = value;
  }
}

/** The redacted form of each string that changes, by its original text. */
async function redactTexts(texts: Iterable<string>, options: RedactOptions): Promise<Map<string, Redacted>> {
  const out = new Map<string, Redacted>();
  const literals = options.literals?.filter(Boolean) ?? [];
  const staged: Array<{ original: string; text: string; counts: Record<string, number> }> = [];
  for (const original of texts) {
    const counts: Record<string, number> = {};
    const text = literals.length ? applyLiterals(original, literals, counts) : original;
    staged.push({ original, text, counts });
  }
  if (options.patterns !== false && staged.length) {
    const ranges = await secretlintRanges(staged.map((s) => s.text));
    staged.forEach((s, i) => {
      s.text = replaceRanges(s.text, ranges[i]!, s.counts);
      s.text = applyHandPatterns(s.text, s.counts);
      s.text = replaceRanges(s.text, findRandomTokens(s.text), s.counts);
    });
  }
  for (const s of staged) if (s.text !== s.original) out.set(s.original, { text: s.text, counts: s.counts });
  return out;
}

/** Could this string hold something the rules or the literals would remove? */
function candidate(text: string, options: RedactOptions, literals: readonly string[]): boolean {
  for (const literal of literals) if (literal && text.includes(literal)) return true;
  return options.patterns !== false && (SECRET_HINT.test(text) || mayHoldRandomToken(text));
}

/**
 * `value` with every free-text string redacted. Only what holds a secret is copied, with the
 * objects and arrays on its path; everything else is shared with `value`, which is left as it was.
 */
export async function redactDeep<T>(value: T, options: RedactOptions, report: RedactReport = newReport()): Promise<T> {
  const literals = options.literals ?? [];
  if (options.patterns === false && !literals.some(Boolean)) return value;
  const candidates = new Set<string>();
  forEachText(value, (text) => {
    if (!candidates.has(text) && candidate(text, options, literals)) candidates.add(text);
  });
  if (!candidates.size) return value;
  const replaced = await redactTexts(candidates, options);
  return replaced.size ? replaceTexts(value, replaced, report) : value;
}

/** One string redacted, as `redactDeep` would (for text shown outside a recording, such as a listed title). */
export async function redactText(text: string, options: RedactOptions = {}, report: RedactReport = newReport()): Promise<string> {
  return redactDeep(text, options, report);
}
