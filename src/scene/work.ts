// The work panel: what the active speaker says and does. The current cue is drawn in full
// (text typed out, code highlighted, tool cards, file writes); the few cues before it in the
// same turn stay above as one-line entries, so a viewer keeps the thread.
import { THOUGHT_CHARS, type Cue, type FileCue, type LookupItem, type NoticeCue, type PromptCue, type StepCaption, type TextCue, type Timeline, type ToolCue } from '../timeline/model.js';
import { lookupTitle } from '../timeline/lookups.js';
import { captionOf } from '../timeline/query.js';
import { TEXT_METRICS } from '../timeline/pages.js';
import { closingScreen, drawScreen, fitBlocks, screenAt, screenHeight, type Fit, type PageClock } from './blocks.js';
import { mono, sans } from './fonts.js';
import { feedRowHeight } from './metrics.js';
import { clamp01, colors, withAlpha, type Layout } from './theme.js';
import { drawTokenLine, ellipsize, ellipsizePath, roundRect, wrap, measure } from './text.js';
import { LINE_HEIGHT, type TypeScale } from './type.js';
import type { Ctx2D } from './types.js';

/** A file write's editor, designed at 720p (the whole write is lifted to its floor). */
const CODE_PX = 13.5;
const CODE_LH = TEXT_METRICS.codeLine;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function drawWork(ctx: Ctx2D, timeline: Timeline, cueIndex: number, t: number, layout: Layout): void {
  const cue = timeline.cues[cueIndex];
  if (!cue || cue.chapter < 0) return;
  const chapter = timeline.chapters[cue.chapter];
  const firstOfChapter = chapter ? chapter.cues[0] : cueIndex;
  const feed: Cue[] = [];
  // A sign-out shows the turn's last words whole: the feed would only repeat them.
  const feedRows = cue.kind === 'notice' && cue.what === 'sign-out' ? 0 : layout.feedRows;
  // A step's narration is drawn whole above its work, so the feed leaves it out.
  const caption = captionOf(cue);
  for (let i = cueIndex - 1; i >= firstOfChapter && feed.length < feedRows; i--) {
    const c = timeline.cues[i]!;
    if (c.kind !== 'conch' && !(caption && c.sourceId === caption.sourceId && c.kind === 'text')) feed.unshift(c);
  }
  const { x, w } = layout.work;
  const type = layout.type;
  const rowH = feedRowHeight(type);
  let y = layout.work.y;
  feed.forEach((c, i) => {
    ctx.globalAlpha = 0.45 + 0.2 * (i / Math.max(1, layout.feedRows));
    drawFeedRow(ctx, timeline, c, x, y, w, rowH, type);
    y += rowH;
  });
  ctx.globalAlpha = 1;
  if (feed.length) y += 6;
  if (caption) y += drawCaption(ctx, timeline, cue, caption, { x, y, w, h: layout.work.y + layout.work.h - 16 - y }, type);
  const box = { x, y, w, h: layout.work.y + layout.work.h - 16 - y };
  // The stacked shapes are tall: a short page grows into the room, and sits a little lower;
  // not a step's narration, which stays where it is, at its size, as its work comes in under it.
  const narrates = cue.kind === 'text' && captionOf(timeline.cues[cueIndex + 1])?.sourceId === cue.sourceId;
  const roomy = layout.shape !== 'landscape' && !narrates;
  const progress = clamp01((t - cue.start) / Math.max(0.001, cue.end - cue.start));
  const fadeIn = clamp01((t - cue.start) / 0.25);
  ctx.globalAlpha = fadeIn;
  switch (cue.kind) {
    case 'prompt':
      drawPrompt(ctx, timeline, cue, box, t, type, roomy);
      break;
    case 'text':
      drawText(ctx, timeline, cue, box, t, type, roomy);
      break;
    case 'reasoning':
      drawReasoning(ctx, cue.text, box, progress, type);
      break;
    case 'tool':
      scaled(ctx, box, type.lift(['label', 12], ['mono', 12.5]), (inner) => drawToolCard(ctx, cue, inner, progress));
      break;
    case 'file':
      scaled(ctx, box, type.lift(['label', 13], ['mono', 15], ['code', CODE_PX]), (inner) => drawFileWrite(ctx, timeline, cue, inner, progress));
      break;
    case 'notice':
      if (cue.what === 'sign-out') drawSignOut(ctx, timeline, cue, cueIndex, box, progress, type);
      else scaled(ctx, box, type.lift(['label', 15]), (inner) => drawNotice(ctx, cue.label, cue.tone, inner));
      break;
    case 'conch':
      ctx.globalAlpha = 1;
      drawPassCaption(ctx, timeline, cue.from, cue.to, cueIndex, box, t - cue.start, cue.end - t, type);
      break;
    default:
      break;
  }
  ctx.globalAlpha = 1;
}

