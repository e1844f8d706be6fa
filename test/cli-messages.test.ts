// What the CLI says when a command line is wrong, tried as a new user would on the demo party:
// bad usage is exit 2 and one line (the mistake, and where --help is), never Node's parser
// wording or a page of help; a time outside the session names the session's range.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFfprobe } from '../src/render/ffmpeg.js';
import { playback as run, REPO, requireBuiltCli } from './helpers/cli.js';

const DEMO = join(REPO, 'examples', 'party-demo');
const temp = mkdtempSync(join(tmpdir(), 'playback-cli-messages-'));
const playback = (args: string[]) => run(args, { cwd: temp });
let range = '';
/** The session's end as the messages print it (rounded up to a tenth). */
let end = '';

beforeAll(async () => {
  requireBuiltCli();
  const tl = await playback(['timeline', DEMO, '--json']);
  const { duration, chapters } = JSON.parse(tl.stdout) as { duration: number; chapters: unknown[] };
  end = (Math.ceil(duration * 10) / 10).toFixed(1);
  range = `the session is 0-${end} s (turns 1-${chapters.length})`;
  expect(range).toMatch(/^the session is 0-\d+\.\d s \(turns 1-7\)$/);
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Exit 2 and exactly one line on stderr, nothing on stdout. */
async function usageError(args: string[], line: string): Promise<void> {
  const r = await playback(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`${line}\n`);
}

const probeCodec = (file: string) =>
  execFileSync(findFfprobe()!, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim();

describe('usage errors: one line, exit 2', () => {
  it('an unknown option is named plainly, with where the options are', async () => {
    await usageError(['render', DEMO, '-o', 'x.mp4', '--bogus'], 'playback render: unknown option --bogus (see playback render --help)');
    await usageError(['inspect', DEMO, '--bogus'], 'playback inspect: unknown option --bogus (see playback inspect --help)');
  });

  it('a value left out, or given to a switch', async () => {
    await usageError(['frame', DEMO, '-o', 'f.png', '--at'], 'playback frame: --at needs a value (see playback frame --help)');
    await usageError(['inspect', DEMO, '--json=yes'], 'playback inspect: --json takes no value (see playback inspect --help)');
  });

  it('no page of help after a mistake', async () => {
    await usageError(['export'], 'playback export: missing <source> (see playback export --help)');
    await usageError(['render', DEMO, '-o', 'x.mp4', '--fps', 'fast'], 'playback render: --fps takes a number from 1 to 120, not "fast" (see playback render --help)');
  });
});

describe('times outside the session', () => {
  it('--at 9999 and --at turn:99 are both bad usage naming the range', async () => {
    await usageError(['frame', DEMO, '--at', '9999', '-o', 'f.png'], `playback frame: --at 9999: past the end; ${range} (see playback frame --help)`);
    await usageError(['frame', DEMO, '--at', 'turn:99', '-o', 'f.png'], `playback frame: --at turn:99: there is no turn 99; ${range} (see playback frame --help)`);
    expect(existsSync(join(temp, 'f.png'))).toBe(false);
  });

  it('--at -5 is read as a number, and is before the start', async () => {
    await usageError(['frame', DEMO, '--at', '-5', '-o', 'f.png'], `playback frame: --at -5: before the start; ${range} (see playback frame --help)`);
    await usageError(['frame', DEMO, '--at=-5', '-o', 'f.png'], `playback frame: --at -5: before the start; ${range} (see playback frame --help)`);
  });

  it('the end as printed is still inside', async () => {
    const r = await playback(['frame', DEMO, '--at', end, '-o', 'end.png', '--width', '640', '--height', '360']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^wrote end\\.png \\(640x360, t=${end.split('.')[0]}\\.\\d\\d s\\)$`, 'm'));
  });

  it('--from 9999 is past the end, not "must come before --to"', async () => {
    await usageError(['render', DEMO, '-o', 'x.mp4', '--from', '9999'], `playback render: --from 9999: past the end; ${range} (see playback render --help)`);
    await usageError(['export', DEMO, '-o', 'x.html', '--poster', '9999'], `playback export: --poster 9999: past the end; ${range} (see playback export --help)`);
  });
});

describe('render --format', () => {
  it('--format gif is accepted, alone (named after the source) or agreeing with -o', async () => {
    const alone = await playback(['render', DEMO, '--format', 'gif', '--width', '640', '--to', '1']);
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stdout).toMatch(/^wrote party-demo\.gif: 640x360, 15 frames/);
    expect(probeCodec(join(temp, 'party-demo.gif'))).toBe('gif');
    const both = await playback(['render', DEMO, '--format', 'webm', '-o', 'both.webm', '--width', '640', '--to', '1']);
    expect(both.code, both.stderr).toBe(0);
    expect(probeCodec(join(temp, 'both.webm'))).toBe('vp9');
  }, 60_000);

  it('a --format that -o contradicts says so', async () => {
    await usageError(['render', DEMO, '--format', 'gif', '-o', 'x.mp4'],
      'playback render: --format gif does not match -o x.mp4 (a .mp4 name): name the output .gif, or leave out --format (see playback render --help)');
    await usageError(['render', DEMO, '--format', 'avi'], 'playback render: --format takes mp4, webm, gif, not "avi" (see playback render --help)');
  });

  it('an odd --width for MP4 is bad usage, saying what works', async () => {
    await usageError(['render', DEMO, '-o', 'x.mp4', '--width', '641', '--height', '360'],
      'playback render: MP4 (yuv420p) needs an even width and height, not 641x360: try --width 642 --height 360 (see playback render --help)');
    expect(existsSync(join(temp, 'x.mp4'))).toBe(false);
  });
});

describe('frame sizes: presets, --size, a side alone', () => {
  const size = async (args: string[]) => {
    const r = await playback(['frame', DEMO, '--at', 'turn:2', '-o', 'f.png', '--json', ...args]);
    expect(r.code, r.stderr).toBe(0);
    const { width, height } = JSON.parse(r.stdout) as { width: number; height: number };
    return `${width}x${height}`;
  };

  it('each preset has its size, and a --width or --height alone keeps its ratio', async () => {
    expect(await size([])).toBe('1280x720');
    expect(await size(['--preset', 'portrait'])).toBe('1080x1920');
    expect(await size(['--preset', 'feed', '--width', '720'])).toBe('720x900');
    expect(await size(['--preset', 'portrait', '--height', '1280'])).toBe('720x1280');
    expect(await size(['--width', '640'])).toBe('640x360');
    expect(await size(['--size', '1080x1080'])).toBe('1080x1080');
  }, 60_000);

  it('a size too small to read, or an unknown preset, is bad usage saying what works', async () => {
    await usageError(['frame', DEMO, '--at', '1', '-o', 'f.png', '--width', '333'],
      'playback frame: 333x187 is too small to read: the shorter side needs at least 360 px; try --size 642x360 (see playback frame --help)');
    await usageError(['render', DEMO, '-o', 'x.mp4', '--preset', 'portrait', '--width', '200'],
      'playback render: 200x356 is too small to read: the shorter side needs at least 360 px; try --size 360x642 (see playback render --help)');
    await usageError(['frame', DEMO, '--at', '1', '-o', 'f.png', '--preset', 'tall'],
      'playback frame: --preset takes landscape, portrait, square, feed, not "tall" (see playback frame --help)');
    await usageError(['frame', DEMO, '--at', '1', '-o', 'f.png', '--size', '1080by1920'],
      'playback frame: --size takes WIDTHxHEIGHT such as 1080x1920, not "1080by1920" (see playback frame --help)');
  });
});

describe('an output folder that does not exist', () => {
  it('export and frame name the folder, not a temp file (exit 1)', async () => {
    const folder = join(temp, 'no-such-folder');
    for (const [command, name] of [['export', 'x.html'], ['frame', 'x.png']] as const) {
      const target = join(folder, name);
      const r = await playback([command, DEMO, '-o', target]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toBe(`playback ${command}: cannot write ${target}: the folder ${folder} does not exist (create it, or choose another -o path)\n`);
    }
  });
});
