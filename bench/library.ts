// `npm run bench:library`: how fast the library turns sessions into kits on this machine.
// A library of 20+ sessions (the demo parties, the opencode and Claude Code samples, and
// generated Claude Code transcripts) is built four ways, each from empty, by the built CLI:
//   1. `library build --jobs 1` (whole kits, then the video alone)   2. `library build --jobs 2`
//   3. `library build --queue` with two `library worker`s on a local redis-server
//   4. `playback render` of each session, one after the other (the video only: a floor)
// and reports sessions per minute and video-seconds rendered per wall second for each, the
// ratio of each library run to the one-by-one renders, the queue's throughput against the
// local pool's at the same parallelism (target >= 0.9), and the time of a re-run with nothing
// new (target <= 2 s for 20 sessions).
// Clips are BENCH_TO seconds (default 20) at 640x360 and BENCH_FPS (default 15).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedis, writeTranscript } from '../test/helpers/library.js';
import type { LibraryIndex } from '../src/library/gallery.js';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(REPO, 'bin/playback.cjs');
const SAMPLES = fileURLToPath(new URL('../../shared/samples/', import.meta.url));
const TO = process.env.BENCH_TO ?? '20';
const FPS = process.env.BENCH_FPS ?? '15';
const RENDER = ['--width', '640', '--height', '360', '--fps', FPS, '--to', TO, '--short-length', TO];
const GENERATED = 6;

interface Run { code: number; stdout: string; stderr: string; seconds: number }

function run(args: string[]): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, seconds: (performance.now() - started) / 1000 }));
  });
}

const root = mkdtempSync(join(tmpdir(), 'bench-library-'));
const projects = join(root, 'projects');
for (let i = 1; i <= GENERATED; i++) {
  writeTranscript(join(projects, '-bench'), {
    id: `bench000-0000-4000-8000-${String(i).padStart(12, '0')}`, title: `Generated session ${i}`,
    turns: Array.from({ length: 1 + i }, (_, t) => ({ prompt: `Step ${t + 1} of task ${i}: what next?`, reply: `Here is step ${t + 1}. `.repeat(8 + t * 3) })),
  });
}
const sources = [
  join(REPO, 'examples/party-demo'), join(REPO, 'examples/party-demo-violations'),
  join(SAMPLES, 'opencode'), join(SAMPLES, 'claude-code/spotter'), join(SAMPLES, 'claude-code/claude-code-log'), projects,
];

interface Summary { found: number; rendered: number; failed: number; skipped: number; videoSeconds: number; seconds: number }

async function build(name: string, extra: string[]): Promise<{ name: string; wall: number; summary: Summary; out: string }> {
  const out = join(root, name);
  const r = await run(['library', 'build', ...sources, '--out', out, ...RENDER, ...extra, '--json']);
  if (r.code !== 0 && r.code !== 1) throw new Error(`${name}: exit ${r.code}\n${r.stderr}`);
  const summary = JSON.parse(r.stdout) as Summary;
  console.log(`${name}: ${summary.rendered} kits, ${summary.failed} failed in ${r.seconds.toFixed(1)} s`);
  return { name, wall: r.seconds, summary, out };
}

console.log(`bench:library: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; clips ${TO} s at 640x360, ${FPS} fps`);
try {
  const one = await build('jobs-1', ['--jobs', '1']);
  // Like for like with `playback render`: the video alone.
  const mp4 = await build('jobs-1-mp4', ['--jobs', '1', '--parts', 'mp4']);
  const two = await build('jobs-2', ['--jobs', '2']);

  const redis = await startRedis();
  const workers: ChildProcess[] = [];
  let queued: Awaited<ReturnType<typeof build>>;
  try {
    const out = join(root, 'queue');
    for (let i = 0; i < 2; i++) workers.push(spawn(process.execPath, [BIN, 'library', 'worker', '--queue', redis.url, '--out', out], { stdio: 'ignore' }));
    await new Promise((r) => setTimeout(r, 1500));
    queued = await build('queue', ['--queue', redis.url]);
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
    await redis.stop();
  }

  // The same sessions one by one with `playback render`.
  const index = JSON.parse(readFileSync(join(one.out, 'library.json'), 'utf8')) as LibraryIndex;
  let renderWall = 0;
  let renders = 0;
  for (const s of index.sessions.filter((e) => e.status === 'ok')) {
    const m = /^(.*) \((ses_[A-Za-z0-9]+)\)$/.exec(s.source ?? '');
    const args = m ? [m[1]!, '--session', m[2]!] : [s.source!];
    const r = await run(['render', ...args, '-o', join(root, `one-by-one-${s.id}.mp4`), ...RENDER]);
    if (r.code !== 0) throw new Error(`render ${s.id}: ${r.stderr}`);
    renderWall += r.seconds;
    renders++;
  }
  console.log(`one by one: ${renders} renders in ${renderWall.toFixed(1)} s`);

  const rerun = await run(['library', 'build', ...sources, '--out', one.out, ...RENDER, '--jobs', '1', '--json']);
  const rerunSummary = JSON.parse(rerun.stdout) as Summary;

  const video = one.summary.videoSeconds;
  const row = (name: string, sessions: number, wall: number, videoSeconds: number) =>
    `${name.padEnd(22)} ${(sessions / (wall / 60)).toFixed(1).padStart(7)} sessions/min ${(videoSeconds / wall).toFixed(2).padStart(7)} video-s/s  ${(renderWall / wall).toFixed(2)}x one-by-one`;
  console.log('');
  console.log(`${one.summary.rendered} sessions, ${video.toFixed(0)} s of video`);
  console.log(row('library --jobs 1', one.summary.rendered, one.wall, one.summary.videoSeconds));
  console.log(row('library --jobs 1, mp4', mp4.summary.rendered, mp4.wall, mp4.summary.videoSeconds));
  console.log(row('library --jobs 2', two.summary.rendered, two.wall, two.summary.videoSeconds));
  console.log(row('queue, 2 workers', queued!.summary.rendered, queued!.wall, queued!.summary.videoSeconds));
  console.log(row('playback render 1-by-1', renders, renderWall, video));
  console.log(`queue / local pool (2 at a time): ${(two.wall / queued!.wall).toFixed(2)} (target >= 0.9)`);
  console.log(`re-run with nothing new: ${rerun.seconds.toFixed(2)} s for ${rerunSummary.skipped} sessions, ${rerunSummary.rendered} made (target <= 2 s for 20)`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
