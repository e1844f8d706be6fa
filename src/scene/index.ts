// The scene: draws the stage for time t. A pure function of (timeline, t, view, assets):
// no clock, no randomness, no state carried between calls, so any frame can be drawn alone,
// in any order, and the player and the video show the same pictures.
import { hexToRgb } from '../recording/color.js';
import type { Timeline } from '../timeline/model.js';
import { formatClock } from '../util/text.js';
import { chapterAt, cueIndexAt } from '../timeline/query.js';
import { drawTurnHeader, headerRects, headerSpeaker } from './badge.js';
import { CARD_H, drawEndCard, drawTitleCard } from './cards.js';
import { drawFiles, fileRows } from './files.js';
import { drawLineageStrip, drawSessionCard } from './lineage.js';
import { mono, sans } from './fonts.js';
import { topBarMetrics } from './metrics.js';
import { drawTable, tableAt } from './table.js';
import { clamp01, colors, easeInOut, layoutFor, type Layout } from './theme.js';
import { ellipsize, measure } from './text.js';
import type { Ctx2D, SceneAssets, View } from './types.js';
import { drawWork } from './work.js';

export type { Ctx2D, SceneAssets, View } from './types.js';
export { sceneFonts } from './fonts.js';

/** A rectangle in device pixels, on whole pixels. */
export interface PixelRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * One part of the frame. It paints only inside `rect` (it is clipped there, in the player and the
 * video alike), so a renderer that sees a layer's drawing unchanged from the last frame may keep
 * those pixels instead of painting them again.
 */
export interface SceneLayer {
  name: string;
  rect: PixelRect;
  /** Draws in stage units, starting from the state `paintLayer` sets up. */
  paint(ctx: Ctx2D): void;
}

/** The frame at t as layers, bottom first. Nothing is drawn yet. */
export function sceneLayers(timeline: Timeline, t: number, view: View, assets: SceneAssets): SceneLayer[] {
  const time = Math.max(0, Math.min(t, timeline.duration));
  const layout = layoutFor(view.width, view.height, filesOpenAt(timeline, time), view.pixelRatio);
  const area = (name: string, x0: number, y0: number, x1: number, y1: number, paint: (ctx: Ctx2D) => void): SceneLayer => ({
    name,
    rect: pixelRect(layout, view, x0, y0, x1, y1),
    paint,
  });
  const { w, h } = layout;
  const layers: SceneLayer[] = [area('background', 0, 0, w, h, (ctx) => drawBackground(ctx, layout))];
  const cueIndex = cueIndexAt(timeline, time);
  const cue = timeline.cues[cueIndex];
  const progressTop = layout.progressTop;
  if (cue?.kind === 'title' || cue?.kind === 'end') {
    const card = cue.kind === 'title'
      ? (ctx: Ctx2D, l: Layout) => drawTitleCard(ctx, timeline, time, cue.end, l, assets)
      : (ctx: Ctx2D, l: Layout) => drawEndCard(ctx, timeline, time, cue.start, l, assets);
    layers.push(area('card', 0, 0, w, progressTop, (ctx) => drawCard(ctx, layout, CARDS[cue.kind], card)));
  } else if (cue?.kind === 'session') {
    layers.push(area('card', 0, 0, w, progressTop, (ctx) => drawCard(ctx, layout, CARDS.session, (c, l) => drawSessionCard(c, cue, time, l))));
  } else {
    const { header, files } = layout;
    const landscape = layout.shape === 'landscape';
    // Left of the files column in landscape; the whole width when the files are a strip below.
    const columnRight = landscape ? layout.right.x - 4 : w;
    const workBottom = landscape ? progressTop : Math.min(progressTop, files.y - 4);
    layers.push(area('top', 0, 0, w, layout.table.y - 2, (ctx) => drawTopBar(ctx, timeline, time, layout)));
    // The table reaches up into the top bar: a passed conch arcs over the seats.
    layers.push(area('table', 0, 20, columnRight, header.y - 4, (ctx) => drawTable(ctx, timeline, time, layout, assets)));
    const chapter = chapterAt(timeline, time);
    if (chapter) {
      const speakerId = cue?.kind === 'conch' ? undefined : cue?.participantId;
      const guest = headerSpeaker(timeline, chapter, speakerId).guest;
      // A guest's header fades in as the guest takes its seat.
      const enter = clamp01((time - (guest ? guest.enter : chapter.start)) / 0.4);
      const alpha = cue?.kind === 'conch' ? clamp01(((time - cue.start) / (cue.end - cue.start)) * 2 - 1) : enter;
      layers.push(area('header', header.x - 4, header.y - 4, header.x + header.w + 4, layout.work.y - 12, (ctx) => drawTurnHeader(ctx, timeline, chapter, layout, alpha, speakerId)));
    }
    layers.push(area('work', 0, layout.work.y - 12, columnRight, workBottom, (ctx) => drawWork(ctx, timeline, cueIndex, time, layout)));
    if (landscape ? files.x < w : files.y < progressTop) {
      const filesArea = landscape ? [files.x - 4, layout.table.y, w, progressTop] as const : [0, files.y - 4, w, progressTop] as const;
      layers.push(area('files', ...filesArea, (ctx) => drawFiles(ctx, timeline, time, layout)));
    }
  }
  layers.push(area('progress', 0, progressTop, w, h, (ctx) => drawProgress(ctx, timeline, time, layout)));
  return layers;
}

