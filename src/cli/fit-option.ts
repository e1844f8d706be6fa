// `--fit <seconds>`: cut the timeline to a length before it is shown or drawn (see timeline/fit.ts).
import { numberOption, type CommandContext, type OptionSpec } from './command.js';
import { fitTimeline, type FitSummary } from '../timeline/fit.js';
import type { Timeline } from '../timeline/model.js';

export const fitOptions: OptionSpec = { fit: { type: 'string' } };

export const FIT_USAGE = `  --fit <seconds>       cut to this length (a short): every turn keeps its speaker, hand-off
                        and final message (shortened, held readable); tool runs go first`;

/** The timeline cut to --fit's length, with what the cut kept; the timeline itself without --fit. */
export function fitFrom(ctx: CommandContext, timeline: Timeline): { timeline: Timeline; fit?: FitSummary } {
  const seconds = numberOption(ctx, 'fit', 5, 24 * 3600);
  return seconds === undefined ? { timeline } : fitTimeline(timeline, seconds);
}
