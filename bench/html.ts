// `npm run bench:html`: our `playback export` against `claude-replay` on every Claude Code
// session in the samples folder, both as the CLI a user runs (a fresh process each time),
// alternating run by run. Prints, per file, the median wall time of each, the ratio, both file
// sizes, and the worst ratio over all files. Target: ours ≤ theirs on every file.
//
// The samples come from $PLAYBACK_SAMPLES (default ../shared/samples). Two larger transcripts
// are made from them, in a temp folder, by appending renumbered copies of real sessions to the
// largest one: the size of long sessions seen in use (about 3.2 and 6 MB).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { concatenated } from './concat-sessions.js';
import { sample } from './samples.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLAUDE_SAMPLES = sample('claude-code');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Only files whose path contains this (e.g. BENCH_ONLY=spotter), to look at one closely. */
const ONLY = process.env.BENCH_ONLY;
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

/** Session transcripts: every .jsonl under the folder except a session's own subagent files,
 * which its reader finds beside it (`<sessionId>/subagents/`). */
function transcripts(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'subagents') out.push(...transcripts(path));
    } else if (entry.name.endsWith('.jsonl')) {
      out.push(path);
    }
  }
  return out.sort();
}

const out = mkdtempSync(join(tmpdir(), 'playback-bench-html-'));
try {
  ensureBuilt();
  const real = transcripts(CLAUDE_SAMPLES);
  // Main sessions only (a subagent's own file is a sidechain): the largest, then the next ones.
  const bySize = real.filter((f) => !basename(f).startsWith('agent-')).sort((a, b) => statSync(b).size - statSync(a).size);
  const synthetic = [
    { name: 'long-3.2MB.jsonl', parts: bySize.slice(0, 4) },
    { name: 'long-6MB.jsonl', parts: [bySize[0]!, bySize[0]!, bySize[1]!] },
  ].map(({ name, parts }) => {
    const path = join(out, name);
    writeFileSync(path, concatenated(parts));
    return path;
  });
  const files = [...real, ...synthetic].filter((f) => !ONLY || f.includes(ONLY));
  const ours = join(out, 'ours.html');
  const theirs = join(out, 'theirs.html');
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  const ms = (n: number): string => `${Math.round(n)} ms`;
  const label = (f: string): string => (f.startsWith(out) ? `(made) ${basename(f)}` : relative(CLAUDE_SAMPLES, f));
  const width = Math.max(...files.map((f) => label(f).length));

  console.log(`samples: ${CLAUDE_SAMPLES}`);
  console.log(`runs: ${RUNS} each, alternating, median; load average before ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('');
  console.log(`${'session'.padEnd(width)}  ${'size'.padStart(9)}  ${'ours'.padStart(7)}  ${'theirs'.padStart(7)}  ratio  ${'CPU ratio'.padStart(9)}  size ratio`);
  const ratios: number[] = [];
  for (const file of files) {
    const oursCmd = [process.execPath, join(ROOT, 'bin', 'playback.cjs'), 'export', file, '-o', ours];
    const theirsCmd = [process.execPath, CLAUDE_REPLAY, file, '-o', theirs];
    // One untimed run each warms the file cache.
    timed(oursCmd);
    try {
      timed(theirsCmd);
    } catch (err) {
      console.log(`${label(file).padEnd(width)}  claude-replay cannot read it: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    const runs = { ours: [] as Run[], theirs: [] as Run[] };
    for (let i = 0; i < RUNS; i++) {
      runs.ours.push(timed(oursCmd));
      runs.theirs.push(timed(theirsCmd));
    }
    const o = { wall: median(runs.ours.map((r) => r.wallMs)), cpu: median(runs.ours.map((r) => r.cpuMs)), size: statSync(ours).size };
    const t = { wall: median(runs.theirs.map((r) => r.wallMs)), cpu: median(runs.theirs.map((r) => r.cpuMs)), size: statSync(theirs).size };
    const ratio = o.wall / t.wall;
    ratios.push(ratio);
    console.log(
      `${label(file).padEnd(width)}  ${kb(statSync(file).size).padStart(9)}  ${ms(o.wall).padStart(7)}  ${ms(t.wall).padStart(7)}  ${ratio.toFixed(2)}  ` +
        `${(o.cpu / t.cpu).toFixed(2).padStart(9)}  ${(o.size / t.size).toFixed(2).padStart(10)}`,
    );
  }
  const worst = Math.max(...ratios);
  console.log('');
  console.log(`worst wall-time ratio ${worst.toFixed(2)} over ${ratios.length} files: ${worst <= 1 ? 'target met' : 'target MISSED'} (≤ 1.00 on every file)`);
  console.log(`load average after ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  // Where our time goes on the largest real session, in one process: a breakdown to act on.
  const largest = bySize[0]!;
  const stages = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const t0 = performance.now();
       const { prepareSession } = await import('${join(ROOT, 'dist/prepare/index.js')}');
       const { playerHtml } = await import('${join(ROOT, 'dist/player/export-html.js')}');
       const t1 = performance.now();
       const { timeline } = await prepareSession(${JSON.stringify(largest)});
       const t2 = performance.now();
       await playerHtml(timeline);
       const t3 = performance.now();
       const r = (x) => Math.round(x) + ' ms';
       console.log('ours by stage on ${basename(largest)}: modules ' + r(t1 - t0) + ', read + redact + timeline ' + r(t2 - t1) + ', html ' + r(t3 - t2));`,
    ],
    { encoding: 'utf8', cwd: dirname(largest) },
  );
  console.log(stages.status === 0 ? stages.stdout.trim() : `(no stage breakdown: ${stages.stderr.trim().split('\n')[0]})`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
