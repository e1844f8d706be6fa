// The "table": every participant's seat with their avatar, the active speaker enlarged and
// ringed in their colour, entry/exit animations, and the conch that travels between turns.
import type { Cue, Timeline, TimelineParticipant } from '../timeline/model.js';
import { cueAt, chapterAt } from '../timeline/query.js';
import { sans } from './fonts.js';
import { ACTIVE_R, tableMetrics } from './metrics.js';
import { clamp01, colors, easeInOut, easeOutBack, textOn, withAlpha, type Layout } from './theme.js';
import { ellipsize, measure, roundRect } from './text.js';
import type { Ctx2D, SceneAssets } from './types.js';

const ENTER_SECONDS = 0.7;
const EXIT_SECONDS = 0.6;
const SEAT_R = 30;

export interface Seat {
  participant: TimelineParticipant;
  x: number;
  y: number;
}

const seatMemo = new WeakMap<Timeline, number[]>();

/**
 * Seat slots: main participants keep one seat each; guests whose time on stage does not overlap
 * share a slot, so a session with many subagents does not crowd the table.
 */
function slotsFor(timeline: Timeline): number[] {
  const hit = seatMemo.get(timeline);
  if (hit) return hit;
  const slots: number[] = [];
  let next = 0;
  const guestSlotFree: Array<{ slot: number; until: number }> = [];
  for (const p of timeline.participants) {
    if (p.kind !== 'guest') {
      slots.push(next++);
      continue;
    }
    const free = guestSlotFree.find((g) => g.until <= p.enter);
    if (free) {
      slots.push(free.slot);
      free.until = p.exit + EXIT_SECONDS;
    } else {
      guestSlotFree.push({ slot: next, until: p.exit + EXIT_SECONDS });
      slots.push(next++);
    }
  }
  seatMemo.set(timeline, slots);
  return slots;
}

export function seatsFor(timeline: Timeline, layout: Layout): Seat[] {
  const slots = slotsFor(timeline);
  const count = Math.max(1, ...slots.map((s) => s + 1));
  const spacing = Math.min(150, layout.left.w / count);
  const x0 = layout.left.x + spacing / 2;
  const y = layout.tableY + tableMetrics(layout.type).seatDy;
  return timeline.participants.map((participant, i) => ({ participant, x: x0 + slots[i]! * spacing, y }));
}

/** Who holds the stage at t, and how far a conch pass has got (0..1), if one is under way. */
export function speakerAt(timeline: Timeline, t: number): { id?: string; pass?: { from: string; to: string; p: number } } {
  const cue: Cue | undefined = cueAt(timeline, t);
  if (cue?.kind === 'conch') {
    return { id: cue.to, pass: { from: cue.from, to: cue.to, p: clamp01((t - cue.start) / (cue.end - cue.start)) } };
  }
  if (cue && cue.chapter >= 0 && cue.participantId) return { id: cue.participantId };
  return { id: chapterAt(timeline, t)?.participantId };
}

function presence(p: TimelineParticipant, t: number): number {
  if (t < p.enter) return 0;
  const inAmount = clamp01((t - p.enter) / ENTER_SECONDS);
  const outAmount = p.exit < Infinity && t > p.exit ? clamp01((t - p.exit) / EXIT_SECONDS) : 0;
  return inAmount * (1 - outAmount);
}

/**
 * How far a participant has stepped back from the table at t: 0 at the table, 1 stepped back.
 * After a span's exit it dims and shrinks; at the next span's enter it pops back (a little
 * below 0 for the overshoot).
 */
export function steppedBack(p: TimelineParticipant, t: number): number {
  const spans = p.spans;
  if (!spans?.length) return 0;
  let i = -1;
  for (let k = 0; k < spans.length; k++) if (spans[k]!.enter <= t) i = k;
  if (i < 0) return 0;
  const span = spans[i]!;
  if (t >= span.exit) return clamp01((t - span.exit) / EXIT_SECONDS);
  const previous = spans[i - 1];
  if (!previous) return 0;
  const wasAway = clamp01((span.enter - previous.exit) / EXIT_SECONDS);
  return wasAway * (1 - easeOutBack((t - span.enter) / ENTER_SECONDS));
}

