// The scene: draws the stage for time t. A pure function of (timeline, t, view, assets):
// no clock, no randomness, no state carried between calls, so any frame can be drawn alone,
// in any order, and the player and the video show the same pictures.
import { hexToRgb } from '../recording/color.js';
import type { Timeline } from '../timeline/model.js';
import { formatClock } from '../util/text.js';
import { chapterAt, cueIndexAt } from '../timeline/query.js';
import { drawTurnHeader, headerRects } from './badge.js';
import { drawEndCard, drawTitleCard } from './cards.js';
import { drawFiles, fileRows } from './files.js';
import { mono, sans } from './fonts.js';
import { drawTable, tableAt } from './table.js';
import { clamp01, colors, layoutFor, type Layout } from './theme.js';
import { ellipsize, measure } from './text.js';
import type { Ctx2D, SceneAssets, View } from './types.js';
import { drawWork } from './work.js';

export type { Ctx2D, SceneAssets, View } from './types.js';
export { sceneFonts } from './fonts.js';

export function drawScene(ctx: Ctx2D, timeline: Timeline, t: number, view: View, assets: SceneAssets): void {
  const layout = layoutFor(view.width, view.height);
  const time = Math.max(0, Math.min(t, timeline.duration));
  ctx.save();
  ctx.setTransform(layout.u, 0, 0, layout.u, 0, 0);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.globalAlpha = 1;
  drawBackground(ctx, layout);
  const cueIndex = cueIndexAt(timeline, time);
  const cue = timeline.cues[cueIndex];
  if (cue?.kind === 'title') {
    drawTitleCard(ctx, timeline, time, cue.end, layout, assets);
  } else if (cue?.kind === 'end') {
    drawEndCard(ctx, timeline, time, cue.start, layout, assets);
  } else {
    drawTopBar(ctx, timeline, time, layout);
    drawTable(ctx, timeline, time, layout, assets);
    const chapter = chapterAt(timeline, time);
    if (chapter) {
      const enter = clamp01((time - chapter.start) / 0.4);
      drawTurnHeader(ctx, timeline, chapter, layout, cue?.kind === 'conch' ? clamp01((time - cue.start) / (cue.end - cue.start) * 2 - 1) : enter);
    }
    drawWork(ctx, timeline, cueIndex, time, layout);
    drawFiles(ctx, timeline, time, layout);
  }
  drawProgress(ctx, timeline, time, layout);
  ctx.restore();
}

/** The backdrop's fade, top to bottom, as bands one colour level apart (see drawBackground). */
const backgroundBands: string[] = (() => {
  const top = hexToRgb(colors.backgroundTop) ?? [0, 0, 0];
  const bottom = hexToRgb(colors.background) ?? [0, 0, 0];
  const n = Math.max(1, ...top.map((c, i) => Math.abs(c - bottom[i]!))) + 1;
  return Array.from({ length: n }, (_, k) => {
    const f = (k + 0.5) / n;
    return `rgb(${top.map((c, i) => Math.round(c + (bottom[i]! - c) * f)).join(',')})`;
  });
})();

/**
 * A vertical fade from backgroundTop to background, drawn as one full fill and then solid bands
 * one colour level apart on whole device pixels: what an 8-bit gradient shows anyway, at a
 * fraction of a gradient shader's cost (in Skia at 1280x720 the shader took 0.7 ms of a 1.4 ms
 * frame). The full fill also means nothing of the frame before shows through.
 */
function drawBackground(ctx: Ctx2D, layout: Layout): void {
  const width = Math.ceil(layout.w * layout.u);
  const height = Math.ceil(layout.h * layout.u);
  const n = backgroundBands.length;
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = backgroundBands[n - 1]!;
  ctx.fillRect(0, 0, width, height);
  for (let k = 0; k < n - 1; k++) {
    const y0 = Math.round((k * height) / n);
    const y1 = Math.round(((k + 1) * height) / n);
    ctx.fillStyle = backgroundBands[k]!;
    ctx.fillRect(0, y0, width, y1 - y0);
  }
  ctx.restore();
}

function drawTopBar(ctx: Ctx2D, timeline: Timeline, t: number, layout: Layout): void {
  ctx.font = sans(15, 700);
  ctx.fillStyle = colors.text;
  const clock = `${formatClock(t)} / ${formatClock(timeline.duration)}`;
  ctx.font = mono(13);
  const cw = measure(ctx, clock);
  ctx.fillStyle = colors.faint;
  ctx.fillText(clock, layout.w - 28 - cw, 38);
  ctx.font = sans(16, 700);
  ctx.fillStyle = colors.text;
  const label = timeline.meta.party ? `Party · ${timeline.meta.title}` : timeline.meta.title;
  ctx.fillText(ellipsize(ctx, label, layout.w - cw - 90), 28, 38);
}

/** A thin strip at the bottom: one segment per turn in its speaker's colour, and the playhead. */
function drawProgress(ctx: Ctx2D, timeline: Timeline, t: number, layout: Layout): void {
  const y = layout.h - 8;
  const w = layout.w;
  const d = Math.max(0.001, timeline.duration);
  ctx.fillStyle = colors.panel;
  ctx.fillRect(0, y, w, 8);
  for (const ch of timeline.chapters) {
    const p = timeline.participants.find((q) => q.id === ch.participantId);
    ctx.fillStyle = p?.color ?? colors.muted;
    ctx.globalAlpha = t >= ch.start ? 0.95 : 0.3;
    ctx.fillRect((ch.start / d) * w, y + 2, Math.max(1, ((ch.end - ch.start) / d) * w - 1), 6);
  }
  ctx.globalAlpha = 1;
  ctx.fillStyle = colors.text;
  ctx.fillRect((t / d) * w - 1, y - 2, 2, 10);
}

/**
 * Where the scene puts things at t, in pixels: for hit-testing in the player and for checking
 * frames against what they should show. Uses the same geometry the drawing uses.
 */
export interface SceneGeometry {
  stage: 'title' | 'turn' | 'end';
  seats: Array<{ id: string; x: number; y: number; r: number; activeness: number }>;
  conch?: { x: number; y: number; size: number };
  modelChip?: { x: number; y: number; w: number; h: number; modelId: string };
  fileRows: Array<{ path: string; x: number; y: number; barY: number; barH: number }>;
}

export function describeScene(timeline: Timeline, t: number, view: View): SceneGeometry {
  const layout = layoutFor(view.width, view.height);
  const u = layout.u;
  const time = Math.max(0, Math.min(t, timeline.duration));
  const cue = timeline.cues[cueIndexAt(timeline, time)];
  const stage = cue?.kind === 'title' ? 'title' : cue?.kind === 'end' ? 'end' : 'turn';
  if (stage !== 'turn') return { stage, seats: [], fileRows: [] };
  const table = tableAt(timeline, time, layout);
  const chapter = chapterAt(timeline, time);
  const modelId = chapter?.models[0];
  const chip = chapter && modelId ? headerRects(layout, true).chip : undefined;
  return {
    stage,
    seats: table.seats.map((s) => ({ id: s.participant.id, x: s.x * u, y: s.y * u, r: s.r * u, activeness: s.activeness })),
    conch: table.conch && { x: table.conch.x * u, y: table.conch.y * u, size: table.conch.size * u },
    modelChip: chip && modelId ? { x: chip.x * u, y: chip.y * u, w: chip.w * u, h: chip.h * u, modelId } : undefined,
    fileRows: fileRows(timeline, time, layout).map((r) => ({ path: r.track.path, x: (layout.right.x + 18) * u, y: r.y * u, barY: r.barY * u, barH: r.barH * u })),
  };
}