/**
 * A step's narration above its work, where its text cue left it: whole, in the text's colour, at
 * its own size (a lead is a sentence or two). Returns the height it took.
 */
function drawCaption(ctx: Ctx2D, timeline: Timeline, cue: Cue, caption: StepCaption, box: Box, type: TypeScale): number {
  // Most of the area is the work's; a lead too long for that (a small stage) takes what it needs.
  let fit = fitBlocks(ctx, caption.blocks, box.w, box.h * 0.6, type, false);
  if (fit.screens.length > 1) fit = fitBlocks(ctx, caption.blocks, box.w, box.h, type, false);
  drawScreen(ctx, fit, 0, box.x, box.y, Infinity, type, colors.text, nameOf(timeline, cue.participantId).color);
  return screenHeight(fit, 0) + 10;
}

/**
 * Draw a part designed at 720p (a tool card, a file write) lifted by `k`, so that its smallest
 * text reaches its floor: it takes the box's width and k times its designed height.
 */
function scaled(ctx: Ctx2D, box: Box, k: number, draw: (inner: Box) => void): void {
  ctx.save();
  ctx.translate(box.x, box.y);
  ctx.scale(k, k);
  draw({ x: 0, y: 0, w: box.w / k, h: box.h / k });
  ctx.restore();
}

function nameOf(timeline: Timeline, id: string | undefined): { name: string; color: string } {
  const p = timeline.participants.find((q) => q.id === id);
  return { name: p?.name ?? 'user', color: p?.color ?? colors.muted };
}

function drawFeedRow(ctx: Ctx2D, timeline: Timeline, cue: Cue, x: number, y: number, w: number, rowH: number, type: TypeScale): void {
  const who = nameOf(timeline, cue.kind === 'prompt' ? undefined : cue.participantId);
  const size = type.size('label', 13.5);
  const baseline = y + rowH - 11;
  ctx.fillStyle = cue.kind === 'prompt' ? colors.muted : who.color;
  ctx.beginPath();
  ctx.arc(x + 5, baseline - size * 0.37, 4, 0, Math.PI * 2);
  ctx.fill();
  ctx.font = sans(size);
  ctx.fillStyle = colors.muted;
  const prefix = cue.kind === 'prompt' ? 'asked: ' : '';
  ctx.fillText(ellipsize(ctx, prefix + cue.label, w - 20), x + 16, baseline);
}

