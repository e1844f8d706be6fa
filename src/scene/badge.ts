// The turn header: the provenance badge (entity, signed time, host:user, signed model, with
// flags for what is missing or wrong) and the model chip in the colour of the model that ran.
import type { Chapter, Timeline, TimelineParticipant } from '../timeline/model.js';
import { mono, sans } from './fonts.js';
import { badgeMetrics } from './metrics.js';
import { colors, textOn, withAlpha, type Layout } from './theme.js';
import { ellipsize, roundRect, measure } from './text.js';
import type { Ctx2D } from './types.js';
import { guestLabel } from './table.js';
import type { TypeScale } from './type.js';

/** Whose header it is at a moment: the turn's speaker, or the guest working for it. */
export interface HeaderSpeaker {
  participant?: TimelineParticipant;
  /** Set while a guest works: the header is the guest's. */
  guest?: TimelineParticipant;
  modelId?: string;
}

/** The header's speaker: a guest (subagent) at work has the badge and the chip while it works. */
export function headerSpeaker(timeline: Timeline, chapter: Chapter, speakerId: string | undefined): HeaderSpeaker {
  const speaker = speakerId ? timeline.participants.find((p) => p.id === speakerId) : undefined;
  if (speaker?.kind === 'guest') return { participant: speaker, guest: speaker, modelId: speaker.models?.[0] };
  return { participant: timeline.participants.find((p) => p.id === chapter.participantId), modelId: chapter.models[0] };
}

export function drawTurnHeader(ctx: Ctx2D, timeline: Timeline, chapter: Chapter, layout: Layout, alpha: number, speakerId?: string): void {
  const { participant, guest, modelId } = headerSpeaker(timeline, chapter, speakerId);
  const color = participant?.color ?? colors.text;
  const model = modelId ? timeline.models.find((m) => m.id === modelId) : undefined;
  const { x, y, badgeW, h, monoLines, underChipW, chip } = headerRects(layout, Boolean(model));
  const type = layout.type;
  const lines = badgeMetrics(type);
  ctx.globalAlpha = alpha;

  // Badge body with a bar in the entity's colour (under the chip too, where its provenance runs there).
  ctx.fillStyle = colors.panel;
  roundRect(ctx, x, y, underChipW, h, 10);
  ctx.fill();
  ctx.fillStyle = color;
  roundRect(ctx, x, y, 6, h, 3);
  ctx.fill();

  const b = chapter.badge;
  ctx.font = sans(type.size('heading'), 700);
  ctx.fillStyle = color;
  const name = guest ? guestLabel(guest) : b.entity;
  ctx.fillText(name, x + 18, y + lines.line1);
  let cx = x + 18 + measure(ctx, name) + 10;
  ctx.font = sans(type.size('label'));
  ctx.fillStyle = colors.muted;
  const host = guest?.host ? timeline.participants.find((p) => p.id === guest.host)?.name : undefined;
  const turnLabel = guest ? `guest of ${host ?? b.entity} · turn ${chapter.turn + 1}` : `turn ${chapter.turn + 1} of ${timeline.chapters.length}`;
  ctx.fillText(ellipsize(ctx, turnLabel, x + badgeW - 12 - cx), cx, y + lines.line1);
  cx += measure(ctx, turnLabel) + 12;

  // Flags sit at the right end of the first line.
  let fx = x + badgeW - 10;
  const flagSize = type.size('label', 12);
  ctx.font = sans(flagSize, 700);
  for (const flag of guest ? [] : [...b.flags].reverse()) {
    const label = `⚠ ${flag}`;
    const w = measure(ctx, label) + 14;
    fx -= w;
    if (fx < cx) break;
    ctx.fillStyle = flag === 'unsigned' || flag.includes('mismatch') ? colors.error : colors.warn;
    roundRect(ctx, fx, y + lines.line1 - flagSize - 2, w, flagSize + 8, (flagSize + 8) / 2);
    ctx.fill();
    ctx.fillStyle = '#10141a';
    ctx.fillText(label, fx + 7, y + lines.line1);
    fx -= 6;
  }

  ctx.font = mono(type.size('mono', 12.5));
  ctx.fillStyle = colors.muted;
  const line2 = guest
    ? `subagent · ${modelId ?? 'model not recorded'}`
    : b.party
    ? provenanceLine(b.signedAt, b.host, b.user, b.signedModel, b.flags.includes('unsigned'))
    : `${participant?.kind === 'guest' ? 'subagent' : 'agent'} · ${timeline.meta.format}`;
  // Where the badge has two lines for it, the provenance breaks between its parts.
  provenanceRows(ctx, line2, [badgeW - 30, underChipW - 30], monoLines).forEach((row, i) => ctx.fillText(row, x + 18, y + lines.line2 + i * lines.monoLine));

  if (model && chip) drawModelChip(ctx, model.label, model.id, model.color, chip.x, chip.y, chip.w, chip.h, type);
  ctx.globalAlpha = 1;
}

