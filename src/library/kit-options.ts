// What shapes a kit: its parts and the render settings. The same options, in the same canonical
// form, go into the job key, over the queue to workers, and into each kit's manifest.
import type { Quality } from '../render/ffmpeg.js';

/** Parts a kit can hold. The portrait short and WebVTT captions join this list when they exist. */
export const KIT_PARTS = ['mp4', 'html', 'poster', 'chapters'] as const;
export type KitPart = (typeof KIT_PARTS)[number];

/** Parts asked for that are not made yet, and the reason to give. */
export const PLANNED_PARTS: Readonly<Record<string, string>> = {
  short: 'the portrait short is not made yet',
  vtt: 'WebVTT captions are not made yet',
};

export interface KitOptions {
  parts: KitPart[];
  width: number;
  height: number;
  fps: number;
  quality: Quality;
  /** Seconds of video at most (from the start); undefined: the whole session. */
  to?: number;
  speed: number;
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
    redact: o.redact,
    literals: [...o.literals].sort(),
    ...(o.entitiesDir ? { entitiesDir: o.entitiesDir } : {}),
  };
}