function drawPrompt(ctx: Ctx2D, timeline: Timeline, cue: PromptCue, box: Box, t: number, type: TypeScale, roomy: boolean): void {
  const to = nameOf(timeline, cue.participantId);
  const label = type.size('label');
  const tagY = box.y + label * 1.08;
  ctx.font = sans(label, 700);
  ctx.fillStyle = colors.muted;
  // The orchestrator is a party-line role; a plain session's prompts come from its user.
  // An agent's relay (opencode's session tool) is that agent's speech, in its colour.
  const relay = cue.from !== 'user' ? nameOf(timeline, cue.from) : undefined;
  const from = relay ? relay.name.toUpperCase() : timeline.meta.party ? 'ORCHESTRATOR' : 'USER';
  if (relay) ctx.fillStyle = relay.color;
  ctx.fillText(from, box.x, tagY);
  ctx.fillStyle = colors.muted;
  const tag = measure(ctx, from);
  ctx.fillText('  →  ', box.x + tag, tagY);
  ctx.fillStyle = to.color;
  ctx.fillText(to.name.toUpperCase(), box.x + tag + measure(ctx, '  →  '), tagY);
  const inner = { x: box.x, y: box.y + label + 11, w: box.w, h: box.h - label - 11 };
  const pages = pagesOf(ctx, cue, { w: inner.w - 36, h: inner.h - 28 }, type, roomy);
  const on = pages.at(t);
  drawPageCount(ctx, on, pages.count, box.x + box.w, tagY, type);
  const height = Math.min(inner.h, screenHeight(on.fit, on.screen) + 28);
  ctx.fillStyle = colors.panel;
  roundRect(ctx, inner.x, inner.y, inner.w, height, 12);
  ctx.fill();
  ctx.fillStyle = colors.faint;
  roundRect(ctx, inner.x, inner.y, 4, height, 2);
  ctx.fill();
  drawScreen(ctx, on.fit, on.screen, inner.x + 20, inner.y + 14, Infinity, type, colors.text);
}

function drawText(ctx: Ctx2D, timeline: Timeline, cue: TextCue, box: Box, t: number, type: TypeScale, roomy: boolean): void {
  // Room for the "2 / 3" under the text, when there is more than one screen.
  const counted = { w: box.w, h: box.h - type.size('label', 12) - 6 };
  let pages = pagesOf(ctx, cue, (cue.pages?.length ?? 0) > 1 ? counted : box, type, roomy);
  if (pages.count > 1 && (cue.pages?.length ?? 0) < 2) pages = pagesOf(ctx, cue, counted, type, roomy);
  const on = pages.at(t);
  // Where the page grew into an empty area, it sits lower, by a third of the room left (at most
  // two lines): nearer the middle of the screen, still under the entries it follows.
  const line = type.size('prose') * LINE_HEIGHT.prose * on.fit.scale;
  const free = roomy && on.fit.scale > 1 ? Math.min(Math.max(0, box.h - screenHeight(on.fit, on.screen)) * 0.3, line * 2) : 0;
  drawScreen(ctx, on.fit, on.screen, box.x, box.y + free, on.shown, type, colors.text, nameOf(timeline, cue.participantId).color);
  drawPageCount(ctx, on, pages.count, box.x + box.w, box.y + box.h - 2, type);
}

/** What of a text or prompt cue is on screen at t: its page, fitted, and which of the page's screens. */
interface OnScreen {
  fit: Fit;
  screen: number;
  /** Characters shown (counted through the page), for typing. */
  shown: number;
  /** Counting every screen of every page of the cue: this one's number (0-based). */
  index: number;
}

/**
 * A cue's pages fitted to a box. The timeline timed the pages (see TextPage); a cue without pages
 * is one page typed over its first 75%. A page too tall at the floor is shown in screens, each
 * for its share of the page's time (see screenAt).
 */
function pagesOf(ctx: Ctx2D, cue: TextCue | PromptCue, room: { w: number; h: number }, type: TypeScale, grow: boolean) {
  const typed = cue.kind === 'text';
  const pages = cue.pages?.length
    ? cue.pages.map((page, k) => {
      const start = k === 0 ? cue.start : cue.pages![k - 1]!.end;
      return { blocks: cue.blocks.slice(page.blocks[0], page.blocks[1]), clock: { start, typed: page.typed, end: page.end } };
    })
    : [{ blocks: cue.blocks, clock: { start: cue.start, typed: typed ? cue.start + (cue.end - cue.start) * 0.75 : cue.start, end: cue.end } }];
  const fits = pages.map((p) => fitBlocks(ctx, p.blocks, room.w, room.h, type, grow));
  const count = fits.reduce((n, f) => n + f.screens.length, 0);
  const at = (t: number): OnScreen => {
    let k = 0;
    while (k < pages.length - 1 && t >= pages[k]!.clock.end) k++;
    const clock: PageClock = pages[k]!.clock;
    const on = screenAt(fits[k]!, typed ? clock : { ...clock, typed: clock.start }, t);
    const before = fits.slice(0, k).reduce((n, f) => n + f.screens.length, 0);
    return { fit: fits[k]!, screen: on.index, shown: on.shown, index: before + on.index };
  };
  return { count, at };
}