/** How dim and how small a stepped-back seat is drawn. */
const AWAY_BRIGHTNESS = 0.28;
const AWAY_ALPHA = 0.5;
const AWAY_SCALE = 0.78;

/** Where each visible avatar sits at t, how large, and how much it holds the stage (0..1). */
export interface SeatState extends Seat {
  r: number;
  /** 0..1: how visible (entry/exit animations). */
  shown: number;
  /** 0..1: how much this participant holds the stage (crossfades during a conch pass). */
  activeness: number;
  /** 0..1: how far it has stepped back from the table (signed out). */
  away: number;
}

export interface TableState {
  seats: SeatState[];
  /** Where the conch is drawn, if anywhere; `trail` while it travels. */
  conch?: { x: number; y: number; size: number; angle: number; trail?: Array<{ x: number; y: number }> };
  /** Outside a party, a hand-off is a run of dots from the giver to the receiver, in the receiver's colour. */
  handOff?: { color: string; dots: Array<{ x: number; y: number }> };
}

const CONCH_LIFT = 46;
/** Where the speaker holds the conch, relative to the centre of their avatar. */
const HELD_DX = ACTIVE_R * 0.95;
const HELD_DY = -ACTIVE_R * 0.7;
const HELD_SIZE = 13;
const HELD_ANGLE = -0.35;

export function tableAt(timeline: Timeline, t: number, layout: Layout): TableState {
  const speaker = speakerAt(timeline, t);
  const seats: SeatState[] = [];
  for (const seat of seatsFor(timeline, layout)) {
    const p = seat.participant;
    const shown = presence(p, t);
    if (shown <= 0) continue;
    const entering = t - p.enter < ENTER_SECONDS;
    const back = steppedBack(p, t);
    const away = clamp01(back);
    const scaleIn = (entering ? easeOutBack((t - p.enter) / ENTER_SECONDS) : shown) * (1 - (1 - AWAY_SCALE) * back);
    let activeness = p.id === speaker.id ? 1 : 0;
    if (speaker.pass) {
      const k = easeInOut(speaker.pass.p);
      if (p.id === speaker.pass.from) activeness = 1 - k;
      if (p.id === speaker.pass.to) activeness = k;
    }
    seats.push({ ...seat, shown, activeness, away, r: (SEAT_R + (ACTIVE_R - SEAT_R) * activeness) * scaleIn });
  }
  // The conch is party-line vocabulary: a plain session hands over without it.
  if (timeline.meta.party) return { seats, conch: conchAt(speaker, seats, t, layout.u) };
  return { seats, handOff: handOffAt(speaker, seats) };
}

function handOffAt(speaker: ReturnType<typeof speakerAt>, seats: SeatState[]): TableState['handOff'] {
  const a = speaker.pass && seats.find((s) => s.participant.id === speaker.pass!.from);
  const b = speaker.pass && seats.find((s) => s.participant.id === speaker.pass!.to);
  if (!speaker.pass || !a || !b) return undefined;
  const k = easeInOut(speaker.pass.p);
  // The dots run out from the giver and draw in after the receiver is reached.
  const dots: Array<{ x: number; y: number }> = [];
  for (let i = 0; i <= 8; i++) {
    const f = i / 8;
    if (f > k * 1.6 || f < (k - 0.6) * 2.5) continue;
    dots.push({ x: a.x + (b.x - a.x) * f, y: a.y - ACTIVE_R - 8 - Math.sin(Math.PI * f) * 18 });
  }
  return { color: b.participant.color, dots };
}

