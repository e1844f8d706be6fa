// Text layout for the scene: word wrapping with a bounded memo (measuring is the costly part
// of a frame, and the same paragraphs are laid out frame after frame), and ellipsis fitting.
import type { TokenLine } from '../timeline/model.js';
import type { Ctx2D } from './types.js';

const MEMO_LIMIT = 2000;
const memo = new Map<string, string[]>();

/** Lines of `text` that fit `maxWidth` in the context's current font. */
export function wrap(ctx: Ctx2D, text: string, maxWidth: number): string[] {
  const key = `${ctx.font}|${Math.round(maxWidth)}|${text}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/(\s+)/)) {
      if (!word) continue;
      const candidate = line + word;
      if (!line || ctx.measureText(candidate).width <= maxWidth) {
        line = candidate;
        continue;
      }
      lines.push(line.trimEnd());
      line = word.trimStart();
      // A single word wider than the line (a long path or URL) is cut by characters.
      while (line && ctx.measureText(line).width > maxWidth) {
        const cut = fitChars(ctx, line, maxWidth);
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line.trimEnd());
  }
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  memo.set(key, lines);
  return lines;
}

function fitChars(ctx: Ctx2D, s: string, maxWidth: number): number {
  let lo = 1;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(s.slice(0, mid)).width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(1, lo);
}

/** `text` shortened with an ellipsis to fit `maxWidth`. */
export function ellipsize(ctx: Ctx2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  const cut = fitChars(ctx, text, maxWidth - ctx.measureText('…').width);
  return `${text.slice(0, cut).trimEnd()}…`;
}

/** Draw one highlighted code line, clipped to `maxChars` characters (for typing) and a width. */
export function drawTokenLine(ctx: Ctx2D, line: TokenLine, x: number, y: number, maxWidth: number, maxChars = Infinity): void {
  let cx = x;
  let left = maxChars;
  for (const tok of line) {
    if (left <= 0 || cx - x > maxWidth) break;
    let text = tok.text.length > left ? tok.text.slice(0, left) : tok.text;
    left -= text.length;
    const width = ctx.measureText(text).width;
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
