// The file collaboration panel: every file written so far, each with a git-blame-style bar
// coloured by who last wrote its lines, the file being written lit up, and a legend.
import type { Timeline } from '../timeline/model.js';
import { cueAt, filesAt } from '../timeline/query.js';
import { mono, sans } from './fonts.js';
import { filesMetrics } from './metrics.js';
import { clamp01, colors, withAlpha, type Layout } from './theme.js';
import { ellipsizePath, roundRect, measure } from './text.js';
import type { Ctx2D } from './types.js';

export function drawFiles(ctx: Ctx2D, timeline: Timeline, t: number, layout: Layout): void {
  const { x, y: top, w, h } = layout.files;
  const bottom = top + h;
  const strip = isStrip(layout);
  ctx.fillStyle = colors.panel;
  roundRect(ctx, x, top, w, h, 14);
  ctx.fill();

  const files = filesAt(timeline, t);
  const type = layout.type;
  const m = filesMetrics(type, strip);
  const label = type.size('label');
  ctx.font = sans(label, 700);
  ctx.fillStyle = colors.muted;
  ctx.fillText('FILES', x + 18, top + m.heading);
  const count = `${files.length} written`;
  const countX = strip ? x + 18 + measure(ctx, 'FILES') + 12 : x + w - 18 - measure(ctx, count);
  ctx.font = sans(label);
  ctx.fillText(count, countX, top + m.heading);

  // A strip has no room below its rows: its key shares the heading's line, on the right.
  const legend = type.size('label', 12.5);
  if (strip) drawLegend(ctx, timeline, t, countX + measure(ctx, count) + 24, top + m.heading, x + w - 18 - (countX + measure(ctx, count) + 24), legend, 'right');
  else drawLegend(ctx, timeline, t, x + 18, bottom - 14, w - 36, legend);
  const active = cueAt(timeline, t);
  const activeFile = active?.kind === 'file' ? active.file : -1;
  const maxLines = Math.max(1, ...files.map((f) => (f.version.partial ? 0 : f.version.lineCount)));

  fileRows(timeline, t, layout).forEach(({ track, version, index, x, y, w }) => {
    const isActive = index === activeFile;
    const writer = timeline.participants.find((p) => p.id === version.participantId);
    const age = t - version.time;
    const glow = isActive ? 1 : clamp01(1 - age / 1.5) * 0.6;
    if (glow > 0 && writer) {
      ctx.fillStyle = withAlpha(writer.color, 0.16 * glow + 0.04);
      roundRect(ctx, x + 8, y - 2, w - 16, m.rowH - 4, 8);
      ctx.fill();
    }
    ctx.font = mono(type.size('mono'));
    ctx.fillStyle = isActive ? colors.text : '#c9d1d9';
    // The file name comes first: a label that would crowd it out says less.
    let lines = sizeLabel(version);
    const name = track.path.slice(track.path.lastIndexOf('/') + 1);
    if (measure(ctx, `…/${name}`) > w - 48 - measure(ctx, lines)) lines = version.partial ? (version.linesChanged ? 'edited' : 'patched') : lines;
    const lw = measure(ctx, lines);
    ctx.fillText(ellipsizePath(ctx, track.path, w - 48 - lw), x + 18, y + m.nameDy);
    ctx.fillStyle = colors.muted;
    ctx.fillText(lines, x + w - 18 - lw, y + m.nameDy);
    if (version.partial) drawChangedBar(ctx, timeline, version.owners, x + 18, y + m.barDy, (w - 36) * 0.12, m.barH, writer?.color);
    else drawBlameBar(ctx, timeline, version.owners, version.lineCount, x + 18, y + m.barDy, (w - 36) * Math.max(0.12, version.lineCount / maxLines), m.barH);
  });
  if (!files.length) {
    ctx.font = sans(type.size('label', 14));
    ctx.fillStyle = colors.faint;
    ctx.fillText('No files written yet', x + 18, top + m.listDy + 20);
  }
}

/** Room kept for the legend (two rows), the same whether drawing or describing the scene. */
const LEGEND_ROOM = 46;

/**
 * The rows the panel shows at t, with their top y (stage units). When more files exist than
 * fit, the most recently changed stay in view, in order of first write.
 */