function conchAt(speaker: ReturnType<typeof speakerAt>, seats: SeatState[], t: number, u: number): TableState['conch'] {
  const byId = (id: string) => seats.find((s) => s.participant.id === id);
  if (speaker.pass) {
    const a = byId(speaker.pass.from);
    const b = byId(speaker.pass.to);
    if (a && b) {
      // From where the giver holds it to where the receiver will: no jump at either end.
      const along = (p: number) => {
        const k = easeInOut(p);
        return { x: a.x + HELD_DX + (b.x - a.x) * k, y: a.y + HELD_DY - Math.sin(Math.PI * k) * CONCH_LIFT };
      };
      const at = along(speaker.pass.p);
      const k = easeInOut(speaker.pass.p);
      const trail = [1, 2, 3, 4, 5, 6, 7].map((i) => along(Math.max(0, speaker.pass!.p - i * 0.03)));
      const size = HELD_SIZE + 8 * Math.sin(Math.PI * k);
      return { ...at, size, angle: HELD_ANGLE + (b.x > a.x ? 1 : -1) * Math.sin(Math.PI * 2 * k) * 0.5, trail };
    }
  }
  let seat = speaker.id ? byId(speaker.id) : undefined;
  // A guest works for its host, who keeps the conch meanwhile.
  if (seat?.participant.kind === 'guest') seat = seat.participant.host ? byId(seat.participant.host) : undefined;
  if (!seat || seat.participant.kind === 'guest') return undefined;
  // A gentle bob while held, derived from t only, in whole device pixels: crisp steps rather than
  // a shimmer of antialiasing, and frames between steps come out identical (cheaper to draw and
  // to encode).
  const bob = Math.round(Math.sin(t * 2.4) * 2 * u) / u;
  return { x: seat.x + HELD_DX, y: seat.y + HELD_DY + bob, size: HELD_SIZE, angle: HELD_ANGLE };
}

