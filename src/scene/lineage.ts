// A workflow's sessions on stage: the card between two sessions, and the lineage strip, a small
// tree of which session came from which (hand-off, fork, subagent) with the one playing now
// lit. Drawn only for a timeline that has a workflow.
import type { SessionCue, Timeline, TimelineWorkflow } from '../timeline/model.js';
import { sans } from './fonts.js';
import { ellipsize, joinedLines, measure, roundRect, wrap } from './text.js';
import { clamp01, colors, withAlpha, type Layout } from './theme.js';
import type { Ctx2D } from './types.js';

/** How each link looks: its colour, and the word the strip writes on it. */
export const linkColors: Record<SessionCue['link'], string> = {
  start: colors.text,
  'hand-off': colors.conch,
  fork: '#7cc4fa',
  subagent: '#b39ddb',
};

/** The played node on at t: the span holding t, else the last one started. */
export function nodeAt(flow: TimelineWorkflow, t: number): number | undefined {
  let at: number | undefined;
  for (const s of flow.spans) if (s.start <= t) at = s.node;
  return at;
}

/** The card between sessions: "→ Session via plan (hand-off)", where it came from, fading in and out. */
export function drawSessionCard(ctx: Ctx2D, cue: SessionCue, t: number, layout: Layout): void {
  const cx = layout.w / 2;
  ctx.globalAlpha = clamp01((t - cue.start) / 0.3) * clamp01((cue.end - t) / 0.3 + 0.15);
  const color = linkColors[cue.link];
  ctx.font = sans(14, 700);
  ctx.fillStyle = color;
  const kind = cue.link === 'start' ? 'SESSION' : cue.link.toUpperCase();
  ctx.fillText(kind, cx - measure(ctx, kind) / 2, 300);
  ctx.font = sans(38, 700);
  ctx.fillStyle = colors.text;
  const label = ellipsize(ctx, cue.label, layout.w - 160);
  ctx.fillText(label, cx - measure(ctx, label) / 2, 350);
  ctx.fillStyle = color;
  ctx.fillRect(cx - 60, 368, 120, 3);
  if (cue.detail) {
    ctx.font = sans(18);
    ctx.fillStyle = colors.muted;
    // A narrow card (a stacked stage, lifted for its floor) gives the detail up to three lines.
    const lines = layout.w < 700 ? detailLines(ctx, cue.detail, layout.w - 60, 3) : [ellipsize(ctx, cue.detail, layout.w - 200)];
    lines.forEach((line, i) => ctx.fillText(line, cx - measure(ctx, line) / 2, 404 + i * 26));
  }
  ctx.globalAlpha = 1;
}

/** `text` in at most `rows` lines of `width`, broken between its " · " parts where it can, the last ellipsized. */
function detailLines(ctx: Ctx2D, text: string, width: number, rows: number): string[] {
  const lines = joinedLines(ctx, text.split(' \u00b7 '), ' \u00b7 ', width, (part) => wrap(ctx, part, width));
  const kept = lines.slice(0, rows);
  if (lines.length > rows) kept[rows - 1] = ellipsize(ctx, `${kept[rows - 1]} ${lines.slice(rows).join(' ')}`, width);
  return kept;
}

/** Where the strip may draw, in stage units: right of the title, left of the clock. */
export interface StripBox {
  x: number;
  y: number;
  w: number;
}

/**
 * The lineage strip: the played sessions left to right in the order they play, each a pill
 * with its label, joined to the one it came from by a line in its link's colour (a fork drops
 * a step, so branches read as branches). The one playing at t is lit; subagents are counted
 * on their parent's pill.
 */
export function drawLineageStrip(ctx: Ctx2D, timeline: Timeline, t: number, box: StripBox): void {
  const flow = timeline.workflow;
  if (!flow || box.w < 120) return;
  const played = flow.nodes.map((n, i) => ({ ...n, i })).filter((n) => n.played);
  if (!played.length) return;
  const current = nodeAt(flow, t);
  const gap = 14;
  ctx.font = sans(11.5, 700);
  const maxPill = Math.max(60, (box.w - gap * (played.length - 1)) / played.length);
  const pills = new Map<number, { x: number; y: number; w: number; text: string }>();
  let x = box.x;
  for (const n of played) {
    const subagents = flow.nodes.filter((m) => m.parent === n.i && !m.played).length;
    const text = ellipsize(ctx, n.label + (subagents ? `  +${subagents}` : ''), maxPill - 16);
    const w = measure(ctx, text) + 16;
    // A branch sits a step lower than its original, so the tree shows in one row.
    pills.set(n.i, { x, y: box.y + (n.link === 'fork' ? 9 : 0), w, text });
    x += w + gap;
  }
  // The joins first, so no line crosses a pill's words.
  for (const n of played) {
    const pill = pills.get(n.i)!;
    const parent = n.parent !== undefined ? pills.get(n.parent) : undefined;
    if (!parent) continue;
    ctx.strokeStyle = withAlpha(linkColors[n.link], 0.8);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(parent.x + parent.w / 2, parent.y + 16);
    ctx.lineTo(parent.x + parent.w / 2, pill.y + 8);
    ctx.lineTo(pill.x, pill.y + 8);
    ctx.stroke();
  }
  for (const n of played) {
    const { x: px, y, w, text } = pills.get(n.i)!;
    const on = n.i === current;
    // Opaque underneath, so a join passing behind a pill does not show through it.
    ctx.fillStyle = colors.panel;
    roundRect(ctx, px, y, w, 16, 8);
    ctx.fill();
    ctx.fillStyle = on ? linkColors[n.link] : withAlpha(linkColors[n.link], 0.18);
    roundRect(ctx, px, y, w, 16, 8);
    ctx.fill();
    ctx.fillStyle = on ? colors.background : colors.muted;
    ctx.fillText(text, px + 8, y + 12);
  }
}
