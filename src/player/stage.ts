// The canvas: it fills its container, drawn at device pixels, and the scene lays out for that
// shape (portrait on a phone held upright, landscape on a desktop): no bands, no shrinking to
// 16:9. Only a container of an extreme shape gets bands, past the ratios the scene composes for.
import { drawScene, type SceneAssets } from '../scene/index.js';
import type { Timeline } from '../timeline/model.js';
import { el } from './dom.js';

/** The widest and the tallest shapes the stage takes (width / height). */
export const WIDEST = 21 / 9;
export const TALLEST = 9 / 21;

export class Stage {
  readonly element: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private t = 0;
  private pending = 0;
  private drawn = false;
  private pixelRatio = 1;

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
    let h = box.height;
    if (w / h > WIDEST) w = h * WIDEST;
    if (w / h < TALLEST) h = w / TALLEST;
    this.canvas.style.width = `${Math.floor(w)}px`;
    this.canvas.style.height = `${Math.floor(h)}px`;
    const dpr = Math.min(window.devicePixelRatio || 1, 3);
    this.pixelRatio = dpr;
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
    // The screen's pixel ratio sets the text's floor in CSS px: legible on a phone however it is held.
    drawScene(this.ctx, this.timeline, t, { width, height, pixelRatio: this.pixelRatio }, this.assets);
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
