// A scene layer's drawing as data. RecordingContext stands in for a 2D context and records
// instead of drawing: every fill, stroke, text and image becomes an item with a key (the call
// and all the state it paints with) and a box (the device pixels it can touch), so two frames'
// drawings compare with ===, and replay() paints a recording onto a real context.
import type { Ctx2D, PixelRect } from '../scene/index.js';

/** What the recording needs from a real context: text metrics in a given font. */
export interface TextMeasurer {
  measureText(text: string): TextMetrics;
  font: string;
}

/** A drawing call in a recording: where its name sits in `ops`, its key and its device box. */
export interface Item {
  at: number;
  key: string;
  box: Box;
  /**
   * Where a clip edge may cut this item and leave its pixels exactly as an uncut paint would:
   * 'anywhere' for a rectangle on whole pixels; otherwise a region it covers fully (`solid`) or
   * never touches (`hole`). Elsewhere Skia draws a cut item a level or two differently along its
   * edges (it chops paths at the clip before rasterising, and blits clipped runs another way).
   */
  cut: 'anywhere' | { solid?: Box; hole?: Box } | undefined;
}

/** Device-pixel bounds, edges exclusive; empty when x0 >= x1. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Recording {
  /** Method name, argument count, arguments; a property set is its name, -1 and the value. */
  ops: unknown[];
  items: Item[];
}

export const EMPTY: Box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };

/** Antialiasing reaches a pixel past a shape's exact edge; keep two. */
const AA = 2;

/** A step of a path, for telling whether the path is a plain or rounded rectangle. */
type ShapeStep =
  | { op: 'moveTo'; x: number; y: number }
  | { op: 'arcTo'; x: number; y: number; r: number }
  | { op: 'rect'; x: number; y: number; w: number; h: number }
  | { op: 'closePath' }
  /** An arc: no corner where a stroke's join could reach out. */
  | { op: 'arc' }
  /** A line or curve segment: it meets the path's last point at a corner. */
  | { op: 'segment' };

interface State {
  fillStyle: unknown;
  strokeStyle: unknown;
  font: string;
  globalAlpha: number;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  lineWidth: number;
  lineCap: CanvasLineCap;
  lineJoin: CanvasLineJoin;
  /** The transform, as [a, b, c, d, e, f], and as a key. */
  m: number[];
  mKey: string;
  clipKey: string;
  clipBox: Box;
}

const PROPERTIES = ['fillStyle', 'strokeStyle', 'font', 'globalAlpha', 'textAlign', 'textBaseline', 'lineWidth', 'lineCap', 'lineJoin'] as const;

function initialState(u: number, clip: PixelRect): State {
  return {
    fillStyle: '#000000',
    strokeStyle: '#000000',
    font: '10px sans-serif',
    globalAlpha: 1,
    // paintLayer sets left and alphabetic before a layer paints.
    textAlign: 'left',
    textBaseline: 'alphabetic',
    lineWidth: 1,
    lineCap: 'butt',
    lineJoin: 'miter',
    // paintLayer draws a layer in stage units, clipped to its rectangle.
    m: [u, 0, 0, u, 0, 0],
    mKey: `${u},0,0,${u},0,0`,
    clipKey: '',
    clipBox: { x0: clip.x, y0: clip.y, x1: clip.x + clip.w, y1: clip.y + clip.h },
  };
}

const METRICS_LIMIT = 20000;

/**
 * A stand-in for CanvasRenderingContext2D that records instead of drawing. Only the calls the
 * scene makes exist, so anything else fails loudly instead of being silently left out.
 */
export class RecordingContext {
  private rec: Recording = { ops: [], items: [] };
  private s: State = initialState(1, { x: 0, y: 0, w: 0, h: 0 });
  private stack: State[] = [];
  private pathKey = '';
  /** The transform the path's last point was added under: points are fixed when added. */
  private pathM = '';
  private pathBox: Box = { ...EMPTY };
  /**
   * The path's shape when it is a plain or rounded rectangle (as scene/text.ts roundRect draws
   * it: a moveTo, four arcTo, closePath), in user space: its edges and corner radius.
   */
  private shape: { kind: 'none' | 'rect' | 'round' | 'other'; arcs: number; r: number; box: Box } = { kind: 'none', arcs: 0, r: 0, box: { ...EMPTY } };
  /** The current point in device space, for the hull of curves. */
  private px = 0;
  private py = 0;
  private readonly widths = new Map<string, number>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;

