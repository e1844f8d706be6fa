// A timeline cut to a length: the short a party posts. Pure: the same timeline and length give
// the same cut. What a viewer of a short must keep, for every turn: who speaks (the badge and the
// table, there throughout), the hand-off (the conch pass), and the turn's final message, shortened
// to its lead and its last sentence and held for its reading time at the normal pace. File
// writes keep their blame colours (the files panel is drawn from the file tracks, whichever
// file cues stay). What goes first: repeated tool runs, then other tool runs and thinking,
// notices, prompts, the turn's other messages, and last the file writes themselves.
import type { Chapter, Cue, TextCue, PromptCue, Timeline } from './model.js';
import * as pace from './pacing.js';
import { blockText } from './pages.js';
import { leadOf } from './lead.js';

export interface FitSummary {
  /** The length asked for, the session's length before, and the result's (equal to the target). */
  target: number;
  original: number;
  duration: number;
  /** Words each message kept, at most, and whether every kept cue has its readable time. */
  messageWords: number;
  readable: boolean;
  kept: number;
  shortened: number;
  dropped: number;
  /** One per cue of the original timeline, in order: what became of it. */
  cues: Array<{ index: number; kind: Cue['kind']; turn: number | null; fit: 'kept' | 'shortened' | 'dropped'; seconds: number }>;
}

/** Shortest readable times in the cut, in seconds: long enough to see what happened. */
const LEAST: Partial<Record<Cue['kind'], number>> = { title: 2, end: 3, conch: 0.8, tool: 0.7, reasoning: 0.7, file: 0.9, notice: 0.7 };
/** Words a shortened message may keep, tried from the most down. */
const MESSAGE_WORDS = [40, 32, 26, 22, 18, 14, 10];

/** The order cues go in when the cut must lose some: lower goes first; Infinity never goes. */
function dropRank(timeline: Timeline, cue: Cue, index: number, finals: Set<number>): number {
  if (cue.kind === 'title' || cue.kind === 'end' || cue.kind === 'conch' || finals.has(index)) return Infinity;
  switch (cue.kind) {
    case 'tool':
    case 'reasoning':
      return cue.kind === 'tool' && repeatsTheRunBefore(timeline, index) ? 0 : 1;
    case 'notice':
      return cue.what === 'sign-out' ? 3 : 2;
    case 'prompt':
      return 4;
    case 'text':
      return 5;
    case 'file':
      return 6;
    default:
      return 2;
  }
}

/** A tool run the same as the last one in its turn (the same tool again): the first to go. */
function repeatsTheRunBefore(timeline: Timeline, index: number): boolean {
  const cue = timeline.cues[index]!;
  if (cue.kind !== 'tool') return false;
  for (let i = index - 1; i >= 0; i--) {
    const c = timeline.cues[i]!;
    if (c.chapter !== cue.chapter) return false;
    if (c.kind === 'tool') return c.tool === cue.tool;
  }
  return false;
}

/** Each turn's final message: the speaker's last text in its turn. */
function finalMessages(timeline: Timeline): Set<number> {
  const finals = new Set<number>();
  for (const chapter of timeline.chapters) {
    for (let i = chapter.cues[1] - 1; i >= chapter.cues[0]; i--) {
      const c = timeline.cues[i]!;
      if (c.kind === 'text' && c.participantId === chapter.participantId) {
        finals.add(i);
        break;
      }
    }
  }
  return finals;
}

interface Plan {
  cue: Cue;
  rank: number;
  least: number;
  natural: number;
  shortened: boolean;
}

function planCue(timeline: Timeline, cue: Cue, index: number, finals: Set<number>, words: number): Plan {
  const natural = cue.end - cue.start;
  const rank = dropRank(timeline, cue, index, finals);
  if (cue.kind === 'text' || cue.kind === 'prompt') {
    const lead = leadOf(cue.blocks, words);
    // Shown nearly at once and held for its reading time: the normal pace, on less text.
    const reading = pace.readingSeconds(lead.words, finals.has(index) ? pace.FINAL_HOLD : pace.MIN_HOLD) + 0.4;
    const least = Math.min(natural, reading);
    const shortCue = lead.shortened ? { ...cue, blocks: lead.blocks, pages: undefined, ...(cue.kind === 'text' ? { chars: lead.blocks.map(blockText).join('\n').length } : {}) } as TextCue | PromptCue : cue;
    return { cue: shortCue, rank, least, natural: lead.shortened ? least * 1.15 : natural, shortened: lead.shortened };
  }
  const least = Math.min(natural, LEAST[cue.kind] ?? 0.7);
  return { cue, rank, least, natural, shortened: false };
}

/**
 * The timeline cut to `target` seconds: cues chosen by value, shortened and compressed, then
 * laid end to end; every time in the timeline (cues, pages, turns, entrances, file versions) is
 * carried over by the same map, so the scene draws the cut as it draws any timeline.
 */
