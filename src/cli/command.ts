// What every subcommand module exports, so main.ts can list, parse and run them alike.
import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  /** Positional arguments after the command name. */
  args: string[];
  /** Parsed options (strings, booleans, or arrays for `multiple`). */
  options: Record<string, string | boolean | string[] | undefined>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface Command {
  name: string;
  /** One line for `playback --help`. */
  summary: string;
  /** The usage text for `playback <name> --help`. */
  usage: string;
  options: OptionSpec;
  /** A command group (`playback library build|worker|...`): the first argument picks one. */
  subcommands?: Command[];
  /** Returns the exit code: 0 ok, 1 findings or failure (2, bad usage, is raised as UsageError). */
  run(ctx: CommandContext): Promise<number>;
}

/** Bad usage: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.options[name];
  return typeof v === 'string' ? v : undefined;
}

export function numberOption(ctx: CommandContext, name: string, min = -Infinity, max = Infinity): number | undefined {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${name} takes a number from ${min} to ${max}, not "${raw}"`);
  }
  return n;
}

export function requireOneSource(ctx: CommandContext): string {
  // --workflow reads several exports together; the first names the recording.
  if (ctx.options.workflow === true && ctx.args.length > 1) return ctx.args[0]!;
  if (ctx.args.length !== 1) throw new UsageError(ctx.args.length ? 'give exactly one <source>' : 'missing <source>');
  return ctx.args[0]!;
}