/** "2 / 3" at a right edge, when the text takes more than one screen. */
function drawPageCount(ctx: Ctx2D, on: OnScreen, count: number, right: number, y: number, type: TypeScale): void {
  if (count < 2) return;
  ctx.font = sans(type.size('label', 12), 700);
  ctx.fillStyle = colors.faint;
  const label = `${on.index + 1} / ${count}`;
  ctx.fillText(label, right - measure(ctx, label), y);
}

function drawReasoning(ctx: Ctx2D, text: string, box: Box, progress: number, type: TypeScale): void {
  const label = type.size('label');
  ctx.font = sans(label, 700);
  ctx.fillStyle = colors.faint;
  ctx.fillText('THINKING', box.x, box.y + label * 1.08);
  const size = type.size('prose', 15.5);
  const lh = size * (23 / 15.5);
  ctx.font = `italic ${sans(size)}`;
  ctx.fillStyle = colors.muted;
  // At its floor the thought may take more lines than the box holds: then it is shown as the
  // lines that fit, ending on a word with "…", typed in as the whole thought would be.
  const excerpt = thoughtExcerpt(ctx, text, box.w, Math.max(1, Math.floor((box.h - label - 17) / lh)));
  const lines = wrap(ctx, excerpt.slice(0, Math.ceil(excerpt.length * clamp01(progress / 0.7))), box.w);
  const top = box.y + label + 13;
  lines.forEach((line, i) => ctx.fillText(line, box.x, top + size + i * lh));
}

/** `text` whole if it wraps to at most `rows` lines of `width`, else its first lines, cut after a word, with "…". */
function thoughtExcerpt(ctx: Ctx2D, whole: string, width: number, rows: number): string {
  // The timeline keeps a thought's first THOUGHT_CHARS, cut where they end: the cut word goes.
  const text = whole.length === THOUGHT_CHARS && whole.endsWith('…') ? `${whole.slice(0, -1).replace(/[\s,;:.-]*\S*$/, '')}…` : whole;
  const lines = wrap(ctx, text, width);
  if (lines.length <= rows) return text;
  const kept = lines.slice(0, rows).map((line) => line.trim());
  let words = kept.pop()!.split(/\s+/);
  // The last line loses words from its end until its ellipsis fits; it keeps one at least.
  while (words.length > 1 && measure(ctx, `${words.join(' ')}…`) > width) words = words.slice(0, -1);
  const last = words.join(' ').replace(/[\s,;:.\u2026-]+$/, '');
  return `${[...kept, last].join(' ')}…`;
}

const TOOL_TAGS: Array<[RegExp, string, string]> = [
  [/^(bash|shell|exec|run)/i, '$', '#4ad295'],
  [/^(read|view|cat)/i, 'RD', '#6cb6ff'],
  [/^(write|create)/i, 'WR', '#f0b429'],
  [/^(edit|multiedit|apply_patch|notebookedit|patch)/i, 'ED', '#f0b429'],
  [/^(grep|glob|search|find|ls|list)/i, 'FI', '#a5b4fc'],
  [/^(web|fetch|http)/i, 'WB', '#67e8f9'],
  [/^(todo)/i, 'TD', '#d8b4fe'],
  [/^(task|agent)/i, 'AG', '#f472b6'],
];

function toolTag(tool: string): [string, string] {
  const hit = TOOL_TAGS.find(([re]) => re.test(tool));
  return hit ? [hit[1], hit[2]] : ['··', '#8b97a6'];
}

