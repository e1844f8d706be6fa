// Text layout for the scene: word wrapping with a bounded memo (measuring is the costly part
// of a frame, and the same paragraphs are laid out frame after frame), and ellipsis fitting.
import type { TokenLine } from '../timeline/model.js';
import type { Ctx2D } from './types.js';

const MEMO_LIMIT = 2000;
const WIDTH_LIMIT = 20000;
const memo = new Map<string, string[]>();
const widths = new Map<string, number>();

/** Text width in the current font, memoised: the same labels are measured frame after frame. */
export function measure(ctx: Ctx2D, text: string): number {
  const key = `${ctx.font}|${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    w = ctx.measureText(text).width;
    if (widths.size >= WIDTH_LIMIT) widths.delete(widths.keys().next().value!);
    widths.set(key, w);
  }
  return w;
}

/** Lines of `text` that fit `maxWidth` in the context's current font. */
export function wrap(ctx: Ctx2D, text: string, maxWidth: number): string[] {
  const key = `${ctx.font}|${Math.round(maxWidth)}|${text}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const lines: string[] = [];
  // Lines are summed from word widths (memoised): words repeat, and a space breaks any kerning.
  for (const para of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of para.split(/(\s+)/)) {
      if (!word) continue;
      const w = measure(ctx, word);
      if (line && lineWidth + w <= maxWidth) {
        line += word;
        lineWidth += w;
        continue;
      }
      if (line) lines.push(line.trimEnd());
      line = line ? word.trimStart() : word;
      lineWidth = line === word ? w : measure(ctx, line);
      // A single word wider than the line (a long path or URL) is cut by characters.
      while (line && lineWidth > maxWidth) {
        const cut = fitChars(ctx, line, maxWidth);
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
        lineWidth = ctx.measureText(line).width;
      }
    }
    lines.push(line.trimEnd());
  }
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  memo.set(key, lines);
  return lines;
}

/** How many of `s`'s first characters fit `maxWidth`: at least `least` (one, so a cut always moves on). */
export function fitChars(ctx: Ctx2D, s: string, maxWidth: number, least = 1): number {
  let lo = least;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(s.slice(0, mid)).width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(least, lo);
}

/**
 * `parts` joined by `separator` onto as few lines of `width` as fit, in order; a part that
 * starts a line is laid out by `startLine` (as it is, unless told otherwise).
 */
export function joinedLines(ctx: Ctx2D, parts: string[], separator: string, width: number, startLine: (part: string) => string[] = (part) => [part]): string[] {
  const lines: string[] = [];
  for (const part of parts) {
    const joined = lines.length ? `${lines[lines.length - 1]}${separator}${part}` : part;
    if (lines.length && measure(ctx, joined) <= width) lines[lines.length - 1] = joined;
    else lines.push(...startLine(part));
  }
  return lines;
}

/** `text` shortened with an ellipsis to fit `maxWidth`. */
export function ellipsize(ctx: Ctx2D, text: string, maxWidth: number): string {
  if (measure(ctx, text) <= maxWidth) return text;
  const key = `…${ctx.font}|${Math.round(maxWidth)}|${text}`;
  const hit = memo.get(key);
  if (hit) return hit[0]!;
  const cut = fitChars(ctx, text, maxWidth - measure(ctx, '…'));
  const short = `${text.slice(0, cut).trimEnd()}…`;
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  memo.set(key, [short]);
  return short;
}

/**
 * A path shortened in the middle to fit `maxWidth`, keeping the file name whole:
 * `lib/spotter/…/active_session_registry.ex`. Only a name too wide on its own is cut, in its
 * middle, keeping its extension.
 */
export function ellipsizePath(ctx: Ctx2D, path: string, maxWidth: number): string {
  if (measure(ctx, path) <= maxWidth) return path;
  const key = `/…${ctx.font}|${Math.round(maxWidth)}|${path}`;
  const hit = memo.get(key);
  if (hit) return hit[0]!;
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const dir = slash >= 0 ? path.slice(0, slash + 1) : '';
  let short: string;
  const tail = `…/${name}`;
  if (dir && measure(ctx, tail) <= maxWidth) {
    // As much of the directory's start as fits before the ellipsis.
    const cut = fitChars(ctx, dir, maxWidth - measure(ctx, tail));
    const head = dir.slice(0, cut);
    short = measure(ctx, head + tail) <= maxWidth ? head + tail : tail;
  } else {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? name.slice(dot) : '';
    const end = `…${name.slice(Math.max(0, name.length - ext.length - 6))}`;
    const stem = name.slice(0, name.length - end.length + 1);
    const cut = fitChars(ctx, stem, Math.max(0, maxWidth - measure(ctx, end)));
    short = `${stem.slice(0, cut)}${end}`;
  }
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  memo.set(key, [short]);
  return short;
}

/** Draw one highlighted code line, clipped to `maxChars` characters (for typing) and a width. */
export function drawTokenLine(ctx: Ctx2D, line: TokenLine, x: number, y: number, maxWidth: number, maxChars = Infinity): void {
  let cx = x;
  let left = maxChars;
  for (const tok of line) {
    if (left <= 0 || cx - x > maxWidth) break;
    let text = tok.text.length > left ? tok.text.slice(0, left) : tok.text;
    left -= text.length;
    const width = measure(ctx, text);
    const room = x + maxWidth - cx;
    if (width > room) {
      text = ellipsize(ctx, text, room);
      left = 0; // nothing after an ellipsis
    }
    ctx.fillStyle = tok.color;
    ctx.fillText(text, cx, y);
    cx += width;
  }
}

export function roundRect(ctx: Ctx2D, x: number, y: number, w: number, h: number, r: number): void {
  const rr = Math.max(0, Math.min(r, w / 2, h / 2));
  ctx.beginPath();
  ctx.moveTo(x + rr, y);
  ctx.arcTo(x + w, y, x + w, y + h, rr);
  ctx.arcTo(x + w, y + h, x, y + h, rr);
  ctx.arcTo(x, y + h, x, y, rr);
  ctx.arcTo(x, y, x + w, y, rr);
  ctx.closePath();
}
