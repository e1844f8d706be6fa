// Pages of prose and code in the work area, fitted to their box at the layout's type sizes. A
// short page grows where the stage has room for it (up to the type's most); a tall one is drawn
// smaller, but never below its floor; one that still does not fit is split into screens, shown
// one after the other over the page's time. Never scrolled, never cut: every word is shown at a
// legible size, and which screen shows is a function of t alone.
import type { TextBlock, TokenLine } from '../timeline/model.js';
import { FINAL_HOLD } from '../timeline/pacing.js';
import { mono, sans } from './fonts.js';
import { colors } from './theme.js';
import { drawTokenLine, fitChars, measure, roundRect, wrap } from './text.js';
import { DESIGN, LINE_HEIGHT, type TypeScale } from './type.js';
import { TEXT_METRICS } from '../timeline/pages.js';
import type { Ctx2D } from './types.js';

/** One line of a page, `top`..`bottom` in units from the page's top, at the fit's scale 1. */
type Row =
  | { kind: 'prose'; text: string; font: string; indent: number; bullet: boolean; top: number; bottom: number; baseline: number; from: number; opens: boolean }
  | { kind: 'code'; line: TokenLine; indent: number; block: number; top: number; bottom: number; baseline: number; from: number; opens: boolean; bgTop: number; bgBottom: number };

/** A run of rows shown at once. */
export interface Screen {
  rows: Row[];
  top: number;
  height: number;
  /** Characters before the screen's first row, and in it (the reveal budget, as typing counts). */
  from: number;
  chars: number;
}

/** How a page is drawn in a box: at `scale`, wrapped to `width` (units before scaling), in screens. */
export interface Fit {
  scale: number;
  width: number;
  screens: Screen[];
  /** Characters the page counts in all (typing reveals them in order). */
  chars: number;
}

interface Sizes {
  prose: number;
  heading: number;
  code: number;
  proseLine: number;
  codeLine: number;
  gap: number;
  codePad: number;
  indent: number;
}

function sizesFor(type: TypeScale): Sizes {
  const prose = type.size('prose');
  const code = type.size('code');
  const em = prose / DESIGN.prose;
  // The gaps the timeline plans its pages with: a paragraph's, and a code block's (its two pads and a gap).
  const gap = TEXT_METRICS.paragraphGap;
  const codePad = (TEXT_METRICS.codePad - gap) / 2;
  return { prose, heading: type.size('prose', 18), code, proseLine: prose * LINE_HEIGHT.prose, codeLine: code * LINE_HEIGHT.code, gap: gap * em, codePad: codePad * code / DESIGN.code, indent: 18 * em };
}

/** Code's inset from its background's sides. */
const CODE_INSET = 14;

/**
 * A highlighted line cut into parts no wider than `maxWidth` (the parts after the first get
 * 1.2 em less, for their indent), between tokens where it can, else inside one.
 */
function wrapTokens(ctx: Ctx2D, line: TokenLine, maxWidth: number): TokenLine[] {
  const parts: TokenLine[] = [[]];
  let room = maxWidth;
  const indent = measure(ctx, 'M') * 1.2;
  for (const token of line) {
    let text = token.text;
    while (text) {
      const w = measure(ctx, text);
      if (w <= room) {
        parts[parts.length - 1]!.push({ ...token, text });
        room -= w;
        break;
      }
      // Break at the last space that fits, or else at the last character that does.
      let cut = fitChars(ctx, text, room, 0);
      const space = text.lastIndexOf(' ', cut);
      if (space > 0 && cut < text.length) cut = space + 1;
      if (cut === 0 && parts[parts.length - 1]!.length === 0) cut = 1;
      if (cut > 0) parts[parts.length - 1]!.push({ ...token, text: text.slice(0, cut) });
      text = text.slice(cut);
      parts.push([]);
      room = maxWidth - indent;
    }
  }
  return parts.filter((p, i) => i === 0 || p.length);
}

