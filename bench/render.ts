// `npm run bench:render`: how close rendering runs to the encoder's own limit on this machine.
// 1. render a fixed stretch of the demo (300 frames, 1280x720@30) to MP4, as `playback render` does
//    (the built code in dist/);
// 2. draw the same frames into memory (drawing alone);
// 3. feed those pre-made frames to ffmpeg with the same encoder settings (encoding alone), all of
//    them, raw: what the encoder costs for this many frames. The render sends a frame that
//    repeats the one before only as a timestamp, and says how many it sent.
// Prints the three rates, render/encoder (target >= 0.85) and the render's peak RSS; then the
// same render/encoder ratio for a 1080x1920 portrait stretch (PORTRAIT_FRAMES frames).
// Each measurement runs ROUNDS times, interleaved. The ratio is given two ways: the best render
// against the best encoder run (on a shared machine the best run is the least disturbed one),
// and the median of each round's own ratio. The load average is printed for context.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EncodeSettings } from '../src/render/ffmpeg.js';
import { sample } from './samples.js';

// The built modules, as `playback render` runs them: under tsx the drawing thread would first
// have to load a TypeScript compiler, a start-up cost no user pays (`npm run bench:render`
// builds first).
const { loadRecording } = (await import('../dist/prepare/index.js')) as typeof import('../src/prepare/index.js');
const { timelineFor } = (await import('../dist/timeline/index.js')) as typeof import('../src/timeline/index.js');
const { encodeArgs, ffmpegVersion, findFfmpeg } = (await import('../dist/render/ffmpeg.js')) as typeof import('../src/render/ffmpeg.js');
const { createNodeStage } = (await import('../dist/render/node-host.js')) as typeof import('../src/render/node-host.js');
const { frameTime } = (await import('../dist/render/frames.js')) as typeof import('../src/render/frames.js');
const { renderVideo } = (await import('../dist/render/render-video.js')) as typeof import('../src/render/render-video.js');

const FRAMES = 300;
const WIDTH = 1280;
const HEIGHT = 720;
const FPS = 30;
/** Where the stretch starts: past the title card, into the turns. */
const FROM_SECONDS = 30;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The portrait stretch: shorter, since ffmpeg alone gets its frames from memory (8 MB each). */
const PORTRAIT = { width: 1080, height: 1920 };
const PORTRAIT_FRAMES = 90;

const DEMO = fileURLToPath(new URL('../examples/party-demo', import.meta.url));

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

