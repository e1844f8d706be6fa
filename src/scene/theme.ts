// Colours, layout and easing shared by the scene's parts. Layout is in "stage units": the
// stage is 720 units tall at every size, so 1 unit = 1 px at 720p and text scales with height.
import { hexToRgb } from '../recording/color.js';

export const colors = {
  background: '#0d1117',
  backgroundTop: '#131a24',
  panel: '#161c26',
  panelEdge: '#242d3a',
  text: '#e6edf3',
  muted: '#8b97a6',
  faint: '#55606e',
  code: '#0b0f15',
  warn: '#f0b429',
  error: '#f26d6d',
  ok: '#4ad295',
  conch: '#f6c46b',
  conchShade: '#c98d3a',
  unknownOwner: '#4a5260',
};

export interface Layout {
  /** Pixels per stage unit. */
  u: number;
  /** Stage width in units (1280 at 16:9). */
  w: number;
  h: number;
  /** Left column (table, badge, work) and right column (files), in units. */
  left: { x: number; w: number };
  right: { x: number; w: number };
  tableY: number;
  badgeY: number;
  workY: number;
  bottom: number;
}

/**
 * The stage's geometry. `filesOpen` (0..1) is how far the files panel is in: at 0 the work column
 * takes the whole width and the panel waits just past the right edge, at 1 it has its column.
 */
export function layoutFor(width: number, height: number, filesOpen = 1): Layout {
  const u = height / 720;
  const w = width / u;
  const margin = 28;
  const rightW = Math.max(300, Math.round(w * 0.34));
  const open = clamp01(filesOpen);
  const column = (rightW + margin * 0.5) * open;
  return {
    u,
    w,
    h: 720,
    left: { x: margin, w: w - margin * 2 - column },
    right: { x: w - margin - column + margin * 0.5 * open + (1 - open) * margin, w: rightW },
    tableY: 58,
    badgeY: 206,
    workY: 276,
    bottom: 720 - 22,
  };
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

export function easeInOut(x: number): number {
  const t = clamp01(x);
  return t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2;
}

/** Overshoots a little before settling: for avatars popping into their seats. */
export function easeOutBack(x: number): number {
  const t = clamp01(x);
  const c1 = 1.70158;
  const c3 = c1 + 1;
  return 1 + c3 * (t - 1) ** 3 + c1 * (t - 1) ** 2;
}

/** `#rrggbb` with an alpha, as rgba(). */
export function withAlpha(hex: string, alpha: number): string {
  const [r, g, b] = hexToRgb(hex) ?? [200, 200, 200];
  return `rgba(${r},${g},${b},${alpha})`;
}

/** Perceived-brightness test: dark text on light colours, light text on dark ones. */
export function textOn(hex: string): string {
  const [r, g, b] = hexToRgb(hex) ?? [0, 0, 0];
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#10141a' : '#ffffff';
}