  constructor(private readonly measurer: TextMeasurer) {
    for (const name of PROPERTIES) {
      Object.defineProperty(this, name, {
        get: () => this.s[name],
        set: (value: unknown) => {
          (this.s as unknown as Record<string, unknown>)[name] = value;
          this.rec.ops.push(name, -1, value);
        },
      });
    }
  }

  /** Start recording a layer painted at `u` device pixels per unit, clipped to `clip`. */
  begin(u: number, clip: PixelRect): void {
    this.rec = { ops: [], items: [] };
    this.s = initialState(u, clip);
    this.stack = [];
    this.pathKey = '';
    this.pathM = '';
    this.pathBox = { ...EMPTY };
  }

  recording(): Recording {
    return this.rec;
  }

  private push(name: string, args: unknown[]): number {
    const at = this.rec.ops.length;
    this.rec.ops.push(name, args.length, ...args);
    return at;
  }

  private item(at: number, key: string, box: Box, cut?: Item['cut']): void {
    const c = this.s.clipBox;
    this.rec.items.push({
      at,
      cut,
      key: `${key}|${this.s.globalAlpha}|${this.s.mKey}|${this.s.clipKey}`,
      box: {
        // Whole pixels: a clip edge inside a pixel would antialias it.
        x0: Math.floor(Math.max(c.x0 - AA, box.x0 - AA)),
        y0: Math.floor(Math.max(c.y0 - AA, box.y0 - AA)),
        x1: Math.ceil(Math.min(c.x1 + AA, box.x1 + AA)),
        y1: Math.ceil(Math.min(c.y1 + AA, box.y1 + AA)),
      },
    });
  }

  /** A style as part of a key: a gradient or pattern has no readable value, so it never matches. */
  private styleKey(style: unknown): string {
    return typeof style === 'string' ? style : `#obj${this.nextId++}`;
  }

