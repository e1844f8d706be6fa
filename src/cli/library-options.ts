// Options the `library` commands share: what a kit holds and how it is rendered, which sessions,
// and where the library is. Parsed once here so build and watch accept the same words.
import { resolve } from 'node:path';
import { numberOption, stringOption, UsageError, type CommandContext, type OptionSpec } from './command.js';
import { frameSizeFrom, MIN_SHORT_SIDE, sizeOptions, sizeUsage, type FrameSize } from './size-options.js';
import { QUALITIES, type Quality } from '../render/ffmpeg.js';
import { DEFAULT_KIT_OPTIONS, KIT_PARTS, type KitOptions, type KitPart } from '../library/kit-options.js';
import type { SessionFilter } from '../library/plan.js';
import { defaultJobs } from '../library/pool.js';
import { localRunner, queueRunnerFor, type BuildRequest } from '../library/build.js';

export const kitOptionSpec: OptionSpec = {
  out: { type: 'string', short: 'o' },
  parts: { type: 'string' },
  'party-only': { type: 'boolean' },
  since: { type: 'string' },
  entity: { type: 'string', multiple: true },
  ...sizeOptions,
  fps: { type: 'string' },
  quality: { type: 'string' },
  speed: { type: 'string' },
  to: { type: 'string' },
  'short-length': { type: 'string' },
  'short-size': { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  queue: { type: 'string' },
  'no-redact': { type: 'boolean' },
  redact: { type: 'string', multiple: true },
  entities: { type: 'string' },
  json: { type: 'boolean' },
};

export const KIT_OPTIONS_USAGE = `  -o, --out <dir>       the library folder (kits, index.html, library.json, library.db)
  --parts <list>        kit parts, comma-separated: ${KIT_PARTS.join(',')} (default: all)
  --party-only          only party-line sessions
  --since <date>        only sessions active since then (2026-01-31, or 7d, 12h)
  --entity <handle>     only sessions this entity takes part in (repeatable: any of them)
${sizeUsage('1280x720')}
  --fps <n>             frames per second (default 30)
  --quality <q>         low | medium | high (default medium)
  --speed <x>           pacing speed multiplier (default 1)
  --to <s>              at most this many seconds of each video (default: the whole session)
  --short-length <s>    the portrait short is cut to this length, as --fit cuts (default 60)
  --short-size <WxH>    the short's frame (default: the video's size turned portrait, 720x1280)
  -j, --jobs <n>        renders at once on this machine (default: from the cores and free memory)
  --queue <redis://host:port>  send the jobs to BullMQ workers instead (\`playback library worker\`)
  --no-redact           keep secrets as they are (redacted by default)
  --redact <text>       also remove this text (repeatable)
  --entities <dir>      where to look for entity folders before $HOME
  --json                print a JSON summary`;

export function outDir(ctx: CommandContext): string {
  const out = stringOption(ctx, 'out');
  if (!out) throw new UsageError('missing --out <dir>: the library folder');
  return resolve(out);
}

function partsFrom(ctx: CommandContext): KitPart[] {
  const raw = stringOption(ctx, 'parts');
  if (raw === undefined) return [...KIT_PARTS];
  const parts: KitPart[] = [];
  for (const name of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    if (!(KIT_PARTS as readonly string[]).includes(name)) throw new UsageError(`--parts takes ${KIT_PARTS.join(', ')}, not "${name}"`);
    parts.push(name as KitPart);
  }
  if (!parts.length) throw new UsageError(`--parts needs at least one of ${KIT_PARTS.join(', ')}`);
  return parts;
}

export function kitOptionsFrom(ctx: CommandContext): KitOptions {
  const { width, height } = frameSizeFrom(ctx, DEFAULT_KIT_OPTIONS, true);
  if (width % 2 || height % 2) throw new UsageError(`the video needs an even width and height, not ${width}x${height}`);
  const quality = stringOption(ctx, 'quality') ?? DEFAULT_KIT_OPTIONS.quality;
  if (!(QUALITIES as readonly string[]).includes(quality)) throw new UsageError(`--quality takes ${QUALITIES.join(', ')}, not "${quality}"`);
  const to = numberOption(ctx, 'to', 0.1, 86_400);
  const entitiesDir = stringOption(ctx, 'entities');
  const short = shortSizeFrom(ctx, { width: Math.min(width, height), height: Math.max(width, height) });
  return {
    parts: partsFrom(ctx),
    width, height,
    fps: numberOption(ctx, 'fps', 1, 120) ?? DEFAULT_KIT_OPTIONS.fps,
    quality: quality as Quality,
    ...(to !== undefined ? { to } : {}),
    speed: numberOption(ctx, 'speed', 0.05, 100) ?? DEFAULT_KIT_OPTIONS.speed,
    shortLength: numberOption(ctx, 'short-length', 5, 24 * 3600) ?? DEFAULT_KIT_OPTIONS.shortLength,
    shortWidth: short.width,
    shortHeight: short.height,
    redact: ctx.options['no-redact'] !== true,
    literals: (ctx.options.redact as string[] | undefined) ?? [],
    ...(entitiesDir ? { entitiesDir: resolve(entitiesDir) } : {}),
  };
}

/** --short-size WxH: portrait (taller than wide), even, and large enough to read. */
function shortSizeFrom(ctx: CommandContext, fallback: FrameSize): FrameSize {
  const raw = stringOption(ctx, 'short-size');
  if (raw === undefined) return fallback;
  const m = /^(\d+)x(\d+)$/i.exec(raw.trim());
  if (!m) throw new UsageError(`--short-size takes WIDTHxHEIGHT such as 1080x1920, not "${raw}"`);
  const size = { width: Number(m[1]), height: Number(m[2]) };
  if (size.width >= size.height) throw new UsageError(`--short-size is a portrait frame, taller than wide, such as 1080x1920, not ${raw}`);
  if (size.width % 2 || size.height % 2) throw new UsageError(`the short needs an even width and height, not ${raw}`);
  if (size.width < MIN_SHORT_SIDE || size.height > 7680) throw new UsageError(`--short-size ${raw}: the width needs ${MIN_SHORT_SIDE} to 7680 px; try 360x640`);
  return size;
}

/** `--since 2026-01-31`, an ISO time, or an age: `7d`, `12h`, `30m`. */
export function sinceFrom(ctx: CommandContext, now = Date.now()): number | undefined {
  const raw = stringOption(ctx, 'since');
  if (raw === undefined) return undefined;
  const age = /^(\d+(?:\.\d+)?)([dhm])$/.exec(raw);
  if (age) return now - Number(age[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[age[2] as 'd' | 'h' | 'm'];
  const t = Date.parse(raw);
  if (!Number.isFinite(t)) throw new UsageError(`--since takes a date (2026-01-31), a time (2026-01-31T12:00Z) or an age (7d, 12h, 30m), not "${raw}"`);
  return t;
}

export function filterFrom(ctx: CommandContext): SessionFilter {
  const entities = ((ctx.options.entity as string[] | undefined) ?? []).map((e) => e.toLowerCase().replace(/^\./, ''));
  const since = sinceFrom(ctx);
  return {
    ...(ctx.options['party-only'] ? { partyOnly: true } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(entities.length ? { entities } : {}),
  };
}

export function jobsFrom(ctx: CommandContext, options: KitOptions): number {
  const jobs = numberOption(ctx, 'jobs', 1, 256);
  if (jobs !== undefined && !Number.isInteger(jobs)) throw new UsageError(`--jobs takes a whole number, not ${jobs}`);
  return jobs ?? defaultJobs(options.width, options.height);
}

/** What build and watch both take from the command line: the library, the kit, the filter, the runner. */
export async function libraryRequestFrom(ctx: CommandContext): Promise<Pick<BuildRequest, 'out' | 'options' | 'filter' | 'runner'>> {
  const out = outDir(ctx);
  const options = kitOptionsFrom(ctx);
  const filter = filterFrom(ctx);
  const queue = stringOption(ctx, 'queue');
  if (queue && ctx.options.jobs !== undefined) throw new UsageError('--jobs is for the local pool; with --queue, start workers: playback library worker --queue ...');
  if (queue) return { out, options, filter, runner: await queueRunnerFor(queue) };
  const jobs = jobsFrom(ctx, options);
  return { out, options, filter, runner: (dir) => localRunner(dir, jobs) };
}
