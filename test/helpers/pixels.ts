// Reading a drawn frame as a viewer sees it: a pixel's colour, and whether two colours match.
import type { NodeStage } from '../../src/render/node-host.js';

export type RGB = [number, number, number];

export function hexToRgb(hex: string): RGB {
  const n = Number.parseInt(hex.slice(1, 7), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function pixel(stage: NodeStage, x: number, y: number): RGB {
  const data = stage.ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data;
  return [data[0]!, data[1]!, data[2]!];
}

export function near(a: RGB, b: RGB, tolerance = 12): boolean {
  return a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);
}