async function encodeFromMemory(ffmpeg: string, settings: EncodeSettings, frames: Buffer[], output: string): Promise<number> {
  const started = performance.now();
  const child = spawn(ffmpeg, encodeArgs(settings, output), { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  const closed = new Promise<number | null>((res) => child.on('close', res));
  for (const frame of frames) {
    if (!child.stdin.write(frame)) await new Promise((res) => child.stdin.once('drain', res));
  }
  child.stdin.end();
  const code = await closed;
  if (code !== 0) throw new Error(`ffmpeg failed (${code}): ${stderr}`);
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const fallback = !existsSync(DEMO);
  const source = fallback ? sample('claude-code', 'spotter', 'tool_heavy.jsonl') : DEMO;
  const recording = await loadRecording(source);
  const timeline = await timelineFor(recording);
  const from = Math.max(0, Math.min(FROM_SECONDS, timeline.duration - FRAMES / FPS));
  const to = from + FRAMES / FPS;
  const ffmpeg = findFfmpeg();
  const settings: EncodeSettings = { format: 'mp4', width: WIDTH, height: HEIGHT, fps: FPS };
  const dir = mkdtempSync(join(tmpdir(), 'playback-bench-render-'));

  console.log(`source   ${source}${fallback ? ' (the demo party is not there yet)' : ''}`);
  console.log(`stretch  ${from.toFixed(1)}-${to.toFixed(1)} s of ${timeline.duration.toFixed(1)} s: ${FRAMES} frames, ${WIDTH}x${HEIGHT}@${FPS}`);
  console.log(`ffmpeg   ${ffmpeg.path} (${ffmpeg.from}) ${ffmpegVersion(ffmpeg.path)}`);
  console.log(`machine  ${cpus().length} cores, ${cpus()[0]?.model ?? ''}`);
  console.log(`load     ${loadavg().map((l) => l.toFixed(1)).join(' ')} (1/5/15 min)`);
  try {
    const render = (drawOn: 'main' | 'worker') =>
      renderVideo({ timeline, output: join(dir, `render-${drawOn}.mp4`), width: WIDTH, height: HEIGHT, fps: FPS, from, to, drawOn });
    // One render first, for its peak RSS before the in-memory frames below inflate it.
    const first = await render('main');
    const peakRss = process.resourceUsage().maxRSS * 1024;

    // Drawing alone: each frame drawn and read out into one buffer, as the render does.
    const stage = await createNodeStage(timeline, { width: WIDTH, height: HEIGHT });
    const pixels = Buffer.alloc(WIDTH * HEIGHT * 4);
    const drawStart = performance.now();
    for (let n = 0; n < FRAMES; n++) {
      stage.draw(frameTime(from, n, FPS));
      stage.copyRgba(pixels);
    }
    const drawFps = FRAMES / ((performance.now() - drawStart) / 1000);
    const repainted = stage.damage ? stage.damage.pixels / (stage.damage.frames * WIDTH * HEIGHT) : 1;
    // Every frame kept, for the encoder-alone runs.
    const frames: Buffer[] = [];
    for (let n = 0; n < FRAMES; n++) {
      stage.draw(frameTime(from, n, FPS));
      frames.push(stage.rgba());
    }

    // Rounds of: render (main thread), render (worker), ffmpeg alone on the same frames from
    // memory, back to back, so each round's three runs share the machine's load of the moment.
    const rounds: Array<{ main: number; worker: number; encoder: number }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const main = await render('main');
      const worker = await render('worker');
      const encoder = FRAMES / (await encodeFromMemory(ffmpeg.path, settings, frames, join(dir, 'encoder.mp4')));
      rounds.push({ main: main.frames / main.elapsed, worker: worker.frames / worker.elapsed, encoder });
    }
    const best = (k: 'main' | 'worker' | 'encoder') => Math.max(...rounds.map((r) => r[k]));
    const ratios = rounds.map((r) => r.main / r.encoder).sort((a, b) => a - b);
    const median = ratios[Math.floor((ratios.length - 1) / 2)]!;
    const ratio = best('main') / best('encoder');
    const runs = (k: 'main' | 'worker' | 'encoder') => rounds.map((r) => r[k].toFixed(1)).join(', ');
    console.log('');
    console.log(`render (draw + encode)  ${best('main').toFixed(1)} fps  best of ${ROUNDS} (runs: ${runs('main')}); drawing on the main thread, the default (${(first.bytes / 1024).toFixed(0)} kB)`);
    console.log(`  frames sent to ffmpeg ${first.framesSent} of ${FRAMES}: the others repeat the frame before (ffmpeg alone below gets all ${FRAMES})`);
    console.log(`  drawing on a worker   ${best('worker').toFixed(1)} fps  (runs: ${runs('worker')})`);
    console.log(`draw alone              ${drawFps.toFixed(1)} fps  (${(repainted * 100).toFixed(1)}% of the pixels repainted a frame)`);
    console.log(`ffmpeg alone            ${best('encoder').toFixed(1)} fps  best of ${ROUNDS} (runs: ${runs('encoder')})`);
    console.log(`ratio render/encoder    ${ratio.toFixed(2)} best against best; ${median.toFixed(2)} the median of the rounds' own ratios (${ratios.map((r) => r.toFixed(2)).join(', ')})`);
    console.log(`                        target >= 0.85: ${ratio >= 0.85 ? 'met' : 'NOT met'} best against best, ${median >= 0.85 ? 'met' : 'NOT met'} by the median`);
    console.log(`peak RSS (render)       ${mb(peakRss)}`);
    frames.length = 0;
    await portraitRatio(timeline, from, ffmpeg.path, dir);
    console.log(`load     ${loadavg().map((l) => l.toFixed(1)).join(' ')} (1/5/15 min)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** render/encoder at 1080x1920: the portrait short's shape, four times the pixels of 720p less a little. */
async function portraitRatio(timeline: Awaited<ReturnType<typeof timelineFor>>, from: number, ffmpeg: string, dir: string): Promise<void> {
  const { width, height } = PORTRAIT;
  const to = from + PORTRAIT_FRAMES / FPS;
  const settings: EncodeSettings = { format: 'mp4', width, height, fps: FPS };
  const stage = await createNodeStage(timeline, { width, height });
  // A frame that repeats the one before is the same buffer: memory for the changed frames only.
  const frames: Buffer[] = [];
  for (let n = 0; n < PORTRAIT_FRAMES; n++) {
    const changed = stage.draw(frameTime(from, n, FPS));
    frames.push(changed || !frames.length ? stage.rgba() : frames[frames.length - 1]!);
  }
  const rounds: Array<{ render: number; encoder: number }> = [];
  for (let round = 0; round < ROUNDS; round++) {
    const r = await renderVideo({ timeline, output: join(dir, 'portrait.mp4'), width, height, fps: FPS, from, to });
    const encoder = PORTRAIT_FRAMES / (await encodeFromMemory(ffmpeg, settings, frames, join(dir, 'portrait-encoder.mp4')));
    rounds.push({ render: r.frames / r.elapsed, encoder });
  }
  const best = (k: 'render' | 'encoder') => Math.max(...rounds.map((r) => r[k]));
  const ratios = rounds.map((r) => r.render / r.encoder).sort((a, b) => a - b);
  const median = ratios[Math.floor((ratios.length - 1) / 2)]!;
  console.log('');
  console.log(`portrait ${width}x${height}@${FPS}, ${PORTRAIT_FRAMES} frames from ${from.toFixed(1)} s`);
  console.log(`render (draw + encode)  ${best('render').toFixed(1)} fps  (runs: ${rounds.map((r) => r.render.toFixed(1)).join(', ')})`);
  console.log(`ffmpeg alone            ${best('encoder').toFixed(1)} fps  (runs: ${rounds.map((r) => r.encoder.toFixed(1)).join(', ')})`);
  console.log(`ratio render/encoder    ${(best('render') / best('encoder')).toFixed(2)} best against best; ${median.toFixed(2)} the median of the rounds' own ratios`);
}

await main();
