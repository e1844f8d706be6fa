// `npm run bench:html`: our `playback export` against `claude-replay` on the same real Claude
// Code session, both as the CLI a user runs (a fresh process each time), several runs each,
// alternating. Prints the median wall time, the CPU time (user + sys), both file sizes and the
// ratios. Target: ours ≤ theirs on time and on size.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sample } from './samples.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SESSION = sample('claude-code', 'spotter', '8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CLAUDE_REPLAY = join(ROOT, 'node_modules', 'claude-replay', 'bin', 'claude-replay.mjs');

interface Run {
  wallMs: number;
  cpuMs: number;
}

/** Run a command under bash's `times`-style accounting: wall clock and the child's CPU. */
function timed(argv: string[]): Run {
  const script = `start=$(date +%s%N); "$@" >/dev/null 2>&1 || exit $?; end=$(date +%s%N); echo $(( (end-start)/1000000 )); times`;
  const r = spawnSync('bash', ['-c', script, 'bench', ...argv], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  const wallMs = Number(lines[0]);
  // `times` prints the shell's, then its children's, user and system time: "0m0.123s 0m0.045s".
  const child = lines[2]!.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/)!;
  const cpuMs = (Number(child[1]) * 60 + Number(child[2]) + Number(child[3]) * 60 + Number(child[4])) * 1000;
  return { wallMs, cpuMs };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function ensureBuilt(): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ROOT], { stdio: 'inherit' });
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build.ts')], { stdio: 'inherit', cwd: ROOT });
}

const out = mkdtempSync(join(tmpdir(), 'playback-bench-html-'));
try {
  ensureBuilt();
  const ours = join(out, 'ours.html');
  const theirs = join(out, 'theirs.html');
  const oursCmd = [process.execPath, join(ROOT, 'bin', 'playback.js'), 'export', SESSION, '-o', ours];
  const theirsCmd = [process.execPath, CLAUDE_REPLAY, SESSION, '-o', theirs];
  // One untimed run each warms the file cache.
  timed(oursCmd);
  timed(theirsCmd);
  const runs = { ours: [] as Run[], theirs: [] as Run[] };
  for (let i = 0; i < RUNS; i++) {
    runs.ours.push(timed(oursCmd));
    runs.theirs.push(timed(theirsCmd));
  }
  const o = { wall: median(runs.ours.map((r) => r.wallMs)), cpu: median(runs.ours.map((r) => r.cpuMs)), size: statSync(ours).size };
  const t = { wall: median(runs.theirs.map((r) => r.wallMs)), cpu: median(runs.theirs.map((r) => r.cpuMs)), size: statSync(theirs).size };
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  const ms = (n: number): string => `${Math.round(n)} ms`;
  const verdict = (ok: boolean): string => (ok ? 'target met' : 'target MISSED');
  console.log(`session: ${SESSION} (${kb(statSync(SESSION).size)})`);
  console.log(`runs: ${RUNS} each, median; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('');
  console.log(`                 ${'playback export'.padStart(16)} ${'claude-replay'.padStart(16)}   ratio`);
  console.log(`wall time        ${ms(o.wall).padStart(16)} ${ms(t.wall).padStart(16)}   ${(o.wall / t.wall).toFixed(2)}  ${verdict(o.wall <= t.wall)}`);
  console.log(`CPU (user+sys)   ${ms(o.cpu).padStart(16)} ${ms(t.cpu).padStart(16)}   ${(o.cpu / t.cpu).toFixed(2)}`);
  console.log(`file size        ${kb(o.size).padStart(16)} ${kb(t.size).padStart(16)}   ${(o.size / t.size).toFixed(2)}  ${verdict(o.size <= t.size)}`);
  // Where our time goes, in one process: a breakdown to act on.
  const stages = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const t0 = performance.now();
       const { loadRecording } = await import('${join(ROOT, 'dist/ingest/index.js')}');
       const { timelineFor } = await import('${join(ROOT, 'dist/timeline/index.js')}');
       const { redactDeep } = await import('${join(ROOT, 'dist/util/redact.js')}');
       const { playerHtml } = await import('${join(ROOT, 'dist/player/export-html.js')}');
       const t1 = performance.now();
       const rec = await loadRecording(${JSON.stringify(SESSION)});
       const t2 = performance.now();
       const clean = redactDeep(rec, { patterns: true });
       const t3 = performance.now();
       const tl = await timelineFor(clean);
       const t4 = performance.now();
       await playerHtml(tl);
       const t5 = performance.now();
       const r = (x) => Math.round(x) + ' ms';
       console.log('ours by stage: modules ' + r(t1 - t0) + ', read ' + r(t2 - t1) + ', redact ' + r(t3 - t2) + ', timeline ' + r(t4 - t3) + ', html ' + r(t5 - t4));`,
    ],
    { encoding: 'utf8' },
  );
  console.log(stages.trim());
} finally {
  rmSync(out, { recursive: true, force: true });
}
