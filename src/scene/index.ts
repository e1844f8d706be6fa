// The scene: draws the stage for time t. A pure function of (timeline, t, view, assets):
// no clock, no randomness, no state kept between calls, so any frame can be drawn alone.
import type { Timeline } from '../timeline/model.js';
import { chapterAt } from '../timeline/query.js';
import { sans } from './fonts.js';
import type { Ctx2D, SceneAssets, View } from './types.js';

export type { Ctx2D, SceneAssets, View } from './types.js';
export { sceneFonts } from './fonts.js';

export function drawScene(ctx: Ctx2D, timeline: Timeline, t: number, view: View, _assets: SceneAssets): void {
  ctx.fillStyle = '#0f1117';
  ctx.fillRect(0, 0, view.width, view.height);
  const ch = chapterAt(timeline, t);
  ctx.fillStyle = ch ? (timeline.participants.find((p) => p.id === ch.participantId)?.color ?? '#fff') : '#fff';
  ctx.font = sans(view.height / 20, 700);
  ctx.fillText(ch ? ch.entity : timeline.meta.title, view.width * 0.05, view.height * 0.5);
}
