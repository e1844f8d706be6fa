// `playback`: parses the command line and dispatches to one module per subcommand.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { UsageError, type Command, type OptionSpec } from './command.js';
import { InputError } from '../ingest/errors.js';
import { packagePath } from '../util/package-root.js';

// bin/playback.cjs lends the bundle its import() (see util/import-esm.ts).
export { lendImport } from '../util/import-esm.js';

/** Loaded lazily so `playback inspect` does not pay for the canvas or ffmpeg. */
const commands: Record<string, () => Promise<Command>> = {
  demo: async () => (await import('./commands/demo.js')).demo,
  inspect: async () => (await import('./commands/inspect.js')).inspect,
  list: async () => (await import('./commands/list.js')).list,
  check: async () => (await import('./commands/check.js')).check,
  timeline: async () => (await import('./commands/timeline.js')).timeline,
  frame: async () => (await import('./commands/frame.js')).frame,
  export: async () => (await import('./commands/export.js')).exportHtml,
  play: async () => (await import('./commands/play.js')).play,
  render: async () => (await import('./commands/render.js')).render,
  library: async () => (await import('./commands/library.js')).library,
};

function version(): string {
  const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

async function topHelp(): Promise<string> {
  const rows: string[] = [];
  for (const [name, load] of Object.entries(commands)) {
    const cmd = await load().catch(() => undefined);
    if (cmd) rows.push(`  ${name.padEnd(10)}${cmd.summary}`);
  }
  return [
    'Usage: playback <command> [options]',
    '',
    'Turn AI coding-agent sessions into a web player and video.',
    '',
    'Commands:',
    ...rows,
    '',
    'A <source> is a session file (opencode export JSON, Claude Code JSONL, Codex CLI rollout,',
    'Gemini CLI session), an opencode database, a bare ses_... id, a party folder',
    '(.koad-io/parties/<name>), a folder of Codex rollouts, or - for stdin.',
    '',
    'Options:',
    '  -h, --help     show help (also: playback <command> --help)',
    '  -v, --version  print the version',
    '',
  ].join('\n');
}

export async function main(argv: string[], stdout = process.stdout, stderr = process.stderr): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    stdout.write(await topHelp());
    return name ? 0 : 2;
  }
  if (name === '-v' || name === '--version') {
    stdout.write(`${version()}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    stderr.write(`playback: unknown command "${name}". Run \`playback --help\` for the list.\n`);
    return 2;
  }
  const picked = pickSubcommand(await load(), rest, stdout, stderr);
  if (typeof picked === 'number') return picked;
  const { cmd, args } = picked;
  try {
    const parsed = parseArgs({
      args: negativeValuesJoined(args, cmd.options),
      options: { help: { type: 'boolean', short: 'h' }, ...cmd.options },
      allowPositionals: true,
      strict: true,
    });
    if (parsed.values.help) {
      stdout.write(cmd.usage.endsWith('\n') ? cmd.usage : `${cmd.usage}\n`);
      return 0;
    }
    return await cmd.run({ args: parsed.positionals, options: parsed.values, stdout, stderr });
  } catch (err) {
    return report(err, cmd, stderr);
  }
}

/**
 * `--at -5` as `--at=-5`: a value that is a negative number is a value, not an option (the
 * parser would call it ambiguous). Only for options that take a value.
 */
function negativeValuesJoined(args: string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = /^--([^=]+)$/.exec(arg)?.[1];
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (name && options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** Node's parser messages, said the way the rest of the CLI speaks. */
function parseErrorText(err: Error & { code?: string }): string {
  const unknown = /^Unknown option '([^']+)'/.exec(err.message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /^Option '(-\S+)(?: <value>)?' argument missing/.exec(err.message) ?? /^Option '(-[^']*?)(?: <value>)?' argument is ambiguous/.exec(err.message);
  if (missing) return `${missing[1]!.replace(/^-\w, /, '')} needs a value`;
  const noValue = /^Option '(-[^']+)' does not take an argument/.exec(err.message);
  if (noValue) return `${noValue[1]!.replace(/^-\w, /, '')} takes no value`;
  return err.message;
}

/** A command group's member, named by the first argument; or the exit code of its help. */
function pickSubcommand(group: Command, rest: string[], stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): { cmd: Command; args: string[] } | number {
  if (!group.subcommands) return { cmd: group, args: rest };
  const [sub, ...args] = rest;
  if (!sub || sub === '-h' || sub === '--help') {
    stdout.write(group.usage.endsWith('\n') ? group.usage : `${group.usage}\n`);
    return sub ? 0 : 2;
  }
  const cmd = group.subcommands.find((c) => c.name === `${group.name} ${sub}`);
  if (!cmd) {
    stderr.write(`playback ${group.name}: unknown command "${sub}". Run \`playback ${group.name} --help\` for the list.\n`);
    return 2;
  }
  return { cmd, args };
}

function report(err: unknown, cmd: Command, stderr: NodeJS.WritableStream): number {
  const parseError = (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  if (err instanceof UsageError || parseError) {
    const message = parseError ? parseErrorText(err as Error) : (err as Error).message;
    // One line: what was wrong, and where the options are listed (not the whole list).
    stderr.write(`playback ${cmd.name}: ${message} (see playback ${cmd.name} --help)\n`);
    return 2;
  }
  if (err instanceof InputError) {
    stderr.write(`playback ${cmd.name}: ${err.describe()}\n`);
    return 1;
  }
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && e.path) {
    stderr.write(`playback ${cmd.name}: ${e.path}: ${e.message}\n`);
    return 1;
  }
  stderr.write(`playback ${cmd.name}: ${e?.message ?? String(err)}\n`);
  if (process.env.PLAYBACK_DEBUG) stderr.write(`${e?.stack}\n`);
  return 1;
}
