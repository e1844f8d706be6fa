// Colours, layout and easing shared by the scene's parts. Layout is in "stage units": the
// stage's shorter side is a fixed number of units per shape (720 for 16:9, so 1 unit = 1 px at
// 720p); text, set in units, scales with the frame, down to its legible floor (type.ts).
import { hexToRgb } from '../recording/color.js';
import { badgeMetrics, feedRowHeight, filesMetrics, tableMetrics, topBarMetrics } from './metrics.js';
import { defaultPixelRatio, LINE_HEIGHT, typeScale, type TypeScale } from './type.js';

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

/** A rectangle in stage units. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The stage's compositions. Each shape gets its own: landscape puts the files in a column on the
 * right; the others stack the table, the turn header, the work area and a files strip.
 */
export type Shape = 'landscape' | 'square' | 'feed' | 'portrait';

export interface Layout {
  shape: Shape;
  /** Pixels per stage unit. */
  u: number;
  /** Stage width and height in units (1280x720 at 16:9). */
  w: number;
  h: number;
  /** Type sizes, with their legible minimum for the screen the stage is seen on. */
  type: TypeScale;
  /** Where the table, badge and work stand (left.x..left.x+left.w); files in `files`. */
  left: { x: number; w: number };
  /** The files panel's column (landscape), or the strip's span (stacked shapes). */
  right: { x: number; w: number };
  /** The table's region: seats sit on a row `tableMetrics().seatDy` below its top. */
  table: Box;
  /**
   * The badge and model chip; `stacked` puts the chip under the badge (portrait). `monoLines` 2
   * gives the badge's provenance a second line: under the chip, as wide as the header, where the
   * chip sits beside the badge (square, 4:5).
   */
  header: Box & { stacked: boolean; monoLines: 1 | 2 };
  /** The work area: the feed of recent cues, then the current cue. */
  work: Box;
  /** The files panel (column or strip) and how many columns of rows it sets. */
  files: Box & { columns: number };
  /** One-line entries kept above the current cue. */
  feedRows: number;
  /** Where the progress strip's area starts: its playhead rises 2 above the strip. */
  progressTop: number;
  tableY: number;
  badgeY: number;
  workY: number;
  bottom: number;
}

/** Which composition a frame of this size gets, by its aspect ratio. */
export function shapeOf(width: number, height: number): Shape {
  const r = width / Math.max(1, height);
  if (r >= 1.3) return 'landscape';
  if (r >= 0.95) return 'square';
  if (r >= 0.7) return 'feed';
  return 'portrait';
}

/**
 * Stage units across the frame's shorter side: the scale of the composition. A portrait stage is
 * 640 units wide; a square one is wider in units to fit everything in one screen. Text is set in
 * units too, and lifted to its floor where the frame is seen small (see type.ts).
 */
const SHORT_SIDE_UNITS: Record<Shape, number> = { landscape: 720, square: 900, feed: 720, portrait: 640 };

const PROGRESS_ROOM = 22;
/** Rows of files a strip holds (stacked shapes), and feed entries kept above the current cue. */
const STRIP_ROWS: Record<Exclude<Shape, 'landscape'>, number> = { portrait: 5, feed: 3, square: 2 };
const FEED_ROWS: Record<Shape, number> = { landscape: 3, portrait: 2, feed: 2, square: 1 };
/** Prose lines the work area keeps for the current cue before it gives up feed entries. */
const WORK_LINES = 8;

/**
 * The stage's geometry for a frame of width x height pixels, seen at `pixelRatio` device pixels
 * per CSS pixel (by default the frame's own guess: see defaultPixelRatio). `filesOpen` (0..1) is
 * how far the files panel is in: at 0 the work area takes all the room and the panel waits just
 * off the stage (past the right edge in landscape, below the bottom when stacked), at 1 it has its
 * place. Regions holding text are as tall as their text at its size.
 */
export function layoutFor(width: number, height: number, filesOpen = 1, pixelRatio?: number): Layout {
  const shape = shapeOf(width, height);
  const landscape = shape === 'landscape';
  const u = Math.min(width, height) / SHORT_SIDE_UNITS[shape];
  const w = width / u;
  const h = height / u;
  const type = typeScale(u, pixelRatio ?? defaultPixelRatio(width, height, landscape), !landscape);
  const open = clamp01(filesOpen);
  const progressTop = h - 12;
  const bottomAll = h - PROGRESS_ROOM;
  const topBar = topBarMetrics(type).height;
  const tableH = tableMetrics(type).height;
  const badgeH = badgeMetrics(type).height;
  const feedRows = (workH: number) => {
    const room = workH - 16 - WORK_LINES * type.size('prose') * LINE_HEIGHT.prose;
    return Math.max(0, Math.min(FEED_ROWS[shape], Math.floor(room / feedRowHeight(type))));
  };
  if (landscape) {
    const margin = 28;
    const rightW = Math.max(300, Math.round(w * 0.34));
    const column = (rightW + margin * 0.5) * open;
    const left = { x: margin, w: w - margin * 2 - column };
    const right = { x: w - margin - column + margin * 0.5 * open + (1 - open) * margin, w: rightW };
    const workY = topBar + tableH + badgeH + 16;
    const top = topBar + 6;
    return {
      shape, u, w, h, type, left, right,
      table: { x: left.x, y: topBar, w: left.w, h: tableH },
      header: { x: left.x, y: topBar + tableH, w: left.w, h: badgeH, stacked: false, monoLines: 1 },
      work: { x: left.x, y: workY, w: left.w, h: bottomAll - workY },
      files: { x: right.x, y: top, w: rightW, h: bottomAll - 8 - top, columns: 1 },
      feedRows: feedRows(bottomAll - workY),
      progressTop,
      tableY: topBar, badgeY: topBar + tableH, workY, bottom: bottomAll,
    };
  }
  const margin = shape === 'portrait' ? 24 : 28;
  const stacked = shape === 'portrait';
  const left = { x: margin, w: w - margin * 2 };
  // The badge is a line taller (its provenance on two): over the chip when stacked, and on the
  // square and 4:5 shapes its second line runs under the chip beside it.
  const headerH = badgeMetrics(type, 2).height + (stacked ? 8 + badgeH : 0);
  const workY = topBar + tableH + headerH + 16;
  const strip = filesMetrics(type, true);
  const stripH = strip.listDy + STRIP_ROWS[shape] * strip.rowH + strip.foot;
  // The strip rises from below the progress strip as it opens.
  const stripY = bottomAll - stripH + (1 - open) * (stripH + PROGRESS_ROOM + 12);
  const workBottom = Math.min(bottomAll, stripY - 10);
  // Two columns of files where a column still holds a path and its size.
  const columns = left.w / type.size('mono') >= 40 ? 2 : 1;
  return {
    shape, u, w, h, type, left, right: left,
    table: { x: left.x, y: topBar, w: left.w, h: tableH },
    header: { x: left.x, y: topBar + tableH, w: left.w, h: headerH, stacked, monoLines: 2 },
    work: { x: left.x, y: workY, w: left.w, h: workBottom - workY },
    files: { x: left.x, y: stripY, w: left.w, h: stripH, columns },
    // Counted with the strip in, so the entries do not change while it slides.
    feedRows: feedRows(bottomAll - stripH - 10 - workY),
    progressTop,
    tableY: topBar, badgeY: topBar + tableH, workY, bottom: workBottom,
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
