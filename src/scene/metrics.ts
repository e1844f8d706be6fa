// The heights of the stage's rows of text, from the type scale: the layout sizes its regions
// with them and the painters set their baselines with them, so a region grows with its text
// and never cuts it. Only the text grows; the padding around it stays as designed.
import type { TypeScale } from './type.js';

/** The top bar: the title's baseline and the bar's height. */
export function topBarMetrics(type: TypeScale) {
  const baseline = 22 + 16 * type.grow.label;
  return { baseline, height: baseline + 20 };
}

/** The table: avatars sit `seatDy` below its top, their names `nameDy` below their centres. */
const SEAT_DY = 62;
export const ACTIVE_R = 40;
export function tableMetrics(type: TypeScale) {
  const nameDy = ACTIVE_R + 9 + 15 * type.grow.label;
  return { seatDy: SEAT_DY, nameDy, height: SEAT_DY + nameDy + 22 };
}

/**
 * The provenance badge and the model chip: a name over a monospace line; `monoLines` 2 gives the
 * badge's provenance a second line (a portrait stage, too narrow for it on one).
 */
export function badgeMetrics(type: TypeScale, monoLines = 1) {
  const line1 = 6 + 17 * type.grow.heading;
  const monoLine = 13 * type.grow.mono;
  const line2 = line1 + 7 + monoLine;
  const last = line2 + (monoLines - 1) * (monoLine + 4);
  return { line1, line2, monoLine: monoLine + 4, height: last + 11 };
}

/** One entry of the feed of earlier cues above the current one. */
export function feedRowHeight(type: TypeScale): number {
  return 10.5 + 13.5 * type.grow.label;
}

/** The files panel: its heading's baseline, where its rows start, one row's height, the room under a strip's last row. */
export function filesMetrics(type: TypeScale, strip: boolean) {
  const heading = 15 + 13 * type.grow.label;
  const nameDy = 4 + 13 * type.grow.mono;
  const barDy = nameDy + 8;
  const rowH = barDy + (strip ? 15 : 21);
  return { heading, listDy: heading + (strip ? 12 : 16), nameDy, barDy, barH: 9, rowH, foot: 10 };
}