/** Tool icon: a tag in the tool family's colour, on a 36-unit tile. */
function drawToolIcon(ctx: Ctx2D, tag: string, color: string, x: number, y: number): void {
  ctx.fillStyle = withAlpha(color, 0.2);
  roundRect(ctx, x, y, 36, 36, 8);
  ctx.fill();
  ctx.fillStyle = color;
  ctx.font = mono(15);
  ctx.textAlign = 'center';
  ctx.fillText(tag, x + 18, y + 24);
  ctx.textAlign = 'left';
}

function drawToolCard(ctx: Ctx2D, cue: ToolCue, box: Box, progress: number): void {
  if (cue.items) {
    drawLookupCard(ctx, cue, cue.items, box, progress);
    return;
  }
  const [tag, tagColor] = toolTag(cue.tool);
  const lines = cue.summary.length;
  // The command or path under the tool's name, on two lines where one does not hold it.
  ctx.font = mono(14);
  const title = twoLines(ctx, cue.title, box.w - 82);
  const extra = (title.length - 1) * 19;
  const h = Math.min(box.h, 64 + extra + (lines ? 14 + lines * 19 : 0));
  ctx.fillStyle = colors.panel;
  roundRect(ctx, box.x, box.y, box.w, h, 12);
  ctx.fill();
  // A call whose guest works in between stays running; its result cue opens done.
  const done = cue.phase === 'result' || (cue.phase !== 'call' && progress > 0.45 && cue.status !== 'running' && cue.status !== 'pending');
  const failed = done && cue.isError;
  ctx.strokeStyle = failed ? colors.error : colors.panelEdge;
  ctx.lineWidth = failed ? 2 : 1;
  roundRect(ctx, box.x + 0.5, box.y + 0.5, box.w - 1, h - 1, 12);
  ctx.stroke();
  drawToolIcon(ctx, tag, tagColor, box.x + 16, box.y + 14);
  ctx.font = sans(12, 700);
  ctx.fillStyle = colors.muted;
  ctx.fillText(cue.tool.toUpperCase(), box.x + 66, box.y + 27);
  // Status: running until the result lands halfway through the cue.
  const status = !done ? (cue.phase === 'call' && cue.guestId ? 'guest at work…' : 'running…') : cue.isError ? 'error' : 'done';
  const statusColor = !done ? colors.warn : cue.isError ? colors.error : colors.ok;
  const duration = done && cue.durationMs !== undefined ? `  ${formatDuration(cue.durationMs)}` : '';
  ctx.font = sans(12, 700);
  const statusText = status.toUpperCase() + duration;
  const sw = measure(ctx, statusText) + 18;
  ctx.fillStyle = withAlpha(statusColor, 0.18);
  roundRect(ctx, box.x + box.w - sw - 14, box.y + 14, sw, 22, 11);
  ctx.fill();
  ctx.fillStyle = statusColor;
  ctx.fillText(statusText, box.x + box.w - sw - 5, box.y + 29);
  ctx.font = mono(14);
  ctx.fillStyle = colors.text;
  title.forEach((line, i) => ctx.fillText(line, box.x + 66, box.y + 47 + i * 19));
  if (!done || !lines) return;
  ctx.fillStyle = colors.code;
  roundRect(ctx, box.x + 14, box.y + 62 + extra, box.w - 28, h - 74 - extra, 8);
  ctx.fill();
  ctx.font = mono(12.5);
  ctx.fillStyle = cue.isError ? colors.error : colors.muted;
  cue.summary.forEach((line, i) => {
    const y = box.y + 82 + extra + i * 19;
    if (y < box.y + h - 8) ctx.fillText(ellipsize(ctx, line, box.w - 56), box.x + 26, y);
  });
}

/** `text` in at most two lines of `maxWidth`, the second ellipsized. */
function twoLines(ctx: Ctx2D, text: string, maxWidth: number): string[] {
  const lines = wrap(ctx, text, maxWidth);
  if (lines.length <= 2) return lines;
  return [lines[0]!, ellipsize(ctx, lines.slice(1).join(' '), maxWidth)];
}