export function fitTimeline(timeline: Timeline, target: number): { timeline: Timeline; fit: FitSummary } {
  const cues = timeline.cues;
  const finals = finalMessages(timeline);
  let words = MESSAGE_WORDS[0]!;
  let plans: Plan[] = [];
  let keep: boolean[] = [];
  const fitsAlready = timeline.duration <= target;
  for (const w of fitsAlready ? [Infinity] : MESSAGE_WORDS) {
    words = w;
    plans = cues.map((c, i) => (fitsAlready ? { cue: c, rank: Infinity, least: c.end - c.start, natural: c.end - c.start, shortened: false } : planCue(timeline, c, i, finals, w)));
    keep = plans.map(() => true);
    // Lowest rank first; within a rank the later cue first, so each turn's start keeps its context.
    const order = plans.map((_, i) => i).filter((i) => plans[i]!.rank < Infinity).sort((a, b) => plans[a]!.rank - plans[b]!.rank || b - a);
    let least = plans.reduce((s, p) => s + p.least, 0);
    for (const i of order) {
      if (least <= target) break;
      keep[i] = false;
      least -= plans[i]!.least;
    }
    // A drop can free more than needed: take back what fits again, the most valuable first.
    for (const i of [...order].reverse()) {
      if (!keep[i] && least + plans[i]!.least <= target) {
        keep[i] = true;
        least += plans[i]!.least;
      }
    }
    if (least <= target) break;
  }
  const kept = plans.filter((_, i) => keep[i]);
  const least = kept.reduce((s, p) => s + p.least, 0);
  const natural = kept.reduce((s, p) => s + p.natural, 0);
  // Between each cue's least and natural time, the same share for all; past natural, all stretch alike.
  const seconds = kept.map((p) => {
    // A session already short enough plays as it is, the credits held for the rest.
    if (fitsAlready) return p.natural + (p.cue.kind === 'end' ? target - natural : 0);
    if (natural <= target) return p.natural * (target / Math.max(0.001, natural));
    if (least >= target) return p.least * (target / Math.max(0.001, least));
    return p.least + (p.natural - p.least) * ((target - least) / (natural - least));
  });
  const newStart: number[] = [];
  const newEnd: number[] = [];
  let clock = 0;
  let k = 0;
  cues.forEach((_, i) => {
    newStart[i] = clock;
    if (keep[i]) clock += seconds[k++]!;
    newEnd[i] = clock;
  });
  const ends = cues.map((c) => c.end);
  const map = (t: number): number => {
    if (!Number.isFinite(t)) return t;
    // The cue that holds t, or the last that ended before it (t in a gap: the gap is cut out).
    let lo = 0;
    let hi = cues.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    const c = cues[lo];
    if (!c) return clock;
    if (t < c.start) return newStart[lo]!;
    if (t >= c.end) return newEnd[lo]!;
    return newStart[lo]! + ((t - c.start) / Math.max(1e-9, c.end - c.start)) * (newEnd[lo]! - newStart[lo]!);
  };
  const mapped = (t: number) => pace.roundTime(map(t));
  const indexOf: number[] = [];
  const outCues: Cue[] = [];
  cues.forEach((_, i) => {
    indexOf[i] = outCues.length;
    if (!keep[i]) return;
    const plan = plans[i]!;
    const start = pace.roundTime(newStart[i]!);
    const end = pace.roundTime(newEnd[i]!);
    const cue = { ...plan.cue, start, end } as Cue;
    if ((cue.kind === 'text' || cue.kind === 'prompt') && cue.pages) {
      cue.pages = cue.pages.map((p) => ({ ...p, typed: mapped(p.typed), end: mapped(p.end) }));
    } else if ((cue.kind === 'text' || cue.kind === 'prompt') && plan.shortened) {
      // One page, typed in a moment and then held: the hold is the reading.
      const chars = cue.blocks.map(blockText).join('\n').length;
      cue.pages = [{ blocks: [0, cue.blocks.length], chars, typed: pace.roundTime(start + Math.min(0.4, (end - start) * 0.15)), end }];
    }
    outCues.push(cue);
  });
  indexOf[cues.length] = outCues.length;
  const chapters: Chapter[] = timeline.chapters.map((ch) => ({ ...ch, start: mapped(ch.start), end: mapped(ch.end), cues: [indexOf[ch.cues[0]]!, indexOf[ch.cues[1]]!] }));
  const fitted: Timeline = {
    ...timeline,
    duration: pace.roundTime(target),
    chapters,
    cues: outCues,
    participants: timeline.participants.map((p) => ({
      ...p,
      enter: mapped(p.enter),
      exit: mapped(p.exit),
      ...(p.spans ? { spans: p.spans.map((s) => ({ enter: mapped(s.enter), exit: mapped(s.exit) })) } : {}),
    })),
    files: timeline.files.map((f) => ({ ...f, versions: f.versions.map((v) => ({ ...v, time: mapped(v.time) })) })),
  };
  const decisions = cues.map((c, i) => ({
    index: i, kind: c.kind, turn: c.chapter >= 0 ? c.chapter + 1 : null,
    fit: !keep[i] ? 'dropped' as const : plans[i]!.shortened ? 'shortened' as const : 'kept' as const,
    seconds: pace.roundTime(newEnd[i]! - newStart[i]!),
  }));
  return {
    timeline: fitted,
    fit: {
      target, original: timeline.duration, duration: fitted.duration,
      messageWords: words, readable: least <= target + 1e-6,
      kept: decisions.filter((d) => d.fit === 'kept').length,
      shortened: decisions.filter((d) => d.fit === 'shortened').length,
      dropped: decisions.filter((d) => d.fit === 'dropped').length,
      cues: decisions,
    },
  };
}
