// Which frames a stretch holds and when each is: from the frame number only, never a clock.
import type { View } from '../scene/index.js';
import type { Timeline } from '../timeline/model.js';

/** Frames in a stretch of `seconds` at `fps`: every frame whose start lies inside it. */
export function frameCount(seconds: number, fps: number): number {
  return Math.max(1, Math.ceil(seconds * fps - 1e-6));
}

/** The time of frame n of a stretch starting at `from`. */
export function frameTime(from: number, n: number, fps: number): number {
  return from + n / fps;
}

/** Which frames of a timeline to draw, and how. */
export interface FrameRequest {
  timeline: Timeline;
  view: View;
  from: number;
  fps: number;
  /** Frame numbers to draw, in order. */
  frames: number[];
  stamp: boolean;
}
