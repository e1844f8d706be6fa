// The scene's host in Node: a Skia canvas (@napi-rs/canvas) with the scene's fonts registered
// and the avatars decoded, so `drawScene` paints here exactly what it paints in the browser.
// Used by `playback render` (every frame) and `playback frame` (one frame).
import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts, Image, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { drawScene, sceneFonts, sceneLayers, type Ctx2D, type PixelRect, type SceneAssets, type View } from '../scene/index.js';
import type { Timeline } from '../timeline/model.js';
import { packagePath } from '../util/package-root.js';
import { DamagePainter, type DamageStats } from './damage-painter.js';
import type { TextMeasurer } from './layer-recording.js';
import { stampArea, stampFrameNumber } from './frame-stamp.js';

/** assets/fonts at the package root: two levels up from both src/render and dist/render. */
export const FONTS_DIR = packagePath('assets/fonts/');

let fontsRegistered = false;

/** Register the scene's font files with Skia, once per process. Throws when one is missing. */
function registerSceneFonts(dir = FONTS_DIR): void {
  if (fontsRegistered) return;
  for (const font of sceneFonts) {
    const path = `${dir}${font.file}`;
    if (!existsSync(path)) {
      throw new Error(`font file missing: ${path} (the package's assets/fonts folder is incomplete; reinstall playback-machine)`);
    }
    if (!GlobalFonts.registerFromPath(path, font.family)) {
      throw new Error(`font file could not be loaded: ${path}`);
    }
  }
  fontsRegistered = true;
}

export interface AvatarProblem {
  participantId: string;
  message: string;
}

/**
 * Decode every participant's avatar (a data: URL) into a Skia image. An avatar that does not
 * decode is reported and left out, so the scene draws its generated avatar instead.
 */
async function decodeAvatars(timeline: Timeline): Promise<{ avatars: SceneAssets['avatars']; problems: AvatarProblem[] }> {
  const avatars: SceneAssets['avatars'] = {};
  const problems: AvatarProblem[] = [];
  for (const p of timeline.participants) {
    if (!p.avatar) continue;
    const image = new Image();
    try {
      image.src = p.avatar;
      await image.decode();
      avatars[p.id] = image as unknown as CanvasImageSource;
    } catch (err) {
      problems.push({ participantId: p.id, message: `avatar of ${p.name} could not be decoded: ${(err as Error).message}` });
    }
  }
  return { avatars, problems };
}

/** One canvas, reused for every frame: drawing allocates nothing per frame beyond the pixels read out. */
export interface NodeStage {
  readonly view: View;
  readonly canvas: Canvas;
  /** For reading pixels. Drawing on it outside draw() would go unseen by the next frame's repaint. */
  readonly ctx: SKRSContext2D;
  /** Problems met while preparing assets (e.g. an avatar that does not decode). */
  readonly problems: AvatarProblem[];
  /**
   * Draw the scene at time t (seconds) onto the canvas; with `stampFrame`, stamp that frame
   * number over it as a barcode (see frame-stamp.ts). Returns false when no pixel changed
   * since the previous draw.
   */
  draw(t: number, stampFrame?: number): boolean;
  /** How much of the frame was repainted so far (with `repaint: 'changed'`). */
  readonly damage?: DamageStats;
  /** The canvas as PNG. */
  png(): Buffer;
  /** The frame as RGBA bytes, width*height*4, in a fresh buffer. */
  rgba(): Buffer;
  /** The frame as RGBA bytes, copied into `target` (width*height*4 bytes): no allocation. */
  copyRgba(target: Uint8Array): void;
}

export interface NodeStageOptions {
  /**
   * 'changed' (the default) repaints only the layers whose drawing changed since the previous
   * frame, which is what makes rendering fast; 'all' paints every frame whole.
   */
  repaint?: 'changed' | 'all';
}

