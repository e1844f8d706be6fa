// Source → priced, redacted recording → timeline: the steps `export`, `play` and `demo` share.
import { loadRecording, type LoadOptions } from '../ingest/index.js';
import type { Recording } from '../recording/model.js';
import { withCatalogPrices } from '../recording/price-catalog.js';
import { timelineFor } from '../timeline/index.js';
import type { PacingOptions, Timeline } from '../timeline/model.js';
import { newReport, redactDeep, type RedactReport } from '../util/redact.js';
import type { CommandContext, OptionSpec } from './command.js';
import { plural } from '../util/text.js';

export const redactionOptions: OptionSpec = {
  'no-redact': { type: 'boolean' },
  redact: { type: 'string', multiple: true },
};

/** --no-redact and --redact <text>, as `export` and `play` take them. */
export function redactionFrom(ctx: CommandContext): { redact: boolean; literals: string[] } {
  return { redact: ctx.options['no-redact'] !== true, literals: (ctx.options.redact as string[] | undefined) ?? [] };
}

export interface PrepareOptions extends LoadOptions {
  /** Apply the secret patterns (default true). */
  redact?: boolean;
  /** More literal strings to redact. */
  literals?: string[];
  pacing?: Partial<PacingOptions>;
}

export interface Prepared {
  recording: Recording;
  timeline: Timeline;
  redactions: RedactReport;
}

export async function prepareTimeline(source: string, options: PrepareOptions = {}): Promise<Prepared> {
  const loaded = await withCatalogPrices(await loadRecording(source, options));
  const redactions = newReport();
  const recording =
    options.redact === false && !options.literals?.length
      ? loaded
      : redactDeep(loaded, { patterns: options.redact !== false, literals: options.literals }, redactions);
  const timeline = await timelineFor(recording, options.pacing);
  return { recording, timeline, redactions };
}

export function describeRedactions(report: RedactReport): string {
  if (!report.total) return 'no secrets found to redact';
  const kinds = Object.entries(report.counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  return `redacted ${plural(report.total, 'secret')} (${kinds})`;
}