export function fileRows(timeline: Timeline, t: number, layout: Layout) {
  const files = filesAt(timeline, t);
  const box = layout.files;
  const strip = isStrip(layout);
  const m = filesMetrics(layout.type, strip);
  const listTop = box.y + m.listDy;
  const rowH = m.rowH;
  const legendRoom = LEGEND_ROOM * layout.type.grow.label;
  const rows = Math.max(1, Math.floor((box.y + box.h - (strip ? m.foot : 8 + legendRoom + 20) - listTop) / rowH + 1e-6));
  const columns = box.columns;
  const fit = rows * columns;
  const shown = files.length > fit
    ? [...files].sort((a, b) => b.version.time - a.version.time).slice(0, fit).sort((a, b) => a.index - b.index)
    : files;
  // Rows fill the first column, then the next: reading order stays top to bottom.
  const colW = box.w / columns;
  return shown.map((f, i) => {
    const col = Math.floor(i / rows);
    const y = listTop + (i % rows) * rowH;
    return { ...f, x: box.x + col * colW, w: colW, y, barY: y + m.barDy, barH: m.barH };
  });
}

/** The stacked shapes set their files as a short strip under the work area. */
function isStrip(layout: Layout): boolean {
  return layout.shape !== 'landscape';
}

/**
 * What a row says of a file's size: its lines when its content is known; otherwise what is known,
 * the lines the session changed in it, or only that it was patched.
 */
function sizeLabel(version: { lineCount: number; partial?: boolean; linesChanged?: number }): string {
  if (!version.partial) return `${version.lineCount} ln`;
  const changed = version.linesChanged ?? version.lineCount;
  return changed > 0 ? `edited · +${changed} ln` : 'patched';
}

/**
 * For a file whose whole content is unknown: a short outlined bar, filled with the colours of
 * those who changed it (nothing to scale against the files whose size is known).
 */
function drawChangedBar(ctx: Ctx2D, timeline: Timeline, owners: Array<[number, number]>, x: number, y: number, w: number, h: number, fallback?: string): void {
  const total = owners.reduce((n, [, c]) => n + c, 0);
  if (total) drawBlameBar(ctx, timeline, owners, total, x, y, w, h);
  ctx.strokeStyle = fallback ?? colors.unknownOwner;
  ctx.lineWidth = 1.5;
  roundRect(ctx, x + 0.75, y + 0.75, w - 1.5, h - 1.5, h / 2);
  ctx.stroke();
}

function drawBlameBar(ctx: Ctx2D, timeline: Timeline, owners: Array<[number, number]>, total: number, x: number, y: number, w: number, h: number): void {
  ctx.fillStyle = colors.code;
  roundRect(ctx, x, y, w, h, h / 2);
  ctx.fill();
  if (!total) return;
  ctx.save();
  roundRect(ctx, x, y, w, h, h / 2);
  ctx.clip();
  let cx = x;
  for (const [owner, n] of owners) {
    const segW = (n / total) * w;
    ctx.fillStyle = owner >= 0 ? (timeline.participants[owner]?.color ?? colors.unknownOwner) : colors.unknownOwner;
    ctx.fillRect(cx, y, segW + 0.5, h);
    cx += segW;
  }
  ctx.restore();
}

/** Colour key for everyone who owns lines by t, growing up from the baseline. */
function drawLegend(ctx: Ctx2D, timeline: Timeline, t: number, x: number, baseline: number, w: number, size: number, align: 'left' | 'right' = 'left'): void {
  const owners = new Set<number>();
  for (const { version } of filesAt(timeline, t)) for (const [o] of version.owners) owners.add(o);
  const items = [...owners].sort((a, b) => a - b).map((o) => {
    const p = timeline.participants[o];
    return { name: p?.name ?? 'before', color: p?.color ?? colors.unknownOwner };
  });
  if (!items.length) return;
  ctx.font = sans(size);
  // Designed at 12.5: rows 20 apart, 12-unit swatches rising 10 from the baseline.
  const lineH = (size * 20) / 12.5;
  const swatch = (size * 12) / 12.5;
  let cx = x;
  let y = baseline;
  const rows: Array<typeof items> = [[]];
  for (const item of items) {
    const iw = measure(ctx, item.name) + swatch + 18;
    if (cx + iw > x + w && rows[rows.length - 1]!.length) {
      rows.push([]);
      cx = x;
    }
    rows[rows.length - 1]!.push(item);
    cx += iw;
  }
  // Aligned right, the key keeps one line: the names that fit, the latest owners dropped.
  if (align === 'right') rows.splice(1);
  y = align === 'right' ? baseline : baseline - (rows.length - 1) * lineH;
  for (const row of rows) {
    cx = align === 'right' ? x + w - row.reduce((n, item) => n + measure(ctx, item.name) + swatch + 18, 0) + 13 : x;
    for (const item of row) {
      ctx.fillStyle = item.color;
      roundRect(ctx, cx, y - (swatch * 10) / 12, swatch, swatch, 3);
      ctx.fill();
      ctx.fillStyle = colors.muted;
      ctx.fillText(item.name, cx + swatch + 5, y);
      cx += measure(ctx, item.name) + swatch + 18;
    }
    y += lineH;
  }
}
