// A debug mark: the frame number as a tiny two-row barcode in the bottom-left corner, drawn over
// the scene. Reading it back from every decoded frame proves none was dropped, doubled or stale.
// Row one holds the bits (white = 1), row two their complement, so a misread cell is detected.
import type { PixelRect, View } from '../scene/index.js';

export const STAMP_BITS = 20;

export interface StampLayout {
  /** Cell edge in pixels (even, so 4:2:0 chroma blocks never straddle two cells). */
  cell: number;
  /** Top-left of the black box holding the code. */
  x: number;
  y: number;
  width: number;
  height: number;
}

function stampLayout(view: View): StampLayout {
  const cell = Math.max(4, 2 * Math.floor(Math.min(view.width, view.height) / 180));
  const width = (STAMP_BITS + 2) * cell;
  const height = 4 * cell;
  return { cell, x: 0, y: view.height - height, width, height };
}

/** The pixels the stamp covers. */
export function stampArea(view: View): PixelRect {
  const { x, y, width, height } = stampLayout(view);
  return { x, y, w: width, h: height };
}

interface StampCtx {
  fillStyle: unknown;
  fillRect(x: number, y: number, w: number, h: number): void;
  save(): void;
  restore(): void;
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
}

export function stampFrameNumber(ctx: StampCtx, frame: number, view: View): void {
  const { cell, x, y, width, height } = stampLayout(view);
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#000000';
  ctx.fillRect(x, y, width, height);
  ctx.fillStyle = '#ffffff';
  for (let i = 0; i < STAMP_BITS; i++) {
    const bit = (frame >>> i) & 1;
    const cx = x + (1 + i) * cell;
    ctx.fillRect(cx, y + (bit ? 1 : 2) * cell, cell, cell);
  }
  ctx.restore();
}

/**
 * Read the frame number back from an 8-bit grey (luma) image of the whole frame.
 * Returns undefined when the code is damaged (a cell and its complement agree).
 */
export function readFrameStamp(gray: Uint8Array, view: View): number | undefined {
  const { cell, x, y } = stampLayout(view);
  const mean = (cx: number, cy: number): number => {
    // The middle half of the cell: edges blur under compression and scaling.
    const from = Math.floor(cell / 4);
    const to = Math.max(from + 1, Math.ceil((3 * cell) / 4));
    let sum = 0;
    let n = 0;
    for (let yy = cy + from; yy < cy + to; yy++) {
      for (let xx = cx + from; xx < cx + to; xx++) {
        sum += gray[yy * view.width + xx]!;
        n++;
      }
    }
    return sum / n;
  };
  let value = 0;
  for (let i = 0; i < STAMP_BITS; i++) {
    const cx = x + (1 + i) * cell;
    const one = mean(cx, y + cell) > 128;
    const zero = mean(cx, y + 2 * cell) > 128;
    if (one === zero) return undefined;
    if (one) value |= 1 << i;
  }
  return value;
}
