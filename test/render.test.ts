// Video rendering with real ffmpeg and ffprobe: what the files hold (codec, size, pixel format,
// frame count, duration), that two renders decode to identical frames, that every frame is the
// one it should be (a stamped barcode read back), and that failures leave no debris.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecording } from '../src/prepare/index.js';
import { buildTimeline } from '../src/timeline/index.js';
import type { Timeline } from '../src/timeline/model.js';
import { findFfmpeg, findFfprobe, type VideoFormat } from '../src/render/ffmpeg.js';
import { readFrameStamp } from '../src/render/frame-stamp.js';
import { createNodeStage } from '../src/render/node-host.js';
import { renderVideo } from '../src/render/render-video.js';
import { shortSession } from './helpers/claude-code-transcript.js';
import { runMain } from './helpers/cli.js';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const DEMO = fileURLToPath(new URL('../examples/party-demo', import.meta.url));

const ffprobe = findFfprobe();
const ffmpeg = findFfmpeg().path;

const dir = mkdtempSync(join(tmpdir(), 'playback-render-test-'));
/** A short Claude Code session: a prompt, a reply, two failing tool calls. */
const SAMPLE = shortSession().write(join(dir, 'short.jsonl'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Probe {
  codec: string;
  width: number;
  height: number;
  pixFmt: string;
  frames: number;
  duration: number;
}

function probe(file: string): Probe {
  if (!ffprobe) throw new Error('ffprobe is needed for these tests (apt install ffmpeg, or set FFPROBE_PATH)');
  const out = execFileSync(ffprobe, [
    '-v', 'error', '-count_frames', '-select_streams', 'v:0',
    '-show_entries', 'stream=codec_name,width,height,pix_fmt,nb_read_frames:format=duration', '-of', 'json', file,
  ], { encoding: 'utf8' });
  const json = JSON.parse(out) as { streams: Array<Record<string, string | number>>; format: { duration: string } };
  const s = json.streams[0]!;
  return {
    codec: String(s.codec_name), width: Number(s.width), height: Number(s.height), pixFmt: String(s.pix_fmt),
    frames: Number(s.nb_read_frames), duration: Number(json.format.duration),
  };
}

/** Every decoded frame as 8-bit grey, read back through ffmpeg. */
function decodeGray(file: string, width: number, height: number): Uint8Array[] {
  const raw = execFileSync(ffmpeg, ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 1 << 30 });
  const size = width * height;
  expect(raw.length % size).toBe(0);
  const frames: Uint8Array[] = [];
  for (let o = 0; o < raw.length; o += size) frames.push(raw.subarray(o, o + size));
  return frames;
}

function frameHashes(file: string): string[] {
  const out = execFileSync(ffmpeg, ['-v', 'error', '-i', file, '-f', 'framemd5', '-'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l && !l.startsWith('#'));
}

const CODEC: Record<VideoFormat, string> = { mp4: 'h264', webm: 'vp9', gif: 'gif' };

/** Frames a stretch holds: one per 1/fps step whose start lies inside it (computed here, not by the renderer). */
function expectedFrames(seconds: number, fps: number): number {
  return Math.ceil(seconds * fps - 1e-6);
}

async function timelineOf(source: string): Promise<Timeline> {
  return buildTimeline(await loadRecording(source));
}

describe.each([
  { name: 'a Claude Code session', source: SAMPLE },
  ...(existsSync(DEMO) ? [{ name: 'the demo party', source: DEMO }] : []),
])('rendering $name', ({ source }) => {
  let timeline: Timeline;
  beforeAll(async () => {
    timeline = await timelineOf(source);
    expect(timeline.duration).toBeGreaterThan(4);
  });

  // A stretch that is not a whole number of frames, across the title card into the first turn.
  const from = 3.2;
  const to = 4.75;
  const formats: Array<{ format: VideoFormat; width: number; height: number; fps: number; pixFmt: string }> = [
    { format: 'mp4', width: 256, height: 144, fps: 30, pixFmt: 'yuv420p' },
    { format: 'webm', width: 256, height: 144, fps: 30, pixFmt: 'yuv420p' },
    // ffmpeg decodes GIF to bgra whatever the palette; 15 fps is the GIF default.
    { format: 'gif', width: 256, height: 144, fps: 15, pixFmt: 'bgra' },
  ];

  it.each(formats)('$format: codec, size, pixel format, frame count and duration; every frame exact', async (f) => {
    const output = join(dir, `${source === DEMO ? 'demo' : 'sample'}-range.${f.format}`);
    const result = await renderVideo({ timeline, output, width: f.width, height: f.height, fps: f.fps, from, to, stampFrames: true });
    const frames = expectedFrames(to - from, f.fps);
    expect(result.frames).toBe(frames);

    const p = probe(output);
    expect(p.codec).toBe(CODEC[f.format]);
    expect([p.width, p.height]).toEqual([f.width, f.height]);
    expect(p.pixFmt).toBe(f.pixFmt);
    expect(p.frames).toBe(frames);
    // GIF delays are whole centiseconds, so its duration may be off by a rounding step.
    expect(Math.abs(p.duration - frames / f.fps)).toBeLessThanOrEqual(f.format === 'gif' ? 0.03 : 0.001);
    expect(statSync(output).size).toBe(result.bytes);

    const stamps = decodeGray(output, f.width, f.height).map((g) => readFrameStamp(g, { width: f.width, height: f.height }));
    expect(stamps).toEqual(Array.from({ length: frames }, (_, i) => i));
  });

  it.runIf(source === SAMPLE)('the whole timeline: the duration it promised', async () => {
    const output = join(dir, 'whole.mp4');
    const fps = 10;
    await renderVideo({ timeline, output, width: 160, height: 90, fps });
    const p = probe(output);
    const frames = expectedFrames(timeline.duration, fps);
    expect(p.frames).toBe(frames);
    // Whole frames: the video ends at most one frame after the timeline does.
    expect(p.duration).toBeGreaterThanOrEqual(timeline.duration - 1e-3);
    expect(p.duration).toBeLessThan(timeline.duration + 1 / fps + 1e-3);
  });

  it('renders twice to identical decoded frames', async () => {
    const a = join(dir, 'twice-a.mp4');
    const b = join(dir, 'twice-b.mp4');
    // Once drawing on this thread, sending only frames that changed, and once on a worker, sending
    // every frame: the two paths give the same frames.
    const ra = await renderVideo({ timeline, output: a, width: 256, height: 144, fps: 30, from, to });
    const rb = await renderVideo({ timeline, output: b, width: 256, height: 144, fps: 30, from, to, drawOn: 'worker' });
    expect(ra.framesSent).toBeLessThan(ra.frames);
    expect(rb.framesSent).toBe(rb.frames);
    const ha = frameHashes(a);
    const hb = frameHashes(b);
    expect(ha.length).toBe(expectedFrames(to - from, 30));
    expect(hb).toEqual(ha);
    // Not trivially equal: the scene changes over the stretch.
    expect(new Set(ha.map((l) => l.split(',').pop())).size).toBeGreaterThan(1);
  });
});

describe('ffmpeg', () => {
  it('the bundled static ffmpeg encodes when none is on PATH', async () => {
    const bundled = findFfmpeg({ PATH: '' });
    expect(bundled.from).toBe('@ffmpeg-installer/ffmpeg');
    const timeline = await timelineOf(SAMPLE);
    const output = join(dir, 'bundled.mp4');
    await renderVideo({ timeline, output, width: 160, height: 90, fps: 10, from: 0, to: 1, ffmpegPath: bundled.path });
    const p = probe(output);
    expect([p.codec, p.pixFmt, p.frames]).toEqual(['h264', 'yuv420p', 10]);
  });

  it('FFMPEG_PATH wins, and a wrong one is named', () => {
    expect(findFfmpeg({ FFMPEG_PATH: ffmpeg, PATH: '' }).path).toBe(ffmpeg);
    expect(() => findFfmpeg({ FFMPEG_PATH: join(dir, 'no-such-ffmpeg') })).toThrow(/FFMPEG_PATH.*no-such-ffmpeg/);
  });

  it('a failing ffmpeg: its last stderr lines are shown and nothing is left behind', async () => {
    const fake = join(dir, 'failing-ffmpeg');
    writeFileSync(fake, '#!/bin/sh\nhead -c 100000 >/dev/null\necho "Conversion failed: disk quota exceeded" >&2\nexit 1\n');
    chmodSync(fake, 0o755);
    const out = join(dir, 'fails');
    mkdirSync(out);
    const saved = process.env.FFMPEG_PATH;
    process.env.FFMPEG_PATH = fake;
    try {
      const r = await runMain(['render', SAMPLE, '-o', join(out, 'x.mp4'), '--width', '640', '--height', '360', '--to', '2']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/ffmpeg exited with code 1/);
      expect(r.stderr).toMatch(/Conversion failed: disk quota exceeded/);
    } finally {
      if (saved === undefined) delete process.env.FFMPEG_PATH;
      else process.env.FFMPEG_PATH = saved;
    }
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('playback render (CLI)', () => {
  it('an unknown extension is bad usage (exit 2) and says which ones work', async () => {
    const r = await runMain(['render', SAMPLE, '-o', join(dir, 'out.mov')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.mp4, \.webm or \.gif/);
    expect(existsSync(join(dir, 'out.mov'))).toBe(false);
  });

  it('an output folder that does not exist is a clear error (exit 1)', async () => {
    const r = await runMain(['render', SAMPLE, '-o', join(dir, 'missing', 'out.mp4'), '--to', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/folder does not exist/);
    expect(r.stderr).toMatch(/Create .*missing/);
  });

  it('a bad --from is bad usage', async () => {
    const r = await runMain(['render', SAMPLE, '-o', join(dir, 'x.mp4'), '--from', 'turn:99']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^playback render: --from turn:99: there is no turn 99; the session is 0-[\d.]+ s \(turns? 1/);
  });

  it('--json prints the summary of what was written', async () => {
    const output = join(dir, 'summary.gif');
    const r = await runMain(['render', SAMPLE, '-o', output, '--width', '640', '--height', '360', '--from', '1', '--to', '3', '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    const frames = expectedFrames(2, 15); // GIF default fps
    expect(summary).toMatchObject({ output, format: 'gif', frames, duration: frames / 15, bytes: statSync(output).size, width: 640, height: 360 });
    expect(summary.fpsAchieved).toBeGreaterThan(0);
    expect(probe(output).frames).toBe(frames);
  });

  it('a render killed midway leaves the previous file byte-identical and no temp files', async () => {
    const out = join(dir, 'killed');
    mkdirSync(out);
    const target = join(out, 'video.mp4');
    writeFileSync(target, 'the previous render');
    const cli = `import { main } from ${JSON.stringify(join(REPO, 'src/cli/main.ts'))}; process.exitCode = await main(process.argv.slice(1));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', cli, '--', 'render', SAMPLE, '-o', target], {
      cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
    // Kill once the encoder has written part of the temp file.
    const deadline = Date.now() + 30_000;
    let tempSeen = false;
    while (Date.now() < deadline) {
      const temp = readdirSync(out).find((n) => n.includes('.tmp-'));
      if (temp && statSync(join(out, temp)).size > 0) { tempSeen = true; break; }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(tempSeen).toBe(true);
    child.kill('SIGTERM');
    const code = await exited;
    expect(code, stderr).toBe(143);
    expect(stderr).toMatch(/interrupted/);
    expect(readFileSync(target, 'utf8')).toBe('the previous render');
    expect(readdirSync(out)).toEqual(['video.mp4']);
  });
});

describe('repainting only the layers that changed', () => {
  /**
   * Draws each time with the renderer's default stage (only what changed is repainted) and with
   * a stage that paints every frame whole, and compares the two frames' bytes.
   */
  async function compareWithFullPaint(timeline: Timeline, times: number[], view = { width: 640, height: 360 }): Promise<{ differing: number[]; repainted: number }> {
    const changed = await createNodeStage(timeline, view);
    const whole = await createNodeStage(timeline, view, { repaint: 'all' });
    const differing: number[] = [];
    for (const [i, t] of times.entries()) {
      changed.draw(t);
      whole.draw(t);
      if (!changed.rgba().equals(whole.rgba())) differing.push(t);
      // Each rgba() is a fresh native buffer, freed from a callback on the event loop.
      if (i % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
    }
    return { differing, repainted: changed.damage!.pixels / (times.length * view.width * view.height) };
  }

  const run = (from: number, to: number, fps: number) => Array.from({ length: Math.round((to - from) * fps) }, (_, n) => from + n / fps);

  async function demoTimes(timeline: Timeline): Promise<number[]> {
    const pass = timeline.cues.find((c) => c.kind === 'conch')!;
    const file = timeline.cues.find((c) => c.kind === 'file')!;
    const times = [
      ...run(Math.max(0, timeline.chapters[0]!.start - 1), timeline.chapters[0]!.start + 1, 30),
      ...run(pass.start - 0.2, pass.end + 0.5, 30),
      ...run(file.start - 0.2, file.start + 1.5, 30),
      ...run(timeline.duration - 3, timeline.duration, 30),
      // Jumps back and forth, as the GIF palette's samples do.
      ...[pass.start + 0.1, 1, timeline.duration / 2, pass.start + 0.1],
    ];
    return times;
  }

  it.runIf(existsSync(`${DEMO}/.koad-io`))('gives the full paint’s pixels on the demo: title card, a conch pass, file writes, the end card', async () => {
    const timeline = buildTimeline(await loadRecording(DEMO));
    const { differing, repainted } = await compareWithFullPaint(timeline, await demoTimes(timeline));
    expect(differing, 'frames that differ from a full paint').toEqual([]);
    // And it does save work: most of a frame is kept.
    expect(repainted).toBeLessThan(0.6);
  });

  it.runIf(existsSync(`${DEMO}/.koad-io`))('gives the full paint’s pixels on the demo in portrait, where the files strip rises from below', async () => {
    const timeline = buildTimeline(await loadRecording(DEMO));
    const { differing, repainted } = await compareWithFullPaint(timeline, await demoTimes(timeline), { width: 360, height: 640 });
    expect(differing, 'frames that differ from a full paint').toEqual([]);
    expect(repainted).toBeLessThan(0.6);
  });

  it('gives the full paint’s pixels on a Claude Code session, start to end', async () => {
    const timeline = buildTimeline(await loadRecording(SAMPLE));
    const { differing } = await compareWithFullPaint(timeline, run(0, timeline.duration, 8));
    expect(differing).toEqual([]);
  });
});