const LOOKUP_ROW_H = 22;

/** A run of lookups as one card: the items arrive one by one over the first 70%, the count with them. */
function drawLookupCard(ctx: Ctx2D, cue: ToolCue, items: LookupItem[], box: Box, progress: number): void {
  const arrived = Math.min(items.length, Math.floor(items.length * clamp01(progress / 0.7)) + 1);
  const rows = Math.max(1, Math.floor((box.h - 64) / LOOKUP_ROW_H));
  const shown = items.slice(Math.max(0, arrived - rows), arrived);
  const h = Math.min(box.h, 60 + shown.length * LOOKUP_ROW_H);
  ctx.fillStyle = colors.panel;
  roundRect(ctx, box.x, box.y, box.w, h, 12);
  ctx.fill();
  ctx.strokeStyle = colors.panelEdge;
  ctx.lineWidth = 1;
  roundRect(ctx, box.x + 0.5, box.y + 0.5, box.w - 1, h - 1, 12);
  ctx.stroke();
  const [tag, tagColor] = toolTag(cue.tool);
  drawToolIcon(ctx, tag, tagColor, box.x + 16, box.y + 12);
  // The count grows with the items: "read 3 files", then "read 4 files"...
  const title = lookupTitle(items.map((it) => it.tool), arrived);
  ctx.font = sans(15, 700);
  ctx.fillStyle = colors.text;
  ctx.fillText(title, box.x + 66, box.y + 35);
  const done = arrived === items.length && progress > 0.7;
  const status = done ? 'DONE' : 'RUNNING…';
  ctx.font = sans(12, 700);
  const sw = measure(ctx, status) + 18;
  const statusColor = done ? colors.ok : colors.warn;
  ctx.fillStyle = withAlpha(statusColor, 0.18);
  roundRect(ctx, box.x + box.w - sw - 14, box.y + 16, sw, 22, 11);
  ctx.fill();
  ctx.fillStyle = statusColor;
  ctx.fillText(status, box.x + box.w - sw - 5, box.y + 31);
  shown.forEach((item, i) => {
    const y = box.y + 72 + i * LOOKUP_ROW_H;
    const [itemTag, itemColor] = toolTag(item.tool);
    ctx.font = mono(11);
    ctx.fillStyle = itemColor;
    ctx.fillText(itemTag, box.x + 22, y);
    ctx.font = mono(13.5);
    ctx.fillStyle = item.isError ? colors.error : colors.muted;
    ctx.fillText(keepTail(ctx, item.title, box.w - 80), box.x + 50, y);
  });
}

