// `npm run bench:scene`: what one 1280x720 frame of the scene costs in Node (Skia), the budget
// the video renderer lives in. Frames are drawn in order at 30 fps, as the renderer draws them,
// and each is flushed (a 1-pixel read forces Skia to raster). A plain reference frame (background
// plus 60 lines of text) is measured in the same run, so the ratio holds on a noisy machine.
import { fileURLToPath } from 'node:url';
import { loadRecording } from '../src/prepare/index.js';
import { createNodeStage } from '../src/render/node-host.js';
import { timelineFor } from '../src/timeline/index.js';
import { sample } from './samples.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const VIEW = { width: 1280, height: 720 };
const FRAMES = Number(process.env.BENCH_FRAMES ?? 1800);

const sources = [
  { name: 'demo party', path: `${ROOT}examples/party-demo` },
  { name: 'large Claude Code session (1,593 lines)', path: sample('claude-code', 'spotter', '8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl') },
];

function stats(ms: number[]): { median: number; p95: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.floor(s.length * 0.95)]! };
}

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const source of sources) {
    const timeline = await timelineFor(await loadRecording(source.path));
    // Whole paints: the reference below draws over the same canvas between frames, which a
    // stage repainting only what changed would not see.
    const stage = await createNodeStage(timeline, VIEW, { repaint: 'all' });
    const flush = () => stage.ctx.getImageData(0, 0, 1, 1);
    // Spread the frames over the whole timeline in runs of consecutive frames.
    const runs = 6;
    const perRun = Math.floor(FRAMES / runs);
    const scene: number[] = [];
    const reference: number[] = [];
    for (let r = 0; r < runs; r++) {
      const from = (timeline.duration * r) / runs;
      for (let i = 0; i < perRun; i++) {
        const t0 = performance.now();
        stage.draw(from + i / 30);
        flush();
        scene.push(performance.now() - t0);
        const t1 = performance.now();
        drawReference(stage.ctx, i);
        flush();
        reference.push(performance.now() - t1);
      }
    }
    const s = stats(scene);
    const ref = stats(reference);
    rows.push(
      `${source.name.padEnd(42)} ${s.median.toFixed(2).padStart(7)} ${s.p95.toFixed(2).padStart(7)}   ${ref.median.toFixed(2).padStart(7)}   ${(s.median / ref.median).toFixed(2).padStart(6)}x`,
    );
  }
  console.log(`scene draw per ${VIEW.width}x${VIEW.height} frame, ${FRAMES} frames per source (ms)\n`);
  console.log(`${'source'.padEnd(42)} ${'median'.padStart(7)} ${'p95'.padStart(7)}   ${'ref med'.padStart(7)}   ${'ratio'.padStart(7)}`);
  for (const r of rows) console.log(r);
  console.log('\nref = background + 60 lines of text in the same run; target: scene median <= 4 ms');
}

function drawReference(ctx: import('@napi-rs/canvas').SKRSContext2D, i: number): void {
  ctx.fillStyle = '#0d1117';
  ctx.fillRect(0, 0, VIEW.width, VIEW.height);
  ctx.fillStyle = '#e6edf3';
  ctx.font = '400 17px "PM Sans"';
  for (let k = 0; k < 60; k++) ctx.fillText(`Reference line ${k} of frame ${i}: the quick brown fox`, 20 + (k % 2) * 640, 20 + (k >> 1) * 23);
}

await main();