export function drawTable(ctx: Ctx2D, timeline: Timeline, t: number, layout: Layout, assets: SceneAssets): void {
  const state = tableAt(timeline, t, layout);
  const { nameDy } = tableMetrics(layout.type);
  // A name keeps to its seat's share of the row: the seats' names never run together.
  const seats = seatsFor(timeline, layout);
  const nameRoom = Math.min(140, (seats.length > 1 ? Math.abs(seats[1]!.x - seats[0]!.x) : 150) - 10);
  for (const seat of state.seats) {
    const { participant: p, activeness, r, shown, away } = seat;
    const seatAlpha = clamp01(shown) * (1 - (1 - AWAY_ALPHA) * away);
    ctx.globalAlpha = seatAlpha;
    const lit = 0.55 + 0.45 * Math.max(activeness, 0.2);
    drawAvatar(ctx, p, seat.x, seat.y, r, assets, lit + (AWAY_BRIGHTNESS - lit) * away * (1 - activeness));
    if (activeness > 0) {
      ctx.lineWidth = 4;
      ctx.strokeStyle = p.color;
      ctx.globalAlpha = clamp01(shown) * activeness;
      ctx.beginPath();
      ctx.arc(seat.x, seat.y, r + 5, 0, Math.PI * 2);
      ctx.stroke();
      ctx.lineWidth = 8;
      ctx.strokeStyle = withAlpha(p.color, 0.25);
      ctx.beginPath();
      ctx.arc(seat.x, seat.y, r + 11, 0, Math.PI * 2);
      ctx.stroke();
    }
    ctx.globalAlpha = seatAlpha;
    ctx.font = sans(layout.type.size('label', activeness > 0.5 ? 15 : 13), activeness > 0.5 ? 700 : 400);
    ctx.fillStyle = activeness > 0.5 ? p.color : colors.muted;
    ctx.textAlign = 'center';
    ctx.fillText(ellipsize(ctx, guestLabel(p), nameRoom), seat.x, seat.y + nameDy);
    ctx.textAlign = 'left';
    // Over the foot of the ring, opaque, so the ring cannot hide it.
    if (p.kind === 'guest' && r > 8) drawGuestTag(ctx, p.color, seat.x, seat.y + r + 1, layout.type.size('label', 10.5));
  }
  ctx.globalAlpha = 1;
  if (state.handOff) {
    ctx.fillStyle = state.handOff.color;
    for (const dot of state.handOff.dots) {
      ctx.beginPath();
      ctx.arc(dot.x, dot.y, 3.5, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  const conch = state.conch;
  if (!conch) return;
  // A fading trail shows where the conch came from.
  conch.trail?.forEach((p, i) => {
    ctx.fillStyle = withAlpha(colors.conch, 0.5 - i * 0.065);
    ctx.beginPath();
    ctx.arc(p.x, p.y, 6 - i * 0.6, 0, Math.PI * 2);
    ctx.fill();
  });
  drawConch(ctx, conch.x, conch.y, conch.size, conch.angle);
}

/** A guest's name without the "(subagent)" the recording adds: the GUEST tag says it. */
export function guestLabel(p: TimelineParticipant): string {
  return p.kind === 'guest' ? p.name.replace(/\s*\(subagent\)\s*$/i, '') : p.name;
}

function drawGuestTag(ctx: Ctx2D, color: string, cx: number, cy: number, size: number): void {
  ctx.font = sans(size, 700);
  const w = measure(ctx, 'GUEST') + 14;
  const h = size + 5.5;
  ctx.fillStyle = colors.background;
  roundRect(ctx, cx - w / 2, cy - h / 2, w, h, h / 2);
  ctx.fill();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  roundRect(ctx, cx - w / 2, cy - h / 2, w, h, h / 2);
  ctx.stroke();
  ctx.fillStyle = color;
  ctx.textAlign = 'center';
  ctx.fillText('GUEST', cx, cy + size * 0.38);
  ctx.textAlign = 'left';
}

/** The conch: a small spiral shell, drawn with paths so it scales crisply. */
export function drawConch(ctx: Ctx2D, x: number, y: number, size: number, angle: number): void {
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate(angle);
  ctx.fillStyle = colors.conch;
  ctx.strokeStyle = colors.conchShade;
  ctx.lineWidth = Math.max(1, size * 0.1);
  ctx.beginPath();
  ctx.moveTo(-size * 1.1, size * 0.1);
  ctx.quadraticCurveTo(-size * 0.2, -size * 1.0, size * 0.9, -size * 0.35);
  ctx.quadraticCurveTo(size * 1.15, size * 0.2, size * 0.55, size * 0.65);
  ctx.quadraticCurveTo(-size * 0.3, size * 0.85, -size * 1.1, size * 0.1);
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
  // The spiral whorl and ridges.
  ctx.beginPath();
  ctx.arc(size * 0.45, -size * 0.05, size * 0.38, 0, Math.PI * 1.5);
  ctx.stroke();
  for (let i = 0; i < 3; i++) {
    ctx.beginPath();
    ctx.moveTo(-size * (0.75 - i * 0.3), size * (0.05 - i * 0.12));
    ctx.lineTo(-size * (0.55 - i * 0.3), size * (0.55 - i * 0.05));
    ctx.stroke();
  }
  ctx.restore();
}

export function drawAvatar(ctx: Ctx2D, p: TimelineParticipant, x: number, y: number, r: number, assets: SceneAssets, brightness = 1): void {
  if (r <= 0.5) return;
  const img = assets.avatars[p.id];
  ctx.save();
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.closePath();
  if (img) {
    ctx.clip();
    ctx.drawImage(img, x - r, y - r, r * 2, r * 2);
  } else {
    ctx.fillStyle = p.color;
    ctx.fill();
    ctx.fillStyle = textOn(p.color);
    ctx.font = sans(r * 0.95, 700);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(initialOf(p.name), x, y + r * 0.04);
  }
  if (brightness < 1) {
    // A disc, not the square around it: a generated avatar is not clipped.
    ctx.fillStyle = `rgba(13,17,23,${1 - brightness})`;
    ctx.beginPath();
    ctx.arc(x, y, r, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.restore();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
}

function initialOf(name: string): string {
  const ch = [...name.trim()][0] ?? '?';
  return ch.toUpperCase();
}
