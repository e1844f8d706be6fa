// The preparation path (../prepare/index.ts) as the commands call it: the source options,
// --no-redact and --redact <text>, and the pacing, taken from the command line.
import { prepareRecording, prepareSession, type PreparedRecording, type PreparedSession } from '../prepare/index.js';
import type { PacingOptions } from '../timeline/model.js';
import type { CommandContext, OptionSpec } from './command.js';
import { loadOptionsFrom } from './source-options.js';

export const redactionOptions: OptionSpec = {
  'no-redact': { type: 'boolean' },
  redact: { type: 'string', multiple: true },
};

export const REDACTION_USAGE = `  --no-redact           keep secrets as they are (only --redact strings are removed)
  --redact <text>       also remove this text (repeatable)`;

/** --no-redact and --redact <text>, as every command that shows session text takes them. */
export function redactionFrom(ctx: CommandContext): { redact: boolean; literals: string[] } {
  return { redact: ctx.options['no-redact'] !== true, literals: (ctx.options.redact as string[] | undefined) ?? [] };
}

/** The redacted recording of `source`, as the command line asks for it. */
export function recordingFrom(ctx: CommandContext, source: string, { priced = true } = {}): Promise<PreparedRecording> {
  return prepareRecording(source, { ...loadOptionsFrom(ctx), ...redactionFrom(ctx), priced });
}

/** The redacted recording and its timeline, as the command line asks for them. */
export function sessionFrom(ctx: CommandContext, source: string, pacing: Partial<PacingOptions>): Promise<PreparedSession> {
  return prepareSession(source, { ...loadOptionsFrom(ctx), ...redactionFrom(ctx), pacing });
}