/** Seconds the files panel takes to slide in as the first file is written. */
const FILES_SLIDE = 0.6;

/**
 * How far the files panel is open at t: closed until the first write, whose cue it slides in
 * with (not before: the text held on screen then must not reflow under the reader).
 */
export function filesOpenAt(timeline: Timeline, t: number): number {
  let first = Infinity;
  for (const track of timeline.files) first = Math.min(first, track.versions[0]?.time ?? Infinity);
  return first === Infinity ? 0 : easeInOut((t - first) / FILES_SLIDE);
}

/**
 * The cards' designs, in units on a 720-high canvas: the width each is laid out for, the narrowest
 * its narrow layout takes (the stacked shapes), its smallest text (a label), and the band of the
 * canvas its content takes.
 */
const CARDS = {
  title: { w: 800, narrowW: 400, smallest: 13, top: 90, bottom: 640, compact: true },
  end: { w: 780, narrowW: 380, smallest: 13, top: 60, bottom: 690, compact: true },
  session: { w: 700, narrowW: 360, smallest: 14, top: 270, bottom: 420, compact: false },
} as const;
/** The narrowest canvas a compact card is laid out on. */
const COMPACT_W = 400;

/**
 * A card on a stage of any shape: drawn on a 720-high canvas of the stage's width. On a stacked
 * stage it is scaled so that its smallest text reaches its floor, as far as the stage's height and
 * the card's narrow layout allow (the card is then laid out that much narrower), or down to fit
 * a stage narrower than its design; its content centred in the height.
 */
function drawCard(ctx: Ctx2D, layout: Layout, card: (typeof CARDS)[keyof typeof CARDS], paint: (ctx: Ctx2D, layout: Layout) => void): void {
  if (layout.shape === 'landscape') {
    paint(ctx, layout);
    return;
  }
  // Too short for the card's band at its floor (square, 4:5): its compact composition, on a
  // canvas as high as the stage, lifted to the floor.
  const floor = layout.type.lift(['label', card.smallest]);
  if (card.compact && floor * (card.bottom - card.top) > layout.progressTop && layout.w / floor >= COMPACT_W) {
    ctx.save();
    ctx.scale(floor, floor);
    paint(ctx, { ...layout, w: layout.w / floor, h: layout.progressTop / floor });
    ctx.restore();
    return;
  }
  const lift = Math.min(floor, layout.progressTop / (card.bottom - card.top), layout.w / card.narrowW);
  const s = Math.max(Math.min(1, layout.w / card.w), lift);
  ctx.save();
  ctx.translate(0, layout.progressTop / 2 - (s * (card.top + card.bottom)) / 2);
  ctx.scale(s, s);
  paint(ctx, { ...layout, w: layout.w / s, h: CARD_H });
  ctx.restore();
}

function pixelRect(layout: Layout, view: View, x0: number, y0: number, x1: number, y1: number): PixelRect {
  const u = layout.u;
  const left = Math.max(0, Math.floor(x0 * u));
  const top = Math.max(0, Math.floor(y0 * u));
  const right = Math.min(view.width, Math.ceil(x1 * u));
  const bottom = Math.min(view.height, Math.ceil(y1 * u));
  return { x: left, y: top, w: Math.max(0, right - left), h: Math.max(0, bottom - top) };
}

