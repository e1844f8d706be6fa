// Options every command that reads and paces a session shares: which session, where the
// entities live, and the pacing. Parsed once here so `timeline`, `frame`, `render`, `export`
// and `play` accept the same words with the same limits.
import type { LoadOptions } from '../prepare/index.js';
import type { Recording } from '../recording/model.js';
import type { PacingOptions } from '../timeline/model.js';
import { numberOption, stringOption, type CommandContext, type OptionSpec } from './command.js';

export const sourceOptions: OptionSpec = {
  session: { type: 'string' },
  entities: { type: 'string' },
  workflow: { type: 'boolean' },
};

/** --real-time, --max-idle and --every-word: also taken by `export`, whose --speed is the player's, not the pacing's. */
export const realTimeOptions: OptionSpec = {
  'max-idle': { type: 'string' },
  'real-time': { type: 'boolean' },
  'every-word': { type: 'boolean' },
};

export const pacingOptions: OptionSpec = {
  speed: { type: 'string' },
  ...realTimeOptions,
};

/** Longest idle gap --max-idle accepts, in seconds (a day); the same for every command. */
const MAX_IDLE_LIMIT = 86_400;

export const SOURCE_USAGE = `  --session <ses_...>   which session, when the source holds several (an opencode database)
  --entities <dir>      where to look for entity folders (.<handle>/) before $HOME
  --workflow            follow the session's hand-offs, forks and subagents (opencode): one
                        recording of the whole workflow, from a database or several exports`;

export const PACING_USAGE = `  --speed <x>           playback speed multiplier (default 1)
  --max-idle <s>        longest idle gap kept in --real-time mode (default 2)
  --real-time           follow the recorded timestamps instead of the reading pace
  --every-word          hold every message whole for its reading time (longer); by default a
                        message written along the way shows its lead above the work it leads to`;

/** --real-time, --max-idle and --every-word as pacing; what is not given is left to the defaults. */
export function realTimeFrom(ctx: CommandContext): Partial<Pick<PacingOptions, 'realTime' | 'maxIdle' | 'everyWord'>> {
  const pacing: Partial<Pick<PacingOptions, 'realTime' | 'maxIdle' | 'everyWord'>> = {};
  const maxIdle = numberOption(ctx, 'max-idle', 0, MAX_IDLE_LIMIT);
  if (maxIdle !== undefined) pacing.maxIdle = maxIdle;
  if (ctx.options['real-time']) pacing.realTime = true;
  if (ctx.options['every-word']) pacing.everyWord = true;
  return pacing;
}

export function pacingFrom(ctx: CommandContext): Partial<PacingOptions> {
  const pacing: Partial<PacingOptions> = {};
  const speed = numberOption(ctx, 'speed', 0.05, 100);
  if (speed !== undefined) pacing.speed = speed;
  return { ...pacing, ...realTimeFrom(ctx) };
}

/** --session and --entities as the readers take them. */
export function loadOptionsFrom(ctx: CommandContext): LoadOptions {
  const options: LoadOptions = { sessionId: stringOption(ctx, 'session'), entitiesDir: stringOption(ctx, 'entities') };
  // A workflow may be spread over several exports, all given as sources.
  if (ctx.options.workflow) Object.assign(options, { workflow: true, alsoFiles: ctx.args.slice(1) });
  return options;
}

/** Warnings go to stderr as `file:line: warning: message` (the compilers' form, which editors
 * jump to), so they are seen but never mix with --json on stdout. */
export function printWarnings(ctx: CommandContext, rec: Recording): void {
  for (const w of rec.warnings) {
    const where = w.file ? `${w.file}${w.line ? `:${w.line}` : ''}: ` : '';
    ctx.stderr.write(`${where}warning: ${w.message}\n`);
  }
}
