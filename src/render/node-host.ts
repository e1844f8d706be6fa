// The scene's host in Node: a Skia canvas (@napi-rs/canvas) with the scene's fonts registered
// and the avatars decoded, so `drawScene` paints here exactly what it paints in the browser.
// Used by `playback render` (every frame) and `playback frame` (one frame).
import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts, Image, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { drawScene, sceneFonts, type Ctx2D, type SceneAssets, type View } from '../scene/index.js';
import type { Timeline } from '../timeline/model.js';
import { packagePath } from '../util/package-root.js';

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
  readonly ctx: SKRSContext2D;
  /** Problems met while preparing assets (e.g. an avatar that does not decode). */
  readonly problems: AvatarProblem[];
  /** Draw the scene at time t (seconds) onto the canvas. */
  draw(t: number): void;
  /** The canvas as PNG. */
  png(): Buffer;
  /** The canvas as RGBA bytes, width*height*4, a fresh copy (opaque scene: premultiplied equals straight). */
  rgba(): Buffer;
}

export async function createNodeStage(timeline: Timeline, view: View): Promise<NodeStage> {
  if (!Number.isInteger(view.width) || !Number.isInteger(view.height) || view.width < 1 || view.height < 1) {
    throw new Error(`frame size must be whole pixels, not ${view.width}x${view.height}`);
  }
  registerSceneFonts();
  const { avatars, problems } = await decodeAvatars(timeline);
  const assets: SceneAssets = { avatars };
  const canvas = createCanvas(view.width, view.height);
  const ctx = canvas.getContext('2d');
  const frozenView: View = { width: view.width, height: view.height };
  return {
    view: frozenView,
    canvas,
    ctx,
    problems,
    draw(t: number) {
      // The scene may leave state (transform, alpha, clip) behind; every frame starts clean.
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalAlpha = 1;
      ctx.globalCompositeOperation = 'source-over';
      drawScene(ctx as unknown as Ctx2D, timeline, t, frozenView, assets);
      ctx.restore();
    },
    png: () => canvas.toBuffer('image/png'),
    rgba: () => canvas.data(),
  };
}

/** Draw one frame at t: for one-off stills. */
export async function drawFrame(timeline: Timeline, t: number, view: View): Promise<NodeStage> {
  const stage = await createNodeStage(timeline, view);
  stage.draw(t);
  return stage;
}
