// The entropy rule: a bare random token of 40 or more characters, with no keyword near it that
// a pattern could key on, is taken for a secret. Code is full of long strings that are not:
// commit hashes and sha256 digests (hex), UUIDs, integrity hashes, base64 images and other
// blobs, file paths and long identifiers. Each is told apart below.
import type { SecretRange } from './redact-secretlint.js';

const MIN_LENGTH = 40;
/** Longer runs are blobs (an image, a bundle, a wrapped key's body), not a token someone pasted. */
const MAX_LENGTH = 256;

/** A-Z a-z 0-9 + / = _ -, by char code. */
const RUN_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-') RUN_CHAR[c.charCodeAt(0)] = 1;

/** = / _ -: token characters that pad or join a run, not part of the token at its ends. */
const EDGE_CHAR = new Uint8Array(128);
for (const c of '=/_-') EDGE_CHAR[c.charCodeAt(0)] = 1;

/**
 * The runs of token characters of at least MIN_LENGTH, as [start, end). A run that long holds
 * every window of MIN_LENGTH characters it starts in, so each window's last character is looked
 * at first: when it is no token character, the window is skipped whole. Prose and code, with a
 * space or a bracket every few characters, are read about one character in five. With `wanted`,
 * only the first run it accepts, if any.
 */
function runsIn(text: string, wanted?: (start: number, end: number) => boolean): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const length = text.length;
  // Every run starting before `from` is known; the character before `from` is no token character.
  let from = 0;
  while (from + MIN_LENGTH <= length) {
    const probe = from + MIN_LENGTH - 1;
    // The test is written out, not called: most of a session's text is scanned before V8 has
    // compiled this loop, and a call a character costs as much as the test.
    let c = text.charCodeAt(probe);
    if (c >= 128 || RUN_CHAR[c] !== 1) {
      from = probe + 1;
      continue;
    }
    let start = probe;
    while (start > from && (c = text.charCodeAt(start - 1)) < 128 && RUN_CHAR[c] === 1) start--;
    let end = probe + 1;
    while (end < length && (c = text.charCodeAt(end)) < 128 && RUN_CHAR[c] === 1) end++;
    if (end - start >= MIN_LENGTH) {
      if (!wanted) out.push([start, end]);
      else if (wanted(start, end)) return [[start, end]];
    }
    from = end + 1;
  }
  return out;
}

/**
 * Cheap first look, for the pre-scan: is there a run that could be a token, long enough and
 * mixed like random text? Paths, identifiers and hex, most runs in code, are ruled out here, so
 * the full look (`findRandomTokens`) reads only texts with a candidate.
 */
export function mayHoldRandomToken(text: string): boolean {
  return text.length >= MIN_LENGTH && runsIn(text, (from, to) => candidateIn(text, from, to) !== undefined).length > 0;
}

/** The run [from, to) less the padding and separators at its ends (= / _ -), if it is long enough and mixed like random text. */
function candidateIn(text: string, from: number, to: number): [number, number] | undefined {
  let start = from;
  let end = to;
  while (start < end && EDGE_CHAR[text.charCodeAt(start)] === 1) start++;
  while (end > start && EDGE_CHAR[text.charCodeAt(end - 1)] === 1) end--;
  if (end - start < MIN_LENGTH || end - start > MAX_LENGTH) return undefined;
  return mixedLikeRandom(text, start, end) ? [start, end] : undefined;
}

/** Bits per character of the run's own character distribution (runs hold ASCII only). */
function shannon(s: string): number {
  const freq = new Uint16Array(128);
  for (let i = 0; i < s.length; i++) freq[s.charCodeAt(i) & 127]!++;
  let bits = 0;
  for (const n of freq) {
    if (!n) continue;
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

type CharClass = 0 | 1 | 2 | 3;
/** Lower case, upper case, digit, other: by char code, with no one-character string made per character. */
function classOf(code: number): CharClass {
  if (code >= 97 && code <= 122) return 0;
  if (code >= 65 && code <= 90) return 1;
  if (code >= 48 && code <= 57) return 2;
  return 3;
}

/**
 * The cheap half of `looksRandom`, read in place (no string cut): words and identifiers change
 * between lower, upper and digits once a word, random text every other character. Most runs in
 * code (paths, identifiers, hex) fail here.
 */
function mixedLikeRandom(text: string, start: number, end: number): boolean {
  let lower = 0;
  let upper = 0;
  let digits = 0;
  let slashes = 0;
  let changes = 0;
  let last: CharClass | undefined;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    const k = classOf(code);
    if (k === 0) lower++;
    else if (k === 1) upper++;
    else if (k === 2) digits++;
    else if (code === 47) slashes++;
    if (last !== undefined && k !== last) changes++;
    last = k;
  }
  if (!lower || !upper || digits < 2 || changes / (end - start) < 0.3) return false;
  return slashes < 3; // else a path
}

/** Is this run random? Mixed like random text, and none of the long strings code is full of. */
export function looksRandom(run: string): boolean {
  return mixedLikeRandom(run, 0, run.length) && notCodeString(run);
}

/** The rest of `looksRandom`, for a run that is mixed like random text. */
function notCodeString(run: string): boolean {
  if (/^[0-9a-fA-F-]+$/.test(run)) return false; // hex: commit hashes, digests, UUIDs
  if (/^sha(?:1|256|384|512)-/.test(run)) return false; // subresource integrity (package-lock.json)
  // Identifiers are made of short parts (snake_case, kebab-case, path segments).
  const longestPart = Math.max(...run.split(/[/_-]/).map((p) => p.length));
  if (longestPart < 20) return false;
  return shannon(run) >= 4;
}

/** A run that is one line of a block of equal lines: a wrapped certificate or base64 body. */
function inBlock(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  const lineEnd = nl < 0 ? text.length : nl;
  if (text.slice(lineStart, lineEnd).trim() !== text.slice(start, end)) return false;
  const width = end - start;
  const neighbour = (from: number, to: number): boolean => {
    const line = text.slice(from, to).trim();
    return line.length >= Math.min(width, MIN_LENGTH) && /^[A-Za-z0-9+/=]+$/.test(line);
  };
  const prevEnd = lineStart - 1;
  const prevStart = prevEnd > 0 ? text.lastIndexOf('\n', prevEnd - 1) + 1 : -1;
  if (prevStart >= 0 && neighbour(prevStart, prevEnd)) return true;
  if (nl >= 0) {
    const nextEnd = text.indexOf('\n', nl + 1);
    if (neighbour(nl + 1, nextEnd < 0 ? text.length : nextEnd)) return true;
  }
  return false;
}

/**
 * The random tokens in `text`, as ranges to redact. No first look (`mayHoldRandomToken`): the
 * redaction's pre-scan has taken it for every text it passes here, and a text without a run
 * yields none all the same.
 */
export function findRandomTokens(text: string): SecretRange[] {
  const out: SecretRange[] = [];
  for (const [from, to] of runsIn(text)) {
    const found = candidateIn(text, from, to);
    if (!found) continue;
    const [start, end] = found;
    if (from >= 7 && text.startsWith('base64,', from - 7)) continue; // a data: URL
    if (!notCodeString(text.slice(start, end)) || inBlock(text, start, end)) continue;
    out.push({ start, end, kind: 'random token' });
  }
  return out;
}
