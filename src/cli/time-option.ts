// A moment given on the command line (--at, --from, --to, --poster): seconds or turn:N, checked
// against the session, so a time past the end is a usage error naming the range, like a turn
// that does not exist, instead of being quietly moved to the end.
import type { Timeline } from '../timeline/model.js';
import { stringOption, UsageError, type CommandContext } from './command.js';

/** `the session is 0-211.9 s (turns 1-7)`: what every time option accepts, said once. */
export function sessionRange(timeline: Timeline): string {
  const turns = timeline.chapters.length;
  const turnText = turns === 0 ? 'no turns' : turns === 1 ? 'turn 1' : `turns 1-${turns}`;
  return `the session is 0-${shownEnd(timeline).toFixed(1)} s (${turnText})`;
}

/** The end as printed (rounded up to a tenth), so a user typing the shown end is not refused. */
function shownEnd(timeline: Timeline): number {
  return Math.ceil(timeline.duration * 10) / 10;
}

/**
 * The option's moment in seconds, or undefined when it is not given. A turn is its start, or
 * its middle with `turnAt: 'middle'` (a still of a turn shows the speaker at work).
 */
export function timeOption(ctx: CommandContext, timeline: Timeline, name: string, turnAt: 'start' | 'middle' = 'start'): number | undefined {
  const spec = stringOption(ctx, name);
  if (spec === undefined) return undefined;
  const given = `--${name} ${spec}`;
  const turn = /^turn:(\d+)$/.exec(spec.trim());
  if (turn) {
    const chapter = timeline.chapters[Number(turn[1]) - 1];
    if (!chapter) throw new UsageError(`${given}: there is no turn ${turn[1]}; ${sessionRange(timeline)}`);
    return turnAt === 'middle' ? (chapter.start + chapter.end) / 2 : chapter.start;
  }
  const seconds = spec.trim() === '' ? NaN : Number(spec);
  if (!Number.isFinite(seconds)) {
    throw new UsageError(`--${name} takes seconds (e.g. 12.5) or turn:N, not "${spec}"; ${sessionRange(timeline)}`);
  }
  if (seconds < 0) throw new UsageError(`${given}: before the start; ${sessionRange(timeline)}`);
  if (seconds > shownEnd(timeline)) throw new UsageError(`${given}: past the end; ${sessionRange(timeline)}`);
  return Math.min(seconds, timeline.duration);
}