export async function createNodeStage(timeline: Timeline, view: View, options: NodeStageOptions = {}): Promise<NodeStage> {
  if (!Number.isInteger(view.width) || !Number.isInteger(view.height) || view.width < 1 || view.height < 1) {
    throw new Error(`frame size must be whole pixels, not ${view.width}x${view.height}`);
  }
  registerSceneFonts();
  const { avatars, problems } = await decodeAvatars(timeline);
  const assets: SceneAssets = { avatars };
  const canvas = createCanvas(view.width, view.height);
  // Opaque: every frame paints its whole background, and reading an opaque surface out skips
  // un-premultiplying each pixel.
  const ctx = canvas.getContext('2d', { alpha: false });
  const frozenView: View = { width: view.width, height: view.height };
  const painter = options.repaint === 'all' ? undefined : new DamagePainter(ctx as unknown as Ctx2D, frozenView, measurer());
  const whole: PixelRect = { x: 0, y: 0, w: view.width, h: view.height };
  // The frame's bytes, kept up to date by reading back only what each draw changed: reading the
  // whole canvas out costs a fresh 3.7 MB buffer a frame (page faults, then garbage to collect).
  const frame = new Uint8Array(view.width * view.height * 4);
  let unread: PixelRect[] = [whole];
  const readBack = () => {
    for (const r of unread) copyRect(canvas, ctx, r, frame, view.width);
    unread = [];
  };
  return {
    view: frozenView,
    canvas,
    ctx,
    problems,
    damage: painter?.stats,
    draw(t: number, stampFrame?: number) {
      // The scene may leave state (transform, alpha, clip) behind; every frame starts clean.
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalAlpha = 1;
      ctx.globalCompositeOperation = 'source-over';
      let changed = true;
      if (painter) {
        const areas = painter.paint(sceneLayers(timeline, t, frozenView, assets));
        unread.push(...areas);
        changed = areas.length > 0;
      } else {
        drawScene(ctx as unknown as Ctx2D, timeline, t, frozenView, assets);
        unread = [whole];
      }
      ctx.restore();
      if (stampFrame !== undefined) {
        stampFrameNumber(ctx, stampFrame, frozenView);
        const area = stampArea(frozenView);
        unread.push(area);
        painter?.invalidate(area);
        changed = true;
      }
      return changed;
    },
    png: () => canvas.toBuffer('image/png'),
    rgba() {
      readBack();
      return Buffer.from(frame);
    },
    copyRgba(target: Uint8Array) {
      readBack();
      target.set(frame);
    },
  };
}

/** Copy a rectangle of the canvas into a whole frame's RGBA bytes (opaque: straight equals premultiplied). */
function copyRect(canvas: Canvas, ctx: SKRSContext2D, r: PixelRect, frame: Uint8Array, width: number): void {
  if (r.w <= 0 || r.h <= 0) return;
  // Skia reads a whole surface out several times faster than a region of it.
  const whole = r.x === 0 && r.y === 0 && r.w === width && r.h * width * 4 === frame.length;
  const pixels = whole ? canvas.data() : ctx.getImageData(r.x, r.y, r.w, r.h).data;
  const row = r.w * 4;
  if (r.x === 0 && r.w === width) {
    frame.set(pixels, r.y * row);
    return;
  }
  for (let y = 0; y < r.h; y++) {
    frame.set(new Uint8Array(pixels.buffer, pixels.byteOffset + y * row, row), ((r.y + y) * width + r.x) * 4);
  }
}

/** A small canvas of its own for measuring text, so measuring never disturbs the frame's state. */
function measurer(): TextMeasurer {
  return createCanvas(1, 1).getContext('2d') as unknown as TextMeasurer;
}

/** Draw one frame at t: for one-off stills. */
export async function drawFrame(timeline: Timeline, t: number, view: View): Promise<NodeStage> {
  const stage = await createNodeStage(timeline, view);
  stage.draw(t);
  return stage;
}
