// How long each thing stays on screen at 1x, in seconds. Tuned to be read, not to be real:
// a session of hours plays in minutes, and every cue is long enough to take in.
import type { RecEvent } from '../recording/model.js';

export const TITLE_SECONDS = 4;
/** The credits: a line a participant, so a single agent's roll is shorter than a party's. */
export function creditsSeconds(rows: number): number {
  return clamp(3.5 + rows * 0.6, 4, 6);
}
export const CONCH_SECONDS = 1.6;
/** A card between the sessions of a workflow. */
export const SESSION_CARD_SECONDS = 2.4;
export const NOTICE_SECONDS = 1.4;
/** A party-line sign-out, shown before the entity steps back. */
export const SIGN_OUT_SECONDS = 1.4;
/** A call that brings a guest on stage, before the guest's own work plays. */
export const GUEST_CALL_SECONDS = 1.4;
/** Characters per second of the typing reveal: quick, since the hold that follows is the reading. */
export const TYPING_CPS = 150;
/** The typing reveal of one page never takes longer than this. */
export const MAX_TYPING = 2;
/** Reading pace of a finished page: words a minute, and the shortest hold. */
export const READING_WPM = 250;
export const MIN_HOLD = 1.2;
/** A turn's last message stays whole on screen at least this long before the conch moves. */
export const FINAL_HOLD = 1.5;
/** A prompt appears at once (a short fade), then holds for its reading time. */
export const PROMPT_FADE = 0.3;

/** Time to read `words` words of finished text. */
export function readingSeconds(words: number, least = MIN_HOLD): number {
  return Math.max(least, (words * 60) / READING_WPM);
}

/** Typing time of a page of `chars` characters. */
export function typingSeconds(chars: number): number {
  return Math.min(MAX_TYPING, chars / TYPING_CPS);
}

// Work cards are brief: the step's narration above them says what they are for, and a viewer
// who wants the detail pauses or opens the transcript.
export function reasoningSeconds(chars: number): number {
  return clamp(0.7 + chars / 400, 1, 1.8);
}

export function toolSeconds(outputChars: number, isError: boolean): number {
  return clamp(0.8 + Math.log10(1 + outputChars) / 5, 0.9, 1.6) + (isError ? 0.5 : 0);
}

/** A run of lookups (reads, globs, greps, listings) shown as one card that fills item by item. */
export function lookupGroupSeconds(items: number): number {
  return clamp(0.8 + items * 0.25, 1.1, 2.8);
}

export function fileSeconds(linesChanged: number): number {
  return clamp(1 + linesChanged / 50, 1.2, 2.8);
}

export function noticeSeconds(ev: RecEvent): number {
  return ev.kind === 'compaction' ? 2 : NOTICE_SECONDS;
}

/** Times are kept to the millisecond: a timeline's numbers stay short, and equal where they should be. */
export function roundTime(t: number): number {
  return Math.round(t * 1000) / 1000;
}

export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