/** The page's rows wrapped to `width`: the same rules whether drawing or measuring. */
function layRows(ctx: Ctx2D, blocks: TextBlock[], width: number, s: Sizes): { rows: Row[]; height: number; chars: number } {
  const rows: Row[] = [];
  let y = 0;
  let chars = 0;
  blocks.forEach((block, b) => {
    if (block.type === 'prose') {
      const indent = block.bullet ? s.indent : 0;
      const font = sans(block.heading ? s.heading : s.prose, block.heading ? 700 : 400);
      ctx.font = font;
      wrap(ctx, block.text, width - indent).forEach((text, i) => {
        rows.push({ kind: 'prose', text, font, indent, bullet: Boolean(block.bullet) && i === 0, top: y, bottom: y + s.proseLine, baseline: y + s.proseLine * 0.72, from: chars, opens: i === 0 });
        chars += text.length + 1;
        y += s.proseLine;
      });
      y += s.gap;
      const last = rows[rows.length - 1];
      if (last) last.bottom = y;
    } else {
      y += s.codePad;
      ctx.font = mono(s.code);
      // A line too long for the box goes on under itself, indented: no code is cut off.
      const visual = block.lines.flatMap((line) => wrapTokens(ctx, line, width - CODE_INSET * 2).map((part, k, all) => ({ part, k, last: k === all.length - 1 })));
      visual.forEach(({ part, k, last }, i) => {
        const first = i === 0;
        const end = i === visual.length - 1;
        const bgTop = first ? y - s.codePad : y;
        const bgBottom = y + s.codeLine + (end ? s.codePad : 0);
        rows.push({ kind: 'code', line: part, indent: k > 0 ? s.code * 1.2 : 0, block: b, top: bgTop, bottom: bgBottom + (end ? s.gap : 0), bgTop, bgBottom, baseline: y + s.codeLine * 0.68, from: chars, opens: first });
        chars += part.reduce((n, tok) => n + tok.text.length, 0) + (last ? 1 : 0);
        y += s.codeLine;
      });
      y += s.codePad + s.gap;
    }
  });
  return { rows, height: y, chars };
}

/**
 * Rows cut into screens no taller than `room`, breaking between rows: before a paragraph where
 * that leaves the screen at least half full, so a screen rarely opens mid-sentence.
 */
function screensOf(rows: Row[], room: number, chars: number): Screen[] {
  if (!rows.length) return [{ rows: [], top: 0, height: 0, from: 0, chars: 0 }];
  const screens: Screen[] = [];
  let start = 0;
  for (let i = 0; i <= rows.length; i++) {
    const row = rows[i];
    if (row && (i === start || row.bottom - rows[start]!.top <= room)) continue;
    let end = i;
    if (row && !row.opens) {
      let j = i - 1;
      while (j > start && !rows[j]!.opens) j--;
      if (j > start && rows[j]!.top - rows[start]!.top >= room / 2) end = j;
    }
    const part = rows.slice(start, end);
    const from = part[0]!.from;
    const next = rows[end]?.from ?? chars;
    screens.push({ rows: part, top: part[0]!.top, height: part[part.length - 1]!.bottom - part[0]!.top, from, chars: next - from });
    if (!row) break;
    start = end;
    i = end;
  }
  return screens;
}

/**
 * The end of a page as one screen no taller than the fit's room: the most rows from the end that
 * fit, starting at a paragraph where one is near. For the last words of a message.
 */
export function closingScreen(fit: Fit, room: number): Screen {
  const rows = fit.screens.flatMap((sc) => sc.rows);
  const last = rows[rows.length - 1];
  if (!last) return fit.screens[0]!;
  const limit = room / fit.scale;
  let first = rows.length - 1;
  while (first > 0 && last.bottom - rows[first - 1]!.top <= limit) first--;
  // Start at the first paragraph that begins within the rows kept, not mid-sentence.
  const opening = rows.findIndex((row, i) => i >= first && row.opens);
  if (opening >= 0) first = opening;
  const part = rows.slice(first);
  const chars = fit.chars - part[0]!.from;
  return { rows: part, top: part[0]!.top, height: last.bottom - part[0]!.top, from: part[0]!.from, chars };
}

const fits = new WeakMap<TextBlock, Map<string, Fit>>();

/**
 * How `blocks` are drawn in a `w` x `h` box. `grow`: the page may be set larger than its size
 * where there is room. Memoised on the page (its first block) and the box: a frame only looks it up.
 */
export function fitBlocks(ctx: Ctx2D, blocks: TextBlock[], w: number, h: number, type: TypeScale, grow: boolean): Fit {
  const key = `${blocks.length}|${Math.round(w)}|${Math.round(h)}|${type.unitsPerPx.toFixed(4)}|${grow}`;
  const head = blocks[0];
  const memo = head ? fits.get(head) ?? new Map<string, Fit>() : undefined;
  const hit = memo?.get(key);
  if (hit) return hit;
  const s = sizesFor(type);
  const at = (k: number) => layRows(ctx, blocks, w / k, s);
  const fitsAt = (k: number) => at(k).height * k <= h;
  let k = 1;
  if (grow && type.maxScale > 1 && fitsAt(1)) {
    // The largest scale that still fits, found to a few percent.
    if (fitsAt(type.maxScale)) k = type.maxScale;
    else {
      let lo = 1;
      let hi = type.maxScale;
      for (let i = 0; i < 6; i++) {
        const mid = (lo + hi) / 2;
        if (fitsAt(mid)) lo = mid;
        else hi = mid;
      }
      k = lo;
    }
  } else if (!fitsAt(1)) {
    // Smaller wraps wider, so the scale that fits the page as laid at 1 fits it anyway.
    k = Math.max(type.minScale, Math.min(1, h / Math.max(1, at(1).height)));
  }
  const laid = at(k);
  const fit: Fit = { scale: k, width: w / k, screens: screensOf(laid.rows, h / k, laid.chars), chars: laid.chars };
  if (head && memo) {
    if (memo.size > 16) memo.clear();
    memo.set(key, fit);
    fits.set(head, memo);
  }
  return fit;
}

