// The canvas: kept at the largest 16:9 box that fits its container, drawn at device pixels.
// The scene lays out in units of the stage height, so any size shows the same picture.
import { drawScene, type SceneAssets } from '../scene/index.js';
import type { Timeline } from '../timeline/model.js';
import { el } from './dom.js';

export const ASPECT = 16 / 9;

export class Stage {
  readonly element: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private t = 0;
  private pending = 0;
  private drawn = false;

  constructor(
    private timeline: Timeline,
    private readonly assets: SceneAssets,
  ) {
    this.canvas = el('canvas', { className: 'pm-canvas', attrs: { role: 'img' } });
    this.element = el('div', { className: 'pm-stage' }, [this.canvas]);
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('this browser cannot draw on a canvas');
    this.ctx = ctx;
    new ResizeObserver(() => this.fit()).observe(this.element);
  }

  /** The player redraws right after (at its playhead), so this does not draw. */
  setTimeline(timeline: Timeline): void {
    this.timeline = timeline;
    this.canvas.setAttribute('aria-label', timeline.meta.title);
  }

  /** Size the canvas to the container; redraw when its pixels changed or nothing is drawn yet. */
  fit(): void {
    if (this.resize() || !this.drawn) this.draw(this.t);
  }

  /**
   * Size the canvas to the container, without drawing: the player draws its first frame right
   * after, and a draw here too doubled the cost of the first frame. True when the pixel size changed.
   */
  resize(): boolean {
    const box = this.element.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) return false;
    let w = box.width;
    let h = w / ASPECT;
    if (h > box.height) {
      h = box.height;
      w = h * ASPECT;
    }
    this.canvas.style.width = `${Math.floor(w)}px`;
    this.canvas.style.height = `${Math.floor(h)}px`;
    const dpr = Math.min(window.devicePixelRatio || 1, 3);
    const pw = Math.max(1, Math.round(Math.floor(w) * dpr));
    const ph = Math.max(1, Math.round(Math.floor(h) * dpr));
    if (this.canvas.width === pw && this.canvas.height === ph) return false;
    this.canvas.width = pw;
    this.canvas.height = ph;
    return true;
  }

  draw(t: number): void {
    this.t = t;
    this.drawn = true;
    const { width, height } = this.canvas;
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    drawScene(this.ctx, this.timeline, t, { width, height }, this.assets);
  }

  /** Draw at most once per animation frame (for bursts of seeks while dragging). */
  requestDraw(t: number): void {
    this.t = t;
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.draw(this.t);
    });
  }
}
