// How long each thing stays on screen at 1x, in seconds. Tuned to be read, not to be real:
// a session of hours plays in minutes, and every cue is long enough to take in.
import type { RecEvent } from '../recording/model.js';

export const TITLE_SECONDS = 4;
export const END_SECONDS = 6;
export const CONCH_SECONDS = 1.6;
export const NOTICE_SECONDS = 1.6;
/** A party-line sign-out, shown before the entity steps back. */
export const SIGN_OUT_SECONDS = 1.4;
/** A call that brings a guest on stage, before the guest's own work plays. */
export const GUEST_CALL_SECONDS = 1.4;
/** Characters a viewer reads per second while text is typed out. */
export const TYPING_CPS = 80;
/** Time to take in a finished text before the next cue. */
export const TEXT_HOLD = 1.2;

export function promptSeconds(chars: number): number {
  return clamp(1.4 + chars / 90, 1.6, 4.5);
}

export function textSeconds(chars: number): number {
  return clamp(chars / TYPING_CPS + TEXT_HOLD, 1.6, 12);
}

export function reasoningSeconds(chars: number): number {
  return clamp(1 + chars / 160, 1.4, 3.5);
}

export function toolSeconds(outputChars: number, isError: boolean): number {
  return clamp(1 + Math.log10(1 + outputChars) / 2, 1, 3) + (isError ? 0.6 : 0);
}

export function fileSeconds(linesChanged: number): number {
  return clamp(1.4 + linesChanged / 25, 1.6, 4.5);
}

export function noticeSeconds(ev: RecEvent): number {
  return ev.kind === 'compaction' ? 2.2 : NOTICE_SECONDS;
}

export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
