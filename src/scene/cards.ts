// The title card (party card or session title) and the end card (credits: who did what).
import type { CreditRow, Timeline } from '../timeline/model.js';
import { formatClock } from '../util/text.js';
import { drawModelPill } from './badge.js';
import { mono, sans } from './fonts.js';
import { drawAvatar, drawConch, guestLabel } from './table.js';
import { clamp01, colors, easeOutBack, type Layout } from './theme.js';
import { ellipsize, joinedLines, measure, wrap } from './text.js';
import type { Ctx2D, SceneAssets } from './types.js';

function centered(ctx: Ctx2D, text: string, cx: number, y: number): void {
  ctx.textAlign = 'center';
  ctx.fillText(text, cx, y);
  ctx.textAlign = 'left';
}

/** The main participants (not guests), in the party card's order when there is one. */
function cast(timeline: Timeline) {
  const main = timeline.participants.filter((p) => p.kind !== 'guest');
  const order = timeline.meta.roster;
  return [...main].sort((a, b) => rank(order, a.name) - rank(order, b.name));
}

function rank(order: string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

/** A card's canvas shorter than this (in its units) gets the compact composition (square, 4:5). */
export const CARD_H = 720;

export function drawTitleCard(ctx: Ctx2D, timeline: Timeline, t: number, end: number, layout: Layout, assets: SceneAssets): void {
  if (layout.h < CARD_H) return drawCompactTitleCard(ctx, timeline, t, end, layout, assets);
  const cx = layout.w / 2;
  const fade = clamp01(t / 0.5) * clamp01((end - t) / 0.5 + 0.2);
  // A narrow card (a stacked stage, lifted for its floor) wraps its lines wider and seats its cast in rows.
  const narrow = layout.w < 700;
  ctx.font = sans(44, 700);
  const titleLines = wrap(ctx, timeline.meta.title, layout.w - (narrow ? 60 : 200)).slice(0, 2);
  ctx.font = sans(20);
  const topicLines = timeline.meta.topic ? wrap(ctx, timeline.meta.topic, layout.w - (narrow ? 60 : 260)).slice(0, 2) : [];
  const topicY = 212 + titleLines.length * 52;
  const people = cast(timeline);
  // Rows of at least 130 units a person (a pill's width), as even as they can be.
  const rows = narrow ? Math.ceil(people.length / Math.max(1, Math.floor((layout.w - 20) / 130))) : 1;
  const perRow = Math.max(1, Math.ceil(people.length / rows));
  // One row sits where the design has it; more start just under the topic, a person's height apart.
  const rowH = 196;
  const firstRow = rows > 1 ? topicY + topicLines.length * 28 + 70 : 480;
  ctx.save();
  // Rows that would run past the card's foot raise the whole card instead.
  ctx.translate(0, -Math.max(0, firstRow + (rows - 1) * rowH + 136 - 700));
  ctx.globalAlpha = fade;
  ctx.font = sans(14, 700);
  ctx.fillStyle = colors.conch;
  // The date shares the top line: the middle of the card is where a player puts its play button.
  const { kind, date } = kindLine(timeline);
  centered(ctx, date ? `${kind}  ·  ${date}` : kind, cx, 150);
  ctx.font = sans(44, 700);
  ctx.fillStyle = colors.text;
  titleLines.forEach((line, i) => centered(ctx, line, cx, 212 + i * 52));
  ctx.font = sans(20);
  ctx.fillStyle = colors.muted;
  topicLines.forEach((line, i) => centered(ctx, line, cx, topicY + i * 28));
  people.forEach((p, i) => {
    // Each guest of honour pops in a beat after the one before.
    const k = easeOutBack((t - 0.6 - i * 0.25) / 0.6);
    if (k <= 0) return;
    const row = Math.floor(i / perRow);
    const inRow = Math.min(perRow, people.length - row * perRow);
    const spacing = Math.min(190, (layout.w - (narrow ? 20 : 160)) / Math.max(1, inRow));
    const px = cx - (spacing * (inRow - 1)) / 2 + (i % perRow) * spacing;
    const py = firstRow + row * rowH;
    drawAvatar(ctx, p, px, py, 44 * k, assets);
    ctx.font = sans(18, 700);
    ctx.fillStyle = p.color;
    centered(ctx, p.name, px, py + 72);
    if (p.role) {
      ctx.font = sans(13);
      ctx.fillStyle = colors.muted;
      centered(ctx, ellipsize(ctx, p.role, spacing - 16), px, py + 94);
    }
    // The model each brings to the table, as the pill the credits use.
    const model = firstModelOf(timeline, p.id);
    if (model) {
      ctx.font = sans(13, 700);
      const w = measure(ctx, model.label) + 34;
      drawModelPill(ctx, model.label, model.color, px - w / 2, py + (p.role ? 110 : 88));
    }
  });
  if (timeline.meta.party) drawConch(ctx, cx, 112, 16, -0.3);
  ctx.restore();
  ctx.globalAlpha = 1;
}

export function drawEndCard(ctx: Ctx2D, timeline: Timeline, t: number, start: number, layout: Layout, assets: SceneAssets): void {
  if (layout.h < CARD_H) return drawCompactEndCard(ctx, timeline, t, start, layout, assets);
  const fade = clamp01((t - start) / 0.6);
  ctx.globalAlpha = fade;
  const cx = layout.w / 2;
  ctx.font = sans(14, 700);
  ctx.fillStyle = colors.conch;
  centered(ctx, 'CREDITS', cx, 92);
  // A stacked stage lifts the card for its floor, and it narrows: the table keeps turns, lines and cost.
  const narrow = layout.w < 740;
  ctx.font = sans(32, 700);
  ctx.fillStyle = colors.text;
  centered(ctx, ellipsize(ctx, timeline.meta.title, layout.w - (narrow ? 60 : 200)), cx, 136);

  const rows = timeline.credits.filter((r) => timeline.participants.some((p) => p.id === r.participantId));
  const maxRows = 8;
  const shown = rows.slice(0, maxRows);
  const rowH = Math.min(62, 380 / Math.max(1, shown.length));
  // The table sits in the middle of the card whatever the number of rows. A narrow stage
  // (portrait, square) gets the compact table: no calls or tokens, one model each.
  const compact = layout.w < 1100;
  const tableW = compact ? 720 : 1040;
  const x = narrow ? Math.max(12, cx - 190) : Math.max(compact ? 24 : 60, cx - tableW / 2);
  let y = Math.max(176, 380 - (shown.length * rowH) / 2);
  ctx.font = sans(narrow ? 13 : 12, 700);
  ctx.fillStyle = colors.faint;
  const cols: CreditColumns = narrow
    ? { name: x + 62, turns: x + 190, lines: x + 255, cost: x + 320 }
    : compact
    ? { name: x + 70, turns: x + 270, files: x + 340, lines: x + 410, models: x + 480, cost: x + 640 }
    : { name: x + 70, turns: x + 280, calls: x + 345, files: x + 410, lines: x + 475, models: x + 545, tokens: x + 850, cost: x + 950 };
  const nameRoom = (narrow ? cols.turns - cols.name : 200) - 10;
  const heads: Array<[string, number | undefined]> = [['TURNS', cols.turns], ['CALLS', cols.calls], ['FILES', cols.files], ['LINES', cols.lines], ['MODELS', cols.models], ['TOKENS', cols.tokens], ['COST', cols.cost]];
  for (const [h, hx] of heads) if (hx !== undefined) ctx.fillText(h, hx, y);
  y += 14;
  shown.forEach((row, i) => {
    const appear = clamp01((t - start - 0.3 - i * 0.15) / 0.4);
    if (appear <= 0) return;
    ctx.globalAlpha = fade * appear;
    const look = { avatarX: x + 30, avatarR: Math.min(24, rowH * 0.4), nameRoom, guestPx: narrow ? 13 : 11, guestDy: 22, nameDyGuest: 6, models: compact ? 1 : 2 };
    drawCreditRow(ctx, timeline, row, cols, y + i * rowH + rowH / 2, look, assets);
  });
  ctx.globalAlpha = fade;
  if (rows.length > maxRows) {
    ctx.font = sans(13);
    ctx.fillStyle = colors.muted;
    ctx.fillText(`and ${rows.length - maxRows} more`, x, y + maxRows * rowH + 16);
  }
  ctx.font = sans(15);
  ctx.fillStyle = colors.muted;
  // On a narrow card the totals take more lines, the last where the one line was.
  const lines = totalsLines(ctx, timeline, layout.w - 40);
  lines.forEach((line, i) => centered(ctx, line, cx, 672 - (lines.length - 1 - i) * 22));
  ctx.globalAlpha = 1;
}

/** The model a participant brings first, as its credits name it. */
function firstModelOf(timeline: Timeline, participantId: string): Timeline['models'][number] | undefined {
  const id = timeline.credits.find((c) => c.participantId === participantId)?.models[0];
  return id ? timeline.models.find((m) => m.id === id) : undefined;
}

/** The title card's top line: the kind of session and its date. */
function kindLine(timeline: Timeline): { kind: string; date?: string } {
  const kind = timeline.meta.party ? 'PARTY-LINE SESSION' : `${timeline.meta.format.replace('-', ' ').toUpperCase()} SESSION`;
  return { kind, date: timeline.meta.date?.replace('T', ' ').replace(/(:\d\d)?(\.\d+)?Z$/, ' UTC') };
}

/** Of the cast's people, a cell this wide a column holds (avatar beside name, role and model). */
const CELL_W = 190;
const CELL_H = 84;

/**
 * The title card on a square or 4:5 stage: its canvas (about 425 units across, 420 or 525 high)
 * is lifted so that its smallest label (13) reaches its floor, and laid out to fill it: the kind
 * and date (on two lines where one is too narrow), the title and topic, then the cast in a grid
 * of cells, each an avatar beside its name, role and model pill. Centred in the height; people
 * past the rows that fit are counted ("and 2 more").
 */
function drawCompactTitleCard(ctx: Ctx2D, timeline: Timeline, t: number, end: number, layout: Layout, assets: SceneAssets): void {
  const { w, h } = layout;
  const cx = w / 2;
  const room = w - 40;
  const { kind, date } = kindLine(timeline);
  ctx.font = sans(14, 700);
  const kindLines = date ? (measure(ctx, `${kind}  ·  ${date}`) <= room ? [`${kind}  ·  ${date}`] : [kind, date]) : [kind];
  ctx.font = sans(36, 700);
  const titleLines = wrap(ctx, timeline.meta.title, room).slice(0, 2).map((line) => ellipsize(ctx, line, room));
  ctx.font = sans(18);
  const topicLines = timeline.meta.topic ? wrap(ctx, timeline.meta.topic, room).slice(0, 3) : [];
  const people = cast(timeline);
  const columns = Math.max(1, Math.min(people.length, Math.floor(room / CELL_W)));
  const cellW = Math.min(CELL_W + 30, room / columns);
  const textW = cellW - 64;
  // A role takes two lines where one does not hold it; every cell is then as tall.
  ctx.font = sans(13);
  const roles = people.map((p) => (p.role ? wrap(ctx, p.role, textW) : []));
  const roleLines = Math.min(2, Math.max(1, ...roles.map((r) => r.length)));
  const cellH = CELL_H + (roleLines - 1) * 17;
  const head = (timeline.meta.party ? 34 : 0) + kindLines.length * 20 + 14 + titleLines.length * 42 + 8 + topicLines.length * 24 + 22;
  // The rows that fit under the head; a last line counts the rest.
  let rows = Math.ceil(people.length / columns);
  const fitRows = Math.max(1, Math.floor((h - 16 - head) / cellH));
  const more = rows > fitRows ? people.length - (fitRows * columns - 1) : 0;
  if (more) rows = fitRows;
  const shown = more ? people.slice(0, rows * columns - 1) : people;
  const total = head + rows * cellH;
  let y = Math.max(16, (h - total) / 2);
  ctx.save();
  ctx.globalAlpha = clamp01(t / 0.5) * clamp01((end - t) / 0.5 + 0.2);
  if (timeline.meta.party) {
    drawConch(ctx, cx, y + 12, 13, -0.3);
    y += 34;
  }
  ctx.font = sans(14, 700);
  ctx.fillStyle = colors.conch;
  for (const line of kindLines) centered(ctx, line, cx, (y += 20) - 4);
  y += 14;
  ctx.font = sans(36, 700);
  ctx.fillStyle = colors.text;
  for (const line of titleLines) centered(ctx, line, cx, (y += 42) - 9);
  y += 8;
  ctx.font = sans(18);
  ctx.fillStyle = colors.muted;
  for (const line of topicLines) centered(ctx, line, cx, (y += 24) - 6);
  y += 22;
  shown.forEach((p, i) => {
    const k = easeOutBack((t - 0.6 - i * 0.25) / 0.6);
    if (k <= 0) return;
    const row = Math.floor(i / columns);
    const inRow = Math.min(columns, shown.length - row * columns);
    const x = cx - (cellW * inRow) / 2 + (i % columns) * cellW;
    const top = y + row * cellH;
    drawAvatar(ctx, p, x + 26, top + cellH / 2 - 8, 24 * k, assets);
    const textX = x + 58;
    ctx.font = sans(18, 700);
    ctx.fillStyle = p.color;
    ctx.fillText(ellipsize(ctx, p.name, textW), textX, top + 18);
    let pillY = top + 28;
    const role = roles[i]!;
    if (role.length) {
      ctx.font = sans(13);
      ctx.fillStyle = colors.muted;
      const lines = role.length > roleLines ? [...role.slice(0, roleLines - 1), ellipsize(ctx, role.slice(roleLines - 1).join(' '), textW)] : role;
      lines.forEach((line, j) => ctx.fillText(ellipsize(ctx, line, textW), textX, top + 37 + j * 17));
      pillY = top + 46 + (lines.length - 1) * 17;
    }
    const model = firstModelOf(timeline, p.id);
    if (model) {
      ctx.font = sans(13, 700);
      drawModelPill(ctx, ellipsize(ctx, model.label, textW - 34), model.color, textX, pillY);
    }
  });
  if (more) {
    ctx.font = sans(14);
    ctx.fillStyle = colors.muted;
    const row = Math.floor(shown.length / columns);
    const inRow = Math.min(columns, shown.length + 1 - row * columns);
    const x = cx - (cellW * inRow) / 2 + (shown.length % columns) * cellW;
    ctx.fillText(`and ${more} more`, x + 58, y + row * cellH + 38);
  }
  ctx.restore();
  ctx.globalAlpha = 1;
}

/** Where a credits table's columns start; the optional ones are left out of narrower tables. */
interface CreditColumns {
  name: number;
  turns: number;
  calls?: number;
  files?: number;
  lines: number;
  models?: number;
  tokens?: number;
  cost: number;
}

/** How a credits row is set: its avatar, the room for the name, the GUEST tag, the model pills shown. */
interface CreditRowLook {
  avatarX: number;
  avatarR: number;
  nameRoom: number;
  guestPx: number;
  /** The GUEST tag's baseline, and the name's when it has one, below the row's middle. */
  guestDy: number;
  nameDyGuest: number;
  models: number;
}

/** One participant's row of the credits, centred on `cy`: the columns `cols` has. */
function drawCreditRow(ctx: Ctx2D, timeline: Timeline, row: CreditRow, cols: CreditColumns, cy: number, look: CreditRowLook, assets: SceneAssets): void {
  const p = timeline.participants.find((q) => q.id === row.participantId)!;
  const guest = p.kind === 'guest';
  drawAvatar(ctx, p, look.avatarX, cy, look.avatarR, assets);
  ctx.font = sans(18, 700);
  ctx.fillStyle = p.color;
  ctx.fillText(ellipsize(ctx, guestLabel(p), look.nameRoom), cols.name, cy + (guest ? look.nameDyGuest : 6));
  if (guest) {
    ctx.font = sans(look.guestPx, 700);
    ctx.fillStyle = colors.faint;
    ctx.fillText('GUEST', cols.name, cy + look.guestDy);
  }
  ctx.font = sans(18);
  ctx.fillStyle = colors.text;
  ctx.fillText(String(row.turns), cols.turns, cy + 6);
  if (cols.calls !== undefined) ctx.fillText(String(row.toolCalls), cols.calls, cy + 6);
  if (cols.files !== undefined) ctx.fillText(String(row.files), cols.files, cy + 6);
  ctx.fillText(String(row.linesWritten), cols.lines, cy + 6);
  let mx = cols.models ?? 0;
  for (const id of cols.models === undefined ? [] : row.models.slice(0, look.models)) {
    const m = timeline.models.find((mm) => mm.id === id);
    if (!m) continue;
    mx += drawModelPill(ctx, m.label, m.color, mx, cy - 13) + 8;
  }
  ctx.font = mono(15);
  ctx.fillStyle = colors.muted;
  if (cols.tokens !== undefined) ctx.fillText(formatTokens(row.tokens), cols.tokens, cy + 6);
  ctx.fillText(formatCost(row.cost, row.unpricedModels.length > 0), cols.cost, cy + 6);
}

/** The credits' totals in lines no wider than `width` (in the font set), broken between items. */
function totalsLines(ctx: Ctx2D, timeline: Timeline, width: number): string[] {
  const tot = timeline.totals;
  const parts = [`${tot.turns} turns`, `${tot.files} files`, `${formatTokens(tot.tokens)} tokens`, ...(tot.cost > 0 ? [formatCost(tot.cost, tot.unpricedModels.length > 0)] : []), `${formatClock(timeline.duration)} of playback`];
  return joinedLines(ctx, parts, '  ·  ', width);
}

/**
 * The credits on a square or 4:5 stage: lifted so that the column heads and GUEST tags (13)
 * reach their floor, on a canvas about 425 units across: the compact table (turns, lines, cost),
 * its rows as tall as the canvas allows (people past them counted), the totals broken between
 * items under it. Centred in the height.
 */
function drawCompactEndCard(ctx: Ctx2D, timeline: Timeline, t: number, start: number, layout: Layout, assets: SceneAssets): void {
  const { w, h } = layout;
  const cx = w / 2;
  const fade = clamp01((t - start) / 0.6);
  const rows = timeline.credits.filter((r) => timeline.participants.some((p) => p.id === r.participantId));
  ctx.font = sans(15);
  const totals = totalsLines(ctx, timeline, w - 40);
  const head = 18 + 42 + 36 + 8;
  const foot = 22 + totals.length * 22;
  const room = h - 32 - head - foot;
  const rowH = Math.max(44, Math.min(56, room / Math.max(1, rows.length)));
  const fit = Math.max(1, Math.floor(room / rowH));
  const more = rows.length > fit ? rows.length - (fit - 1) : 0;
  const shown = more ? rows.slice(0, fit - 1) : rows;
  const listH = (shown.length + (more ? 1 : 0)) * rowH;
  let y = Math.max(16, (h - (head + listH + foot)) / 2);
  ctx.globalAlpha = fade;
  ctx.font = sans(14, 700);
  ctx.fillStyle = colors.conch;
  centered(ctx, 'CREDITS', cx, (y += 18) - 3);
  ctx.font = sans(28, 700);
  ctx.fillStyle = colors.text;
  centered(ctx, ellipsize(ctx, timeline.meta.title, w - 40), cx, (y += 42) - 6);
  const x = Math.max(12, cx - 190);
  const cols = { name: x + 58, turns: x + 196, lines: x + 258, cost: x + 320 };
  ctx.font = sans(13, 700);
  ctx.fillStyle = colors.faint;
  y += 36;
  for (const [label, hx] of [['TURNS', cols.turns], ['LINES', cols.lines], ['COST', cols.cost]] as const) ctx.fillText(label, hx, y - 6);
  y += 8;
  shown.forEach((row, i) => {
    const appear = clamp01((t - start - 0.3 - i * 0.15) / 0.4);
    if (appear <= 0) return;
    ctx.globalAlpha = fade * appear;
    const look = { avatarX: x + 24, avatarR: Math.min(21, rowH * 0.4), nameRoom: cols.turns - cols.name - 10, guestPx: 13, guestDy: 16, nameDyGuest: -1, models: 0 };
    drawCreditRow(ctx, timeline, row, cols, y + i * rowH + rowH / 2, look, assets);
  });
  ctx.globalAlpha = fade;
  if (more) {
    ctx.font = sans(14);
    ctx.fillStyle = colors.muted;
    ctx.fillText(`and ${more} more`, cols.name, y + shown.length * rowH + rowH / 2 + 5);
  }
  y += listH + 22;
  ctx.font = sans(15);
  ctx.fillStyle = colors.muted;
  for (const line of totals) centered(ctx, line, cx, (y += 22) - 5);
  ctx.globalAlpha = 1;
}

/** Dollars to the cent; "—" when nothing had a price, a "+" when some tokens had none. */
export function formatCost(usd: number, somethingUnpriced: boolean): string {
  if (usd <= 0) return somethingUnpriced ? '—' : '$0.00';
  const dollars = usd < 0.01 ? '<$0.01' : `$${usd.toFixed(2)}`;
  return somethingUnpriced ? `${dollars}+` : dollars;
}

export function formatTokens(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

