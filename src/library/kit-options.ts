// What shapes a kit: its parts and the render settings. The same options, in the same canonical
// form, go into the job key, over the queue to workers, and into each kit's manifest.
import type { Quality } from '../render/ffmpeg.js';

/** Parts a kit can hold: the landscape video, the portrait short, the player, the poster, chapter lines, captions. */
export const KIT_PARTS = ['mp4', 'short', 'html', 'poster', 'chapters', 'vtt', 'srt'] as const;
export type KitPart = (typeof KIT_PARTS)[number];

export interface KitOptions {
  parts: KitPart[];
  width: number;
  height: number;
  fps: number;
  quality: Quality;
  /** Seconds of video at most (from the start); undefined: the whole session. */
  to?: number;
  speed: number;
  /** The short: seconds it is cut to (--fit), and its portrait frame. */
  shortLength: number;
  shortWidth: number;
  shortHeight: number;
  redact: boolean;
  literals: string[];
  entitiesDir?: string;
}

export const DEFAULT_KIT_OPTIONS: KitOptions = {
  parts: [...KIT_PARTS],
  width: 1280,
  height: 720,
  fps: 30,
  quality: 'medium',
  speed: 1,
  shortLength: 60,
  shortWidth: 720,
  shortHeight: 1280,
  redact: true,
  literals: [],
};

/** The options in a fixed key order with the parts sorted: equal options give equal text. */
export function canonicalOptions(o: KitOptions): KitOptions {
  return {
    parts: KIT_PARTS.filter((p) => o.parts.includes(p)),
    width: o.width,
    height: o.height,
    fps: o.fps,
    quality: o.quality,
    ...(o.to !== undefined ? { to: o.to } : {}),
    speed: o.speed,
    shortLength: o.shortLength,
    shortWidth: o.shortWidth,
    shortHeight: o.shortHeight,
    redact: o.redact,
    literals: [...o.literals].sort(),
    ...(o.entitiesDir ? { entitiesDir: o.entitiesDir } : {}),
  };
}
