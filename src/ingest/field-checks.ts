// Checks every reader applies to fields that damaged or hand-edited files get wrong: token
// counts written as strings, timestamps far outside any real session, bytes that are not UTF-8.
import type { Session } from '../recording/model.js';

/** Earliest time a session can plausibly carry: before this, a timestamp is damage, not history. */
const EARLIEST_PLAUSIBLE = Date.UTC(2000, 0, 1);
/** Clocks drift: a day past now is still believed. */
const FUTURE_SLACK_MS = 86_400_000;

/** A timestamp (ms since the epoch) a real session could have: from 2000 to a day from now. */
export function plausibleTime(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_PLAUSIBLE && ms <= Date.now() + FUTURE_SLACK_MS;
}

export const PLAUSIBLE_RANGE = 'between the year 2000 and a day from now';

/**
 * A token count as a number: numbers as they are, numeric strings ("1200") read as numbers.
 * `undefined` when absent; `null` when present but not a count (a word, a negative, NaN).
 */
export function tokenCount(v: unknown): number | undefined | null {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

const REPLACEMENT = '\uFFFD';
const REPLACEMENT_BYTES = Buffer.from(REPLACEMENT, 'utf8');

/**
 * The byte offset of the first invalid UTF-8 sequence in `bytes`, given `text` decoded from
 * them, or -1 when there is none. A literal U+FFFD in the input decodes to the same character,
 * so each one is checked against the bytes it came from.
 */
export function firstInvalidUtf8(text: string, bytes: Buffer): number {
  // Up to the first invalid sequence every character maps back to its own bytes.
  let offset = 0;
  let from = 0;
  for (let i = text.indexOf(REPLACEMENT); i !== -1; i = text.indexOf(REPLACEMENT, i + 1)) {
    offset += Buffer.byteLength(text.slice(from, i), 'utf8');
    if (!bytes.subarray(offset, offset + 3).equals(REPLACEMENT_BYTES)) return offset;
    offset += 3;
    from = i + 1;
  }
  return -1;
}

/**
 * Times a reader could not tell (0: no plausible timestamp before them) become the session's
 * earliest known time, so a first line without one does not stretch the session back to 1970.
 */
export function fillUnknownTimes(session: Session): void {
  let first = Infinity;
  for (const turn of session.turns) {
    if (turn.prompt && turn.prompt.time > 0) first = Math.min(first, turn.prompt.time);
    for (const ev of turn.events) if (ev.time > 0) first = Math.min(first, ev.time);
  }
  if (!Number.isFinite(first)) return;
  const known = (t: number) => (t > 0 ? t : first);
  for (const turn of session.turns) {
    if (turn.prompt) turn.prompt.time = known(turn.prompt.time);
    turn.start = known(turn.start);
    turn.end = known(turn.end);
    for (const ev of turn.events) {
      ev.time = known(ev.time);
      if (ev.kind !== 'tool') continue;
      if (ev.start !== undefined) ev.start = known(ev.start);
      if (ev.end !== undefined) ev.end = known(ev.end);
      if (ev.start !== undefined && ev.end !== undefined) ev.durationMs = Math.max(0, ev.end - ev.start);
    }
  }
  if (session.start <= 0) session.start = first;
}