  private idOf(image: object): number {
    let id = this.ids.get(image);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(image, id);
    }
    return id;
  }

  // --- transform ---------------------------------------------------------------------------
  private setM(m: number[]): void {
    this.s.m = m;
    this.s.mKey = m.join();
  }

  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void {
    this.push('setTransform', [a, b, c, d, e, f]);
    this.setM([a, b, c, d, e, f]);
  }

  translate(x: number, y: number): void {
    this.push('translate', [x, y]);
    const [a, b, c, d, e, f] = this.s.m as [number, number, number, number, number, number];
    this.setM([a, b, c, d, e + a * x + c * y, f + b * x + d * y]);
  }

  rotate(angle: number): void {
    this.push('rotate', [angle]);
    const [a, b, c, d, e, f] = this.s.m as [number, number, number, number, number, number];
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    this.setM([a * cos + c * sin, b * cos + d * sin, c * cos - a * sin, d * cos - b * sin, e, f]);
  }

  scale(x: number, y: number): void {
    this.push('scale', [x, y]);
    const [a, b, c, d, e, f] = this.s.m as [number, number, number, number, number, number];
    this.setM([a * x, b * x, c * y, d * y, e, f]);
  }

  /** How far one user unit can reach in device pixels. */
  private reach(): number {
    const [a, b, c, d] = this.s.m as [number, number, number, number];
    return Math.max(Math.hypot(a, b), Math.hypot(c, d));
  }

  private toDevice(x: number, y: number): [number, number] {
    const [a, b, c, d, e, f] = this.s.m as [number, number, number, number, number, number];
    return [a * x + c * y + e, b * x + d * y + f];
  }

  /** Grow `box` by the user-space rectangle (x0,y0)-(x1,y1) seen through the transform. */
  private addRect(box: Box, x0: number, y0: number, x1: number, y1: number): void {
    for (const [x, y] of [[x0, y0], [x1, y0], [x0, y1], [x1, y1]] as const) {
      const [dx, dy] = this.toDevice(x, y);
      if (dx < box.x0) box.x0 = dx;
      if (dy < box.y0) box.y0 = dy;
      if (dx > box.x1) box.x1 = dx;
      if (dy > box.y1) box.y1 = dy;
    }
  }

  // --- state ------------------------------------------------------------------------------
  save(): void {
    this.push('save', []);
    this.stack.push({ ...this.s });
  }

  restore(): void {
    this.push('restore', []);
    this.s = this.stack.pop() ?? this.s;
  }

  // --- path -------------------------------------------------------------------------------
  beginPath(): void {
    this.push('beginPath', []);
    this.pathKey = '';
    this.pathM = '';
    this.pathBox = { ...EMPTY };
    this.shape = { kind: 'none', arcs: 0, r: 0, box: { ...EMPTY } };
    this.corners = false;
  }

  /**
   * Record a path call. The path's key holds each call and the transform it was made under:
   * points are fixed when they are added, not when the path is filled.
   */
  private pathCall(name: string, args: number[], step: ShapeStep): void {
    this.push(name, args);
    if (this.pathM !== this.s.mKey) {
      this.pathM = this.s.mKey;
      this.pathKey += `@${this.pathM}`;
    }
    this.pathKey += `${name}(${args.join()})`;
    this.followShape(step);
  }

  /** Follow the path's shape: is it still a plain rectangle, or a moveTo, four arcTo corners and closePath? */
  private followShape(step: ShapeStep): void {
    const sh = this.shape;
    if (step.op !== 'moveTo' && step.op !== 'arc') this.corners = true;
    const empty = sh.box.x0 === Infinity;
    const grow = (x: number, y: number) => {
      sh.box = { x0: Math.min(sh.box.x0, x), y0: Math.min(sh.box.y0, y), x1: Math.max(sh.box.x1, x), y1: Math.max(sh.box.y1, y) };
    };
    if (sh.kind !== 'none') sh.kind = 'other';
    else if (step.op === 'rect' && empty) {
      sh.kind = 'rect';
      sh.box = { x0: Math.min(step.x, step.x + step.w), y0: Math.min(step.y, step.y + step.h), x1: Math.max(step.x, step.x + step.w), y1: Math.max(step.y, step.y + step.h) };
    } else if (step.op === 'moveTo' && empty) grow(step.x, step.y);
    else if (step.op === 'arcTo' && !empty && sh.arcs < 4) {
      sh.arcs += 1;
      sh.r = Math.max(sh.r, step.r);
      grow(step.x, step.y);
    } else if (step.op === 'closePath' && sh.arcs === 4) sh.kind = 'round';
    else sh.kind = 'other';
  }

  /** Whether the path has corners where a mitred join could reach past the line. */
  private corners = false;

  /** The path's device box: exact for a (rounded) rectangle, else the bound its points give. */
  private shapeBox(): Box {
    const sh = this.shape;
    const [, b, c] = this.s.m as [number, number, number];
    if ((sh.kind !== 'rect' && sh.kind !== 'round') || b !== 0 || c !== 0) return this.pathBox;
    const box = { ...EMPTY };
    this.addRect(box, sh.box.x0, sh.box.y0, sh.box.x1, sh.box.y1);
    return box;
  }

  /** The device region strictly inside the shape's edges by `inset` user units, when the transform keeps axes. */
  private inside(inset: number): Box | undefined {
    const sh = this.shape;
    const [, b, c] = this.s.m as [number, number, number];
    if ((sh.kind !== 'rect' && sh.kind !== 'round') || b !== 0 || c !== 0) return undefined;
    const box = { ...EMPTY };
    this.addRect(box, sh.box.x0 + inset, sh.box.y0 + inset, sh.box.x1 - inset, sh.box.y1 - inset);
    // Whole pixels, inward, and one more for the antialiased fringe.
    const inner = { x0: Math.ceil(box.x0) + 1, y0: Math.ceil(box.y0) + 1, x1: Math.floor(box.x1) - 1, y1: Math.floor(box.y1) - 1 };
    return inner.x0 < inner.x1 && inner.y0 < inner.y1 ? inner : undefined;
  }

  private point(x: number, y: number): void {
    this.addRect(this.pathBox, x, y, x, y);
    [this.px, this.py] = this.toDevice(x, y);
  }

  private addDevicePoint(x: number, y: number): void {
    const b = this.pathBox;
    if (x < b.x0) b.x0 = x;
    if (y < b.y0) b.y0 = y;
    if (x > b.x1) b.x1 = x;
    if (y > b.y1) b.y1 = y;
  }

  moveTo(x: number, y: number): void {
    this.pathCall('moveTo', [x, y], { op: 'moveTo', x, y });
    this.point(x, y);
  }

  lineTo(x: number, y: number): void {
    this.pathCall('lineTo', [x, y], { op: 'segment' });
    this.point(x, y);
  }

  closePath(): void {
    this.pathCall('closePath', [], { op: 'closePath' });
  }

  rect(x: number, y: number, w: number, h: number): void {
    this.pathCall('rect', [x, y, w, h], { op: 'rect', x, y, w, h });
    this.addRect(this.pathBox, x, y, x + w, y + h);
    [this.px, this.py] = this.toDevice(x, y);
  }

  arc(x: number, y: number, r: number, start: number, end: number, anticlockwise?: boolean): void {
    const args = anticlockwise === undefined ? [x, y, r, start, end] : [x, y, r, start, end, Number(anticlockwise)];
    this.pathCall('arc', args, { op: 'arc' });
    // The whole circle: a bound, not the exact arc.
    this.addRect(this.pathBox, x - r, y - r, x + r, y + r);
    [this.px, this.py] = this.toDevice(x + r * Math.cos(end), y + r * Math.sin(end));
  }

  arcTo(x1: number, y1: number, x2: number, y2: number, r: number): void {
    this.pathCall('arcTo', [x1, y1, x2, y2, r], { op: 'arcTo', x: x1, y: y1, r });
    // The arc lies near the corner (x1, y1), within r of it for the corners the scene rounds.
    this.addDevicePoint(this.px, this.py);
    this.addRect(this.pathBox, x1 - r, y1 - r, x1 + r, y1 + r);
    this.point(x2, y2);
  }

  quadraticCurveTo(cx: number, cy: number, x: number, y: number): void {
    this.pathCall('quadraticCurveTo', [cx, cy, x, y], { op: 'segment' });
    // A curve stays inside the hull of its points.
    this.addDevicePoint(this.px, this.py);
    this.addRect(this.pathBox, cx, cy, cx, cy);
    this.point(x, y);
  }

  bezierCurveTo(c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number): void {
    this.pathCall('bezierCurveTo', [c1x, c1y, c2x, c2y, x, y], { op: 'segment' });
    this.addDevicePoint(this.px, this.py);
    this.addRect(this.pathBox, c1x, c1y, c1x, c1y);
    this.addRect(this.pathBox, c2x, c2y, c2x, c2y);
    this.point(x, y);
  }

  clip(): void {
    this.push('clip', []);
    const b = this.pathBox;
    const c = this.s.clipBox;
    this.s.clipKey += `[${this.pathKey}]`;
    this.s.clipBox = { x0: Math.max(b.x0, c.x0), y0: Math.max(b.y0, c.y0), x1: Math.min(b.x1, c.x1), y1: Math.min(b.y1, c.y1) };
  }

  // --- drawing ----------------------------------------------------------------------------
  fill(): void {
    const at = this.push('fill', []);
    const solid = this.inside(this.shape.r);
    this.item(at, `fill|${this.styleKey(this.s.fillStyle)}|${this.pathKey}`, this.shapeBox(), solid && { solid });
  }

  stroke(): void {
    const at = this.push('stroke', []);
    const s = this.s;
    // Mitred corners can reach past the line: up to miterLimit (10) half-widths.
    // A rectangle's square corners reach √2 half-widths; arcs alone have no corners.
    const kind = this.shape.kind;
    const halfWidths = kind === 'rect' || kind === 'round' ? 1.5 : s.lineJoin === 'miter' && this.corners ? 10 : 1;
    const pad = (s.lineWidth / 2) * halfWidths * this.reach();
    const b = this.shapeBox();
    const box = { x0: b.x0 - pad, y0: b.y0 - pad, x1: b.x1 + pad, y1: b.y1 + pad };
    // The inside of a stroked (rounded) rectangle, clear of the line, is never touched.
    const hole = this.inside(this.shape.r + s.lineWidth / 2);
    this.item(at, `stroke|${this.styleKey(s.strokeStyle)}|${s.lineWidth}|${s.lineCap}|${s.lineJoin}|${this.pathKey}`, box, hole && { hole });
  }

  fillRect(x: number, y: number, w: number, h: number): void {
    const at = this.push('fillRect', [x, y, w, h]);
    const box = { ...EMPTY };
    this.addRect(box, x, y, x + w, y + h);
    const [, b, c] = this.s.m as [number, number, number];
    const whole = b === 0 && c === 0 && [box.x0, box.y0, box.x1, box.y1].every(Number.isInteger);
    const solid = { x0: Math.ceil(box.x0) + 1, y0: Math.ceil(box.y0) + 1, x1: Math.floor(box.x1) - 1, y1: Math.floor(box.y1) - 1 };
    this.item(at, `fillRect|${this.styleKey(this.s.fillStyle)}|${x},${y},${w},${h}`, box, whole ? 'anywhere' : b === 0 && c === 0 ? { solid } : undefined);
  }

  fillText(text: string, x: number, y: number, maxWidth?: number): void {
    const args = maxWidth === undefined ? [text, x, y] : [text, x, y, maxWidth];
    const at = this.push('fillText', args);
    const s = this.s;
    const size = fontSize(s.font);
    let width = this.textWidth(text);
    if (maxWidth !== undefined) width = Math.min(width, maxWidth);
    const left = s.textAlign === 'center' ? x - width / 2 : s.textAlign === 'right' || s.textAlign === 'end' ? x - width : x;
    const [above, below] = textExtent(s.textBaseline);
    const box = { ...EMPTY };
    // A quarter em either side for overhangs (italics, kerning, a glyph's side bearing).
    this.addRect(box, left - size / 4, y - above * size, left + width + size / 4, y + below * size);
    this.item(at, `text|${this.styleKey(s.fillStyle)}|${s.font}|${s.textAlign}|${s.textBaseline}|${x},${y},${maxWidth}|${text}`, box);
  }

  drawImage(image: object, ...rest: number[]): void {
    const at = this.push('drawImage', [image, ...rest]);
    const [dx, dy, dw, dh] = rest.length >= 8 ? rest.slice(4) : rest;
    const box = { ...EMPTY };
    if (dw === undefined || dh === undefined) {
      const size = image as { width?: number; height?: number };
      this.addRect(box, dx!, dy!, dx! + (size.width ?? 0), dy! + (size.height ?? 0));
    } else {
      this.addRect(box, dx!, dy!, dx! + dw, dy! + dh);
    }
    this.item(at, `image|${this.idOf(image)}|${rest.join()}`, box);
  }

  measureText(text: string): TextMetrics {
    // Only widths are read by the scene's text layout (scene/text.ts).
    return { width: this.textWidth(text) } as TextMetrics;
  }

  private textWidth(text: string): number {
    const font = this.s.font;
    const key = `${font}|${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      if (this.measurer.font !== font) this.measurer.font = font;
      w = this.measurer.measureText(text).width;
      if (this.widths.size >= METRICS_LIMIT) this.widths.clear();
      this.widths.set(key, w);
    }
    return w;
  }
}

/** The font's size in px, from a CSS font shorthand; generous when it cannot be read. */
function fontSize(font: string): number {
  const m = /([\d.]+)px/.exec(font);
  return m ? Number(m[1]) : 64;
}

/** How far glyphs reach above and below the baseline point, in ems, for each baseline. */
function textExtent(baseline: CanvasTextBaseline): [number, number] {
  switch (baseline) {
    case 'top':
    case 'hanging':
      return [0.3, 1.4];
    case 'middle':
      return [0.9, 0.9];
    case 'bottom':
    case 'ideographic':
      return [1.4, 0.4];
    default:
      return [1.2, 0.5];
  }
}

/**
 * Replay a recording onto a real context, skipping drawing calls whose box misses `area`:
 * they could only paint outside the clip.
 */
export function replay(rec: Recording, ctx: Ctx2D, area: PixelRect): void {
  const target = ctx as unknown as Record<string, unknown>;
  const { ops, items } = rec;
  let next = 0;
  let i = 0;
  while (i < ops.length) {
    const at = i;
    const name = ops[i] as string;
    const argc = ops[i + 1] as number;
    i += 2;
    if (argc < 0) {
      target[name] = ops[i];
      i += 1;
      continue;
    }
    const item = items[next];
    if (item && item.at === at) {
      next += 1;
      if (!boxCrosses(item.box, area)) {
        i += argc;
        continue;
      }
    }
    (target[name] as (...a: unknown[]) => void).apply(ctx, ops.slice(i, i + argc));
    i += argc;
  }
}

function boxCrosses(b: Box, r: PixelRect): boolean {
  return b.x0 < r.x + r.w && r.x < b.x1 && b.y0 < r.y + r.h && r.y < b.y1;
}
