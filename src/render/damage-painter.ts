// Repaints only what changed since the last frame. Each scene layer is first recorded (see
// layer-recording.ts); comparing a layer's items with the last frame's finds the few that
// changed, and only their boxes are repainted, clipped to them, by every layer that crosses
// them, bottom first. Layers never paint outside their rectangles (paintLayer clips them), so
// the result is the full paint, pixel for pixel; the render tests compare the two.
import { paintLayer, stageScale, type Ctx2D, type PixelRect, type SceneLayer, type View } from '../scene/index.js';
import { EMPTY, RecordingContext, replay, type Box, type Item, type Recording, type TextMeasurer } from './layer-recording.js';

/**
 * Where two frames' drawings of a layer differ: the boxes of the items between their common
 * start and common end, in either frame. Items before and after are the same calls with the
 * same state in the same order, so outside those boxes every pixel comes out the same.
 */
function changedBox(before: Item[], now: Item[]): Box | undefined {
  let start = 0;
  const shorter = Math.min(before.length, now.length);
  while (start < shorter && before[start]!.key === now[start]!.key) start++;
  if (start === before.length && start === now.length) return undefined;
  let end = 0;
  while (end < shorter - start && before[before.length - 1 - end]!.key === now[now.length - 1 - end]!.key) end++;
  const box = { ...EMPTY };
  for (const items of [before, now]) {
    for (let k = start; k < items.length - end; k++) {
      const b = items[k]!.box;
      if (b.x0 < box.x0) box.x0 = b.x0;
      if (b.y0 < box.y0) box.y0 = b.y0;
      if (b.x1 > box.x1) box.x1 = b.x1;
      if (b.y1 > box.y1) box.y1 = b.y1;
    }
  }
  return box;
}

function sameRect(a: PixelRect, b: PixelRect): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

function crosses(a: PixelRect, b: PixelRect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function intersection(a: PixelRect, b: PixelRect): PixelRect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, w: Math.max(0, Math.min(a.x + a.w, b.x + b.w) - x), h: Math.max(0, Math.min(a.y + a.h, b.y + b.h) - y) };
}

function boxToRect(b: Box): PixelRect {
  return { x: b.x0, y: b.y0, w: Math.max(0, b.x1 - b.x0), h: Math.max(0, b.y1 - b.y0) };
}

function contains(outer: PixelRect, inner: PixelRect): boolean {
  return outer.x <= inner.x && outer.y <= inner.y && outer.x + outer.w >= inner.x + inner.w && outer.y + outer.h >= inner.y + inner.h;
}

/** The rectangles that hold pixels, less any that another one (earlier, for equal ones) already covers. */
function withoutContained(rects: PixelRect[]): PixelRect[] {
  const some = rects.filter((r) => r.w > 0 && r.h > 0);
  return some.filter((r, i) => !some.some((o, j) => j !== i && contains(o, r) && (!contains(r, o) || j < i)));
}

/**
 * `area` grown until every item it repaints is either wholly inside it or cut only where the
 * cut changes nothing (see Item.cut). (Cuts by a layer's own rectangle happen in the full
 * paint too.)
 */
function uncutItems(area: PixelRect, layers: SceneLayer[], recordings: Map<string, { rec: Recording }>): PixelRect {
  let box: Box = { x0: area.x, y0: area.y, x1: area.x + area.w, y1: area.y + area.h };
  const within = (inner: Box, outer: Box) => inner.x0 >= outer.x0 && inner.y0 >= outer.y0 && inner.x1 <= outer.x1 && inner.y1 <= outer.y1;
  for (let grown = true; grown; ) {
    grown = false;
    for (const layer of layers) {
      const r = layer.rect;
      for (const item of recordings.get(layer.name)!.rec.items) {
        const b = item.box;
        if (!(b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) continue;
        const cut = item.cut;
        if (cut === 'anywhere' || (cut?.solid && within(box, cut.solid)) || (cut?.hole && within(box, cut.hole))) continue;
        const x0 = Math.max(b.x0, r.x);
        const y0 = Math.max(b.y0, r.y);
        const x1 = Math.min(b.x1, r.x + r.w);
        const y1 = Math.min(b.y1, r.y + r.h);
        if (x0 >= x1 || y0 >= y1 || within({ x0, y0, x1, y1 }, box)) continue;
        box = { x0: Math.min(box.x0, x0), y0: Math.min(box.y0, y0), x1: Math.max(box.x1, x1), y1: Math.max(box.y1, y1) };
        grown = true;
      }
    }
  }
  return boxToRect(box);
}

export interface DamageStats {
  frames: number;
  /** Device pixels repainted, summed over frames. */
  pixels: number;
}

export class DamagePainter {
  private last = new Map<string, { rect: PixelRect; rec: Recording }>();
  /** Areas changed from outside the scene (a debug stamp), or everything before the first frame. */
  private forced: PixelRect[];
  private readonly recorder: RecordingContext;
  readonly stats: DamageStats = { frames: 0, pixels: 0 };

  constructor(private readonly ctx: Ctx2D, private readonly view: View, measurer: TextMeasurer) {
    this.recorder = new RecordingContext(measurer);
    this.forced = [{ x: 0, y: 0, w: view.width, h: view.height }];
  }

  /** Pixels in `rect` were drawn over outside the scene: repaint them with the next frame. */
  invalidate(rect: PixelRect): void {
    this.forced.push(rect);
  }

  /** Paint the frame's layers over the last frame; returns the areas repainted. */
  paint(layers: SceneLayer[]): PixelRect[] {
    const damage = this.forced;
    this.forced = [];
    const now = new Map<string, { rect: PixelRect; rec: Recording }>();
    for (const layer of layers) {
      this.recorder.begin(stageScale(this.view), layer.rect);
      layer.paint(this.recorder as unknown as Ctx2D);
      const rec = this.recorder.recording();
      now.set(layer.name, { rect: layer.rect, rec });
      const before = this.last.get(layer.name);
      let changed: PixelRect | undefined;
      if (!before || !sameRect(before.rect, layer.rect)) {
        changed = layer.rect;
        if (before) damage.push(before.rect);
      } else {
        const box = changedBox(before.rec.items, rec.items);
        if (box) changed = intersection(boxToRect(box), layer.rect);
      }
      if (changed) damage.push(changed);
    }
    for (const [name, before] of this.last) if (!now.has(name)) damage.push(before.rect);
    this.last = now;
    this.stats.frames += 1;

    // One damaged rectangle at a time: a clip of several rectangles is no longer a plain rectangle
    // to Skia, which then antialiases edges a level or two differently from the full paint.
    // Repainting a pixel twice is harmless: the background layer covers it first.
    const areas = withoutContained(damage.map((r) => uncutItems(r, layers, now)));
    for (const area of areas) {
      this.stats.pixels += area.w * area.h;
      for (const layer of layers) {
        if (!crosses(area, layer.rect)) continue;
        const clip = intersection(area, layer.rect);
        const rec = now.get(layer.name)!.rec;
        paintLayer(this.ctx, { ...layer, rect: clip, paint: (c) => replay(rec, c, clip) }, this.view);
      }
    }
    return areas;
  }
}