/** The badge and the model chip's boxes, in stage units: side by side, or the chip under the badge. */
export function headerRects(layout: Layout, hasModel: boolean) {
  const { x, y, w, stacked } = layout.header;
  const h = badgeMetrics(layout.type).height;
  if (stacked) {
    const badgeH = badgeMetrics(layout.type, 2).height;
    return { x, y, badgeW: w, h: badgeH, monoLines: 2, underChipW: w, chip: hasModel ? { x, y: y + badgeH + 8, w: Math.min(w, 420 * layout.type.grow.heading), h } : undefined };
  }
  const chipW = hasModel ? Math.min(250 * layout.type.grow.heading, w * 0.36) : 0;
  const badgeW = w - chipW - (hasModel ? 12 : 0);
  const chip = hasModel ? { x: x + badgeW + 12, y, w: chipW, h } : undefined;
  if (layout.header.monoLines === 1) return { x, y, badgeW, h, monoLines: 1, underChipW: badgeW, chip };
  // The provenance's second line runs under the chip: the badge is as wide as the header below it.
  return { x, y, badgeW, h: badgeMetrics(layout.type, 2).height, monoLines: 2, underChipW: w, chip };
}

const SEPARATOR = '  ·  ';

/**
 * `text` in at most `rows` lines, the first no wider than `widths[0]` and the second than
 * `widths[1]`, broken after its "  ·  " separators, the last ellipsized.
 */
function provenanceRows(ctx: Ctx2D, text: string, widths: [number, number], rows: number): string[] {
  const [firstW, secondW] = widths;
  if (rows < 2 || measure(ctx, text) <= firstW) return [ellipsize(ctx, text, firstW)];
  const parts = text.split(SEPARATOR);
  let first = parts[0]!;
  let k = 1;
  while (k < parts.length && measure(ctx, first + SEPARATOR + parts[k]) <= firstW) first += SEPARATOR + parts[k++];
  const rest = parts.slice(k).join(SEPARATOR);
  return rest ? [ellipsize(ctx, first, firstW), ellipsize(ctx, rest, secondW)] : [ellipsize(ctx, first, firstW)];
}

function provenanceLine(signedAt?: string, host?: string, user?: string, model?: string, unsigned?: boolean): string {
  if (unsigned) return 'no provenance signature';
  const parts = [
    signedAt ? `@ ${shortTime(signedAt)}` : '@ ?',
    `${host ?? '?'}:${user ?? '?'}`,
    `signed ${model ?? '?'}`,
  ];
  return parts.join(SEPARATOR);
}

function shortTime(iso: string): string {
  // The date is on the title card; on the badge the time of day is what tells turns apart.
  const m = /^\d{4}-\d{2}-\d{2}T(\d{2}:\d{2}(?::\d{2})?)/.exec(iso);
  return m ? `${m[1]}Z` : iso;
}

export function drawModelChip(ctx: Ctx2D, label: string, id: string, color: string, x: number, y: number, w: number, h: number, type: TypeScale): void {
  ctx.fillStyle = withAlpha(color, 0.18);
  roundRect(ctx, x, y, w, h, h / 2);
  ctx.fill();
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  roundRect(ctx, x + 1, y + 1, w - 2, h - 2, h / 2);
  ctx.stroke();
  // The dot is the indicator proper: a solid disc in the model's colour.
  const r = h * 0.28;
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.arc(x + h / 2, y + h / 2, r, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = textOn(color);
  // "AI" at 11 and 4 below the centre on a 54-high chip, scaled with the chip.
  ctx.font = sans((h * 11) / 54, 700);
  ctx.textAlign = 'center';
  ctx.fillText('AI', x + h / 2, y + h / 2 + (h * 4) / 54);
  ctx.textAlign = 'left';
  // Two lines, as the badge beside it sets them (the chip is as tall as the badge).
  const lines = badgeMetrics(type);
  ctx.font = sans(type.size('heading', 16), 700);
  ctx.fillStyle = colors.text;
  ctx.fillText(ellipsize(ctx, label, w - h - 14), x + h + 2, y + lines.line1);
  ctx.font = mono(type.size('mono', 11.5));
  ctx.fillStyle = colors.muted;
  ctx.fillText(ellipsize(ctx, id, w - h - 14), x + h + 2, y + lines.line2 - 2);
}

/** A one-line model pill (dot + label) for tight places such as the credits; returns its width. */
export function drawModelPill(ctx: Ctx2D, label: string, color: string, x: number, y: number, h = 26): number {
  ctx.font = sans(13, 700);
  const w = measure(ctx, label) + h + 8;
  ctx.fillStyle = withAlpha(color, 0.18);
  roundRect(ctx, x, y, w, h, h / 2);
  ctx.fill();
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.arc(x + h / 2, y + h / 2, h * 0.22, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = colors.text;
  ctx.fillText(label, x + h - 2, y + h / 2 + 4.5);
  return w;
}
