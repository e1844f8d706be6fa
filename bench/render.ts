// `npm run bench:render`: how close rendering runs to the encoder's own limit on this machine.
// 1. render a fixed stretch of the demo (300 frames, 1280x720@30) to MP4, as `playback render` does
//    (the built code in dist/);
// 2. draw the same frames into memory (drawing alone);
// 3. feed those pre-made frames to ffmpeg with the same encoder settings (encoding alone).
// Prints the three rates, render/encoder (target >= 0.85) and the render's peak RSS.
// Each measurement runs ROUNDS times, interleaved, and the best counts: on a shared machine the
// best run is the one least disturbed by other work. The load average is printed for context.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EncodeSettings } from '../src/render/ffmpeg.js';

// The built modules, as `playback render` runs them: under tsx the drawing thread would first
// have to load a TypeScript compiler, a start-up cost no user pays (`npm run bench:render`
// builds first).
const { loadRecording } = (await import('../dist/ingest/index.js')) as typeof import('../src/ingest/index.js');
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

const DEMO = fileURLToPath(new URL('../examples/party-demo', import.meta.url));
const FALLBACK = fileURLToPath(new URL('../../shared/samples/claude-code/spotter/tool_heavy.jsonl', import.meta.url));

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
  const source = existsSync(DEMO) ? DEMO : FALLBACK;
  const recording = await loadRecording(source);
  const timeline = await timelineFor(recording);
  const from = Math.max(0, Math.min(FROM_SECONDS, timeline.duration - FRAMES / FPS));
  const to = from + FRAMES / FPS;
  const ffmpeg = findFfmpeg();
  const settings: EncodeSettings = { format: 'mp4', width: WIDTH, height: HEIGHT, fps: FPS };
  const dir = mkdtempSync(join(tmpdir(), 'playback-bench-render-'));

  console.log(`source   ${source}${source === FALLBACK ? ' (the demo party is not there yet)' : ''}`);
  console.log(`stretch  ${from.toFixed(1)}-${to.toFixed(1)} s of ${timeline.duration.toFixed(1)} s: ${FRAMES} frames, ${WIDTH}x${HEIGHT}@${FPS}`);
  console.log(`ffmpeg   ${ffmpeg.path} (${ffmpeg.from}) ${ffmpegVersion(ffmpeg.path)}`);
  console.log(`machine  ${cpus().length} cores, ${cpus()[0]?.model ?? ''}`);
  console.log(`load     ${loadavg().map((l) => l.toFixed(1)).join(' ')} (1/5/15 min)`);
  try {
    // Peak RSS is read after the real renders, before the in-memory frames below inflate it.
    let renderFps = 0;
    let workerFps = 0;
    let bytes = 0;
    const renders: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const drawOn of ['main', 'worker'] as const) {
        const result = await renderVideo({ timeline, output: join(dir, `render-${drawOn}.mp4`), width: WIDTH, height: HEIGHT, fps: FPS, from, to, drawOn });
        const fps = result.frames / result.elapsed;
        renders.push(`${drawOn} ${fps.toFixed(1)}`);
        if (drawOn === 'main') {
          renderFps = Math.max(renderFps, fps);
          bytes = result.bytes;
        } else workerFps = Math.max(workerFps, fps);
      }
    }
    const peakRss = process.resourceUsage().maxRSS * 1024;

    // Drawing alone, keeping every frame for the encoder-alone runs.
    const stage = await createNodeStage(timeline, { width: WIDTH, height: HEIGHT });
    const frames: Buffer[] = [];
    const drawStart = performance.now();
    for (let n = 0; n < FRAMES; n++) {
      stage.draw(frameTime(from, n, FPS));
      frames.push(stage.rgba());
    }
    const drawFps = FRAMES / ((performance.now() - drawStart) / 1000);
    const repainted = stage.damage ? stage.damage.pixels / (stage.damage.frames * WIDTH * HEIGHT) : 1;

    // Encoding alone: the same frames, the same arguments, from memory.
    let encodeFps = 0;
    const encodes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const fps = FRAMES / (await encodeFromMemory(ffmpeg.path, settings, frames, join(dir, 'encoder.mp4')));
      encodes.push(fps.toFixed(1));
      encodeFps = Math.max(encodeFps, fps);
    }

    const ratio = renderFps / encodeFps;
    console.log('');
    console.log(`render (draw + encode)  ${renderFps.toFixed(1)} fps  best of ${ROUNDS}; drawing on the main thread, the default (${(bytes / 1024).toFixed(0)} kB)`);
    console.log(`  drawing on a worker   ${workerFps.toFixed(1)} fps  (runs: ${renders.join(', ')})`);
    console.log(`draw alone              ${drawFps.toFixed(1)} fps  (keeping all ${FRAMES} frames for the encoder-alone runs; ${(repainted * 100).toFixed(1)}% of the pixels repainted a frame)`);
    console.log(`ffmpeg alone            ${encodeFps.toFixed(1)} fps  best of ${ROUNDS} (runs: ${encodes.join(', ')})`);
    console.log(`ratio render/encoder    ${ratio.toFixed(2)}  (target >= 0.85: ${ratio >= 0.85 ? 'met' : 'NOT met'})`);
    console.log(`peak RSS (render)       ${mb(peakRss)}`);
    console.log(`load     ${loadavg().map((l) => l.toFixed(1)).join(' ')} (1/5/15 min)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
