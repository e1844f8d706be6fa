// What the page carries, deflated and base64-encoded inside the HTML: the timeline and the
// player's options, once whole and once cut to its first seconds (the head, read first so the
// first frame does not wait for a long session), plus the scene's fonts and the avatars.
// Shared by the Node exporter and the browser.
import type { Timeline } from '../timeline/model.js';
import type { PackedTimeline } from './pack.js';

export interface PlayerOptions {
  /** Initial playback speed. */
  speed: number;
  /** Time (seconds) of the poster frame shown before playing. */
  poster: number;
  /** Start playing on load (deep links and embeds may ask for it). */
  autoplay: boolean;
  /** Server-Sent Events URL that pushes new timelines (`playback play --follow`); absent in exports. */
  live?: string;
}

export interface PlayerPayload {
  timeline: Timeline;
  options: PlayerOptions;
  /** A head: the timeline holds what plays up to this time only. Absent for the whole timeline. */
  until?: number;
}

/** The payload as embedded: the timeline packed (see pack.ts). */
export interface EncodedPayload {
  packed: PackedTimeline;
  options: PlayerOptions;
  until?: number;
}

/** Avatar data: URLs by participant id. Kept apart from the timeline so both payloads can share them. */
export type EmbeddedAvatars = Record<string, string>;

export interface EmbeddedFont {
  family: string;
  weight: number;
  /** woff2 bytes, base64. */
  data: string;
}

/** Element ids of the page's data islands (non-executable `<script>` blocks). */
/** The whole timeline comes in several islands of this class, in order. */
export const DATA_CLASS = 'pm-data';
export const HEAD_ID = 'pm-head';
export const FONTS_ID = 'pm-fonts';
export const AVATARS_ID = 'pm-avatars';
export const ROOT_ID = 'pm-player';

export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4] as const;
export const MIN_SPEED = 0.5;
export const MAX_SPEED = 4;