/** A page's time: it starts, is typed whole by `typed`, and leaves at `end` (seconds). */
export interface PageClock {
  start: number;
  typed: number;
  end: number;
}

/**
 * The screen on at t and how many of its characters show. The page's typing time is shared by
 * the screens as their characters are of the page's, at the page's pace. Of the hold that follows
 * (the page's reading time), the last screen gets its part first, up to FINAL_HOLD: the hold the
 * timeline promises a turn's last page, kept when the page is split, so the words that end the
 * page stay whole on screen that long. The rest of the hold is shared as the typing is. One
 * screen: typed over the page's typing, then held to its end.
 */
export function screenAt(fit: Fit, clock: PageClock, t: number): { index: number; shown: number } {
  const n = fit.screens.length;
  const span = Math.max(0.001, clock.end - clock.start);
  const typing = Math.min(span, Math.max(0, clock.typed - clock.start));
  const hold = span - typing;
  const lastHold = Math.min(hold, FINAL_HOLD);
  const weight = (sc: Screen) => Math.max(1, sc.chars);
  const total = fit.screens.reduce((a, sc) => a + weight(sc), 0);
  let from = clock.start;
  for (let i = 0; i < n; i++) {
    const sc = fit.screens[i]!;
    const share = weight(sc) / total;
    const typedIn = typing * share;
    const len = typedIn + (hold - lastHold) * share + (i === n - 1 ? lastHold : 0);
    if (t < from + len || i === n - 1) {
      const typed = typedIn > 0 ? Math.min(1, Math.max(0, (t - from) / typedIn)) : 1;
      return { index: i, shown: sc.from + Math.ceil(sc.chars * typed) };
    }
    from += len;
  }
  return { index: n - 1, shown: Infinity };
}

/** The height a screen takes in the box, in units. */
export function screenHeight(fit: Fit, index: number): number {
  return (fit.screens[index]?.height ?? 0) * fit.scale;
}

/**
 * Draw one screen of a fitted page at (x, y), revealing its characters up to `shown` (counted
 * through the whole page). Prose in `color`, bullets in `accent`.
 */
export function drawScreen(ctx: Ctx2D, fit: Fit, index: number, x: number, y: number, shown: number, type: TypeScale, color: string, accent = colors.muted): void {
  const screen = fit.screens[index];
  if (!screen) return;
  const s = sizesFor(type);
  const k = fit.scale;
  const w = fit.width;
  ctx.save();
  ctx.translate(x, y);
  ctx.scale(k, k);
  ctx.translate(0, -screen.top);
  // Code backgrounds first: one per run of a block's lines on this screen.
  ctx.fillStyle = colors.code;
  for (let i = 0; i < screen.rows.length; i++) {
    const row = screen.rows[i]!;
    if (row.kind !== 'code') continue;
    let j = i;
    let next = screen.rows[j + 1];
    while (next?.kind === 'code' && next.block === row.block) next = screen.rows[++j + 1];
    const last = screen.rows[j]!;
    roundRect(ctx, 0, row.bgTop, w, (last.kind === 'code' ? last.bgBottom : last.bottom) - row.bgTop, 8);
    ctx.fill();
    i = j;
  }
  for (const row of screen.rows) {
    const left = shown - row.from;
    if (left <= 0) break;
    if (row.kind === 'prose') {
      if (row.bullet) {
        ctx.fillStyle = accent;
        ctx.beginPath();
        ctx.arc(6 * (s.prose / DESIGN.prose), row.top + s.proseLine * 0.48, 3 * (s.prose / DESIGN.prose), 0, Math.PI * 2);
        ctx.fill();
      }
      ctx.font = row.font;
      ctx.fillStyle = color;
      ctx.fillText(row.text.length > left ? row.text.slice(0, left) : row.text, row.indent, row.baseline);
    } else {
      ctx.font = mono(s.code);
      drawTokenLine(ctx, row.line, CODE_INSET + row.indent, row.baseline, w - CODE_INSET * 2 - row.indent, left);
    }
  }
  ctx.restore();
}