/** Device pixels per stage unit: the transform a layer paints under. */
export function stageScale(view: View): number {
  return layoutFor(view.width, view.height).u;
}

/** Paint one layer: clipped to its rectangle, in stage units, from a known state. */
export function paintLayer(ctx: Ctx2D, layer: SceneLayer, view: View): void {
  const { x, y, w, h } = layer.rect;
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  const u = stageScale(view);
  ctx.setTransform(u, 0, 0, u, 0, 0);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.globalAlpha = 1;
  layer.paint(ctx);
  ctx.restore();
}

/** Draw the whole frame at t. */
export function drawScene(ctx: Ctx2D, timeline: Timeline, t: number, view: View, assets: SceneAssets): void {
  for (const layer of sceneLayers(timeline, t, view, assets)) paintLayer(ctx, layer, view);
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
  const type = layout.type;
  const { baseline } = topBarMetrics(type);
  // The lineage strip is designed at 720p: lifted as a whole where its labels would be too small.
  const k = type.lift(['label', 11.5]);
  // On a narrow stage a workflow's strip takes the clock's place (the progress strip still shows where t is).
  const clock = timeline.workflow && layout.shape !== 'landscape' ? '' : `${formatClock(t)} / ${formatClock(timeline.duration)}`;
  ctx.font = mono(type.size('mono'));
  const cw = clock ? measure(ctx, clock) : 0;
  ctx.fillStyle = colors.faint;
  if (clock) ctx.fillText(clock, layout.w - 28 - cw, baseline);
  const titleSize = type.size('label', 16);
  ctx.font = sans(titleSize, 700);
  ctx.fillStyle = colors.text;
  const label = timeline.meta.party ? `Party · ${timeline.meta.title}` : timeline.meta.title;
  // A workflow gives the title's right half to its lineage strip.
  const titleRoom = timeline.workflow ? Math.min(measure(ctx, label), (layout.w - cw) * 0.3) : layout.w - cw - 90;
  ctx.fillText(ellipsize(ctx, label, titleRoom), 28, baseline);
  if (!timeline.workflow) return;
  const strip = { x: 28 + titleRoom + 24, w: layout.w - 28 - (clock ? cw + 30 : 0) - (28 + titleRoom + 24) };
  ctx.save();
  ctx.translate(strip.x, baseline - 16 * k);
  ctx.scale(k, k);
  drawLineageStrip(ctx, timeline, t, { x: 0, y: 0, w: strip.w / k });
  ctx.restore();
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
  // The playhead moves a fraction of a pixel a frame: it steps by whole device pixels instead.
  ctx.fillRect(Math.round((t / d) * w * layout.u) / layout.u - 1, y - 2, 2, 10);
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
  const time = Math.max(0, Math.min(t, timeline.duration));
  const layout = layoutFor(view.width, view.height, filesOpenAt(timeline, time), view.pixelRatio);
  const u = layout.u;
  const cue = timeline.cues[cueIndexAt(timeline, time)];
  const stage = cue?.kind === 'title' ? 'title' : cue?.kind === 'end' ? 'end' : 'turn';
  if (stage !== 'turn') return { stage, seats: [], fileRows: [] };
  const table = tableAt(timeline, time, layout);
  const chapter = chapterAt(timeline, time);
  const modelId = chapter && headerSpeaker(timeline, chapter, cue?.kind === 'conch' ? undefined : cue?.participantId).modelId;
  const chip = chapter && modelId ? headerRects(layout, true).chip : undefined;
  return {
    stage,
    seats: table.seats.map((s) => ({ id: s.participant.id, x: s.x * u, y: s.y * u, r: s.r * u, activeness: s.activeness })),
    conch: table.conch && { x: table.conch.x * u, y: table.conch.y * u, size: table.conch.size * u },
    modelChip: chip && modelId ? { x: chip.x * u, y: chip.y * u, w: chip.w * u, h: chip.h * u, modelId } : undefined,
    fileRows: fileRows(timeline, time, layout).map((r) => ({ path: r.track.path, x: (r.x + 18) * u, y: r.y * u, barY: r.barY * u, barH: r.barH * u })),
  };
}