/** A path too long for its row loses its start, not its file name. */
function keepTail(ctx: Ctx2D, text: string, maxWidth: number): string {
  if (measure(ctx, text) <= maxWidth) return text;
  let cut = 1;
  while (cut < text.length && measure(ctx, `…${text.slice(cut)}`) > maxWidth) cut = Math.min(text.length, cut + Math.max(1, Math.floor((text.length - cut) / 8)));
  return `…${text.slice(cut)}`;
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} m ${Math.round((ms % 60_000) / 1000)} s`;
}

function drawFileWrite(ctx: Ctx2D, timeline: Timeline, cue: FileCue, box: Box, progress: number): void {
  const track = timeline.files[cue.file];
  const version = track?.versions[cue.version];
  if (!track || !version) return;
  const who = nameOf(timeline, version.participantId);
  ctx.font = sans(13, 700);
  ctx.fillStyle = who.color;
  const verb = cue.op === 'write' ? (cue.version === 0 ? 'CREATES' : 'REWRITES') : cue.op === 'edit' ? 'EDITS' : 'PATCHES';
  ctx.fillText(`${who.name.toUpperCase()} ${verb}`, box.x, box.y + 14);
  ctx.font = mono(15);
  ctx.fillStyle = colors.text;
  ctx.fillText(ellipsizePath(ctx, track.path, box.w), box.x, box.y + 38);
  const top = box.y + 52;
  const lines = version.window.lines;
  if (!version.lineCount) {
    // Nothing of the content is known (a patch that only names the file): say so, no editor.
    ctx.font = sans(14);
    ctx.fillStyle = colors.muted;
    ctx.fillText('changed by a patch; its lines were not recorded', box.x, top + 8);
    return;
  }
  const h = Math.min(box.h - 52, 24 + Math.max(1, lines.length) * CODE_LH);
  ctx.fillStyle = colors.code;
  roundRect(ctx, box.x, top, box.w, h, 10);
  ctx.fill();
  const owners = expandRuns(version.owners, version.window.from, lines.length);
  const [cFrom, cTo] = version.changed;
  // Changed lines appear one after another over the first 70% of the cue.
  const changedCount = Math.max(1, cTo - cFrom);
  const revealed = Math.floor(changedCount * clamp01(progress / 0.7) + 0.999);
  ctx.font = mono(CODE_PX);
  lines.forEach((line, i) => {
    const n = version.window.from + i;
    const y = top + 18 + i * CODE_LH;
    if (y > top + h - 6) return;
    const isChanged = n >= cFrom && n < cTo;
    if (isChanged && n - cFrom >= revealed) return;
    const owner = owners[i]!;
    const color = owner >= 0 ? (timeline.participants[owner]?.color ?? colors.unknownOwner) : colors.unknownOwner;
    if (isChanged) {
      ctx.fillStyle = withAlpha(color, 0.14);
      ctx.fillRect(box.x + 6, y - 14, box.w - 12, CODE_LH);
    }
    ctx.fillStyle = color;
    ctx.fillRect(box.x + 8, y - 13, 4, CODE_LH - 2);
    ctx.fillStyle = colors.faint;
    ctx.textAlign = 'right';
    ctx.fillText(String(n + 1), box.x + 50, y);
    ctx.textAlign = 'left';
    ctx.globalAlpha = isChanged ? 1 : 0.6;
    drawTokenLine(ctx, line, box.x + 62, y, box.w - 76);
    ctx.globalAlpha = 1;
  });
}

/** Owners of `count` lines from line `from`, out of run-length form. */
export function expandRuns(runs: Array<[number, number]>, from: number, count: number): number[] {
  const out: number[] = [];
  let line = 0;
  for (const [owner, n] of runs) {
    for (let k = 0; k < n; k++, line++) {
      if (line >= from && line < from + count) out.push(owner);
    }
    if (line >= from + count) break;
  }
  while (out.length < count) out.push(-1);
  return out;
}

function drawNotice(ctx: Ctx2D, label: string, tone: 'info' | 'warn' | 'error', box: Box): void {
  const color = tone === 'error' ? colors.error : tone === 'warn' ? colors.warn : '#6cb6ff';
  ctx.font = sans(15, 700);
  const lines = wrap(ctx, label, box.w - 40).slice(0, 3);
  const h = 22 + lines.length * 22;
  ctx.fillStyle = withAlpha(color, 0.14);
  roundRect(ctx, box.x, box.y, box.w, h, 10);
  ctx.fill();
  ctx.fillStyle = color;
  lines.forEach((l, i) => ctx.fillText(l, box.x + 20, box.y + 27 + i * 22));
}

/**
 * The hand-off: who passes to whom, over the giver's last words, which stay on screen to be
 * read while the conch travels. `since`/`until`: seconds from the cue's start and to its end.
 */
function drawPassCaption(ctx: Ctx2D, timeline: Timeline, from: string, to: string, cueIndex: number, box: Box, since: number, until: number, type: TypeScale): void {
  const a = nameOf(timeline, from);
  const b = nameOf(timeline, to);
  const verb = timeline.meta.party ? ' passes the conch to ' : ' hands over to ';
  ctx.globalAlpha = clamp01(since / 0.2) * clamp01(until / 0.15 + 0.3);
  const size = type.size('heading', 22);
  ctx.font = sans(size, 700);
  const y = box.y + size;
  const parts: Array<[string, string]> = [[a.name, a.color], [verb, colors.muted], [b.name, b.color]];
  let x = box.x;
  for (const [text, color] of parts) {
    ctx.fillStyle = color;
    ctx.fillText(text, x, y);
    x += measure(ctx, text);
  }
  ctx.globalAlpha = 1;
  drawLastWords(ctx, timeline, cueIndex, from, { x: box.x, y: box.y + size + 18, w: box.w, h: box.h - size - 18 }, 0.85, type);
}

/** The giver's sign-out, under its last words: then it steps back from the table. */
function drawSignOut(ctx: Ctx2D, timeline: Timeline, cue: NoticeCue, cueIndex: number, box: Box, progress: number, type: TypeScale): void {
  const k = type.lift(['label', 15], ['mono', 15]);
  ctx.globalAlpha = 1;
  const wordsH = drawLastWords(ctx, timeline, cueIndex, cue.participantId, { x: box.x, y: box.y, w: box.w, h: box.h - SIGN_OUT_STRIP_H * k - 12 }, 0.85, type);
  ctx.globalAlpha = clamp01(progress / 0.15);
  scaled(ctx, { ...box, y: box.y + (wordsH ? wordsH + 12 : 0) }, k, (strip) => drawSignOutStrip(ctx, timeline, cue, strip));
  ctx.globalAlpha = 1;
}

/** The sign-out strip's height, before its lift. */
const SIGN_OUT_STRIP_H = 44;

/** "Iris signs out  <the reason>", in a strip in the giver's colour. */
function drawSignOutStrip(ctx: Ctx2D, timeline: Timeline, cue: NoticeCue, box: Box): void {
  const who = nameOf(timeline, cue.participantId);
  const stripH = SIGN_OUT_STRIP_H;
  const y = box.y;
  ctx.fillStyle = withAlpha(who.color, 0.16);
  roundRect(ctx, box.x, y, box.w, stripH, 10);
  ctx.fill();
  ctx.fillStyle = who.color;
  roundRect(ctx, box.x, y, 5, stripH, 2.5);
  ctx.fill();
  ctx.font = sans(15, 700);
  const title = `${who.name} signs out`;
  ctx.fillText(title, box.x + 20, y + 28);
  ctx.font = mono(15);
  ctx.fillStyle = colors.text;
  ctx.fillText(ellipsize(ctx, cue.label, box.w - measure(ctx, title) - 60), box.x + 40 + measure(ctx, title), y + 28);
}

/**
 * The last thing `speaker` said before cue `cueIndex` (its turn's final text), drawn whole at
 * `alpha`; returns the height used, 0 when there is none.
 */
function drawLastWords(ctx: Ctx2D, timeline: Timeline, cueIndex: number, speaker: string | undefined, box: Box, alpha: number, type: TypeScale): number {
  let last: TextCue | undefined;
  for (let i = cueIndex - 1; i >= 0 && i >= cueIndex - 40; i--) {
    const c = timeline.cues[i]!;
    if (c.kind === 'text' && c.participantId === speaker) {
      last = c;
      break;
    }
    if (c.kind === 'prompt' || c.kind === 'title' || (c.kind === 'conch' && c.to === speaker)) break;
  }
  if (!last || box.h < 30) return 0;
  // The last words are the end of the message: its last page, and of that its last screen.
  const page = last.pages?.at(-1);
  const blocks = page ? last.blocks.slice(page.blocks[0], page.blocks[1]) : last.blocks;
  const fit = fitBlocks(ctx, blocks, box.w, box.h, type, false);
  const closing = fit.screens.length > 1 ? { ...fit, screens: [closingScreen(fit, box.h)] } : fit;
  ctx.globalAlpha = alpha;
  drawScreen(ctx, closing, 0, box.x, box.y, Infinity, type, colors.text, nameOf(timeline, speaker).color);
  ctx.globalAlpha = 1;
  return Math.min(box.h, screenHeight(closing, 0));
}
