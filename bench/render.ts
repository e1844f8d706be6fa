// `npm run bench:render`: how close rendering runs to the encoder's own limit on this machine.
// 1. render a fixed stretch of the demo (300 frames, 1280x720@30) to MP4, as `playback render` does;
// 2. draw the same frames into memory (drawing alone);
// 3. feed those pre-made frames to ffmpeg with the same encoder settings (encoding alone).
// Prints the three rates, render/encoder (target >= 0.85) and the render's peak RSS.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRecording } from '../src/ingest/index.js';
import { buildTimeline } from '../src/timeline/index.js';
import { encodeArgs, ffmpegVersion, findFfmpeg, type EncodeSettings } from '../src/render/ffmpeg.js';
import { createNodeStage } from '../src/render/node-host.js';
import { frameTime, renderVideo } from '../src/render/render-video.js';

const FRAMES = 300;
const WIDTH = 1280;
const HEIGHT = 720;
const FPS = 30;
/** Where the stretch starts: past the title card, into the turns. */
const FROM_SECONDS = 20;

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
  const timeline = buildTimeline(recording);
  const from = Math.max(0, Math.min(FROM_SECONDS, timeline.duration - FRAMES / FPS));
  const to = from + FRAMES / FPS;
  const ffmpeg = findFfmpeg();
  const settings: EncodeSettings = { format: 'mp4', width: WIDTH, height: HEIGHT, fps: FPS };
  const dir = mkdtempSync(join(tmpdir(), 'playback-bench-render-'));

  console.log(`source   ${source}${source === FALLBACK ? ' (the demo party is not there yet)' : ''}`);
  console.log(`stretch  ${from.toFixed(1)}-${to.toFixed(1)} s of ${timeline.duration.toFixed(1)} s: ${FRAMES} frames, ${WIDTH}x${HEIGHT}@${FPS}`);
  console.log(`ffmpeg   ${ffmpeg.path} (${ffmpeg.from}) ${ffmpegVersion(ffmpeg.path)}`);
  console.log(`machine  ${cpus().length} cores, ${cpus()[0]?.model ?? ''}`);
  try {
    // 1. The real pipeline. Peak RSS is read right after, before the in-memory frames below inflate it.
    const result = await renderVideo({ timeline, output: join(dir, 'render.mp4'), width: WIDTH, height: HEIGHT, fps: FPS, from, to });
    const renderFps = result.frames / result.elapsed;
    const peakRss = process.resourceUsage().maxRSS * 1024;

    // 2. Drawing alone, keeping every frame for step 3.
    const stage = await createNodeStage(timeline, { width: WIDTH, height: HEIGHT });
    const frames: Buffer[] = [];
    const drawStart = performance.now();
    for (let n = 0; n < FRAMES; n++) {
      stage.draw(frameTime(from, n, FPS));
      frames.push(stage.rgba());
    }
    const drawFps = FRAMES / ((performance.now() - drawStart) / 1000);

    // 3. Encoding alone: the same frames, the same arguments, from memory.
    const encodeSeconds = await encodeFromMemory(ffmpeg.path, settings, frames, join(dir, 'encoder.mp4'));
    const encodeFps = FRAMES / encodeSeconds;

    const ratio = renderFps / encodeFps;
    console.log('');
    console.log(`render (draw + encode)  ${renderFps.toFixed(1)} fps  (${result.elapsed.toFixed(2)} s, ${(statSync(result.output).size / 1024).toFixed(0)} kB)`);
    console.log(`draw alone              ${drawFps.toFixed(1)} fps`);
    console.log(`ffmpeg alone            ${encodeFps.toFixed(1)} fps  (${encodeSeconds.toFixed(2)} s)`);
    console.log(`ratio render/encoder    ${ratio.toFixed(2)}  (target >= 0.85: ${ratio >= 0.85 ? 'met' : 'NOT met'})`);
    console.log(`peak RSS (render)       ${mb(peakRss)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
