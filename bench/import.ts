// `npm run bench:import`: import throughput and memory on ≥100 MB inputs built from the real samples.
//
// For each format, two child processes read the same file (so each peak RSS is clean):
//   baseline: the bare minimum, JSON.parse of every line (Claude Code JSONL) or of the whole
//             document (an opencode export is one JSON value), keeping nothing;
//   import:   our reader, through the same loadRecording() the CLI uses.
// ratio = import MB/s ÷ baseline MB/s. Targets: ratio ≥ 0.5, import peak RSS ≤ 2 × input.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sample } from './samples.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGET_BYTES = 100 * 1024 * 1024;
const MB = 1024 * 1024;

// ---------- building the inputs ----------

const UUID = /\b([0-9a-f]{8})-([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g;

/** Claude Code: the real transcripts end to end, repeated; each copy gets fresh ids and hangs under the previous one. */
function buildClaudeCode(out: string): void {
  const files = ['8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl', 'subagent.jsonl', 'tool_heavy.jsonl', 'short.jsonl'];
  const originals = files.map((f) => readFileSync(sample('claude-code', 'spotter', f), 'utf8').trimEnd());
  const fd = openSync(out, 'w');
  let written = 0;
  let lastUuid: string | undefined;
  for (let copy = 0; written < TARGET_BYTES; copy++) {
    for (const [i, text] of originals.entries()) {
      const tag = `${copy.toString(16).padStart(5, '0')}${i.toString(16).padStart(3, '0')}`;
      let body = text
        .replace(UUID, (_m, _head: string, tail: string) => `${tag}-${tail}`)
        .replace(/"(msg|req|toolu|agent_msg)_/g, `"$1_${tag}`)
        .replace(/"agentId":"([0-9a-f]+)"/g, `"agentId":"$1${tag}"`);
      // Chain each copy under the last line of the one before, as one long session would be.
      if (lastUuid) body = body.replace('"parentUuid":null', `"parentUuid":"${lastUuid}"`);
      const uuids = body.match(/"uuid":"([^"]+)"/g);
      if (uuids?.length) lastUuid = uuids[uuids.length - 1]!.slice(8, -1);
      written += writeSync(fd, `${body}\n`);
    }
  }
  closeSync(fd);
}

/** opencode: the largest real export, its messages repeated with fresh ids, written as opencode writes it. */
function buildOpencodeExport(out: string): void {
  const source = JSON.parse(readFileSync(sample('opencode', 'session__curious-sailor__ses_39b7f9e89ffe7J0WzLzYrUt4eW.json'), 'utf8')) as {
    info: unknown;
    messages: unknown[];
  };
  const one = JSON.stringify(source.messages);
  // Size as written: pretty-printed, two more levels of indent inside "messages".
  const copyBytes = Buffer.byteLength(JSON.stringify({ messages: source.messages }, null, 2));
  const copies = Math.ceil(TARGET_BYTES / copyBytes) + 1;
  const messages: unknown[] = [];
  for (let copy = 0; copy < copies; copy++) {
    const tag = copy.toString(36).padStart(4, '0');
    // Keep ids sorted and distinct: rewrite the 14-char random tail of msg_/prt_ ids.
    messages.push(...(JSON.parse(one.replace(/"(msg|prt)_([0-9a-f]{12})[0-9A-Za-z]{4}/g, `"$1_$2${tag}`)) as unknown[]));
  }
  const fd = openSync(out, 'w');
  writeSync(fd, JSON.stringify({ info: source.info, messages }, null, 2));
  closeSync(fd);
}

// ---------- the measured work (in a child process) ----------

/**
 * The child, plain JavaScript run by plain node, reading through the compiled reader (dist/), as
 * `playback` does: no TypeScript loader in the measured process. Modules load before the clock.
 */
const CHILD_SOURCE = `
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
const [mode, path, dist] = process.argv.slice(2);
const { loadRecording } = await import(dist);

function bareJsonLines(path) {
  const fd = openSync(path, 'r');
  const chunk = Buffer.allocUnsafe(1 << 20);
  let carry = Buffer.alloc(0);
  let lines = 0;
  for (let n = readSync(fd, chunk, 0, chunk.length, null); n > 0; n = readSync(fd, chunk, 0, chunk.length, null)) {
    const buf = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      if (nl > start) { JSON.parse(buf.toString('utf8', start, nl)); lines++; }
      start = nl + 1;
    }
    carry = Buffer.from(buf.subarray(start));
  }
  if (carry.length) JSON.parse(carry.toString('utf8'));
  closeSync(fd);
  return lines;
}

const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
let detail = '';
if (mode === 'baseline-lines') detail = bareJsonLines(path) + ' lines';
else if (mode === 'baseline-document') detail = JSON.parse(readFileSync(path, 'utf8')).messages.length + ' messages';
else {
  const rec = await loadRecording(path);
  let events = 0;
  for (const s of rec.sessions) for (const t of s.turns) events += t.events.length;
  detail = rec.sessions.length + ' sessions, ' + events + ' events, ' + rec.warnings.length + ' warnings';
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024, detail }));
`;

interface Measured {
  ms: number;
  /** CPU time of all the process's threads (GC helpers included): steadier than wall time on a busy machine. */
  cpuMs: number;
  maxRssBytes: number;
  detail: string;
}

let script = '';

function measure(mode: string, path: string): Measured {
  const r = spawnSync(process.execPath, [script, mode, path, pathToFileURL(join(ROOT, 'dist', 'prepare', 'index.js')).href], {
    encoding: 'utf8',
    maxBuffer: 16 * MB,
  });
  if (r.status !== 0) throw new Error(`${mode} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as Measured;
}

/** The best of a few runs: the machine's noise only ever slows a run down. */
function best(mode: string, path: string, runs: number): Measured {
  let out: Measured | undefined;
  for (let i = 0; i < runs; i++) {
    const m = measure(mode, path);
    if (!out || m.ms < out.ms) out = { ...m, cpuMs: Math.min(m.cpuMs, out?.cpuMs ?? Infinity), maxRssBytes: Math.max(m.maxRssBytes, out?.maxRssBytes ?? 0) };
    else {
      out.maxRssBytes = Math.max(out.maxRssBytes, m.maxRssBytes);
      out.cpuMs = Math.min(out.cpuMs, m.cpuMs);
    }
  }
  return out!;
}

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const dir = mkdtempSync(join(tmpdir(), 'playback-bench-'));
  const rows: string[][] = [];
  let ok = true;
  try {
    // Measure the reader as shipped: compile it (tsc emits even if an unrelated file has a type error).
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ROOT], { encoding: 'utf8' });
    if (tsc.status !== 0) process.stderr.write(`(tsc reported type errors; measuring what it emitted)\n`);
    script = join(dir, 'child.mjs');
    writeFileSync(script, CHILD_SOURCE);
    const inputs = [
      { name: 'claude-code', file: join(dir, 'session.jsonl'), build: buildClaudeCode, baseline: 'baseline-lines' },
      { name: 'opencode-export', file: join(dir, 'export.json'), build: buildOpencodeExport, baseline: 'baseline-document' },
    ];
    for (const input of inputs) {
      input.build(input.file);
      const bytes = statSync(input.file).size;
      const base = best(input.baseline, input.file, runs);
      const ours = best('import', input.file, runs);
      const baseRate = bytes / MB / (base.ms / 1000);
      const ourRate = bytes / MB / (ours.ms / 1000);
      const ratio = ourRate / baseRate;
      const rssRatio = ours.maxRssBytes / bytes;
      const pass = ratio >= 0.5 && rssRatio <= 2;
      ok &&= pass;
      rows.push([
        input.name,
        `${(bytes / MB).toFixed(0)} MB`,
        `${baseRate.toFixed(0)} MB/s`,
        `${ourRate.toFixed(0)} MB/s`,
        ratio.toFixed(2),
        (base.cpuMs / ours.cpuMs).toFixed(2),
        `${(base.maxRssBytes / MB).toFixed(0)} MB`,
        `${(ours.maxRssBytes / MB).toFixed(0)} MB`,
        `${rssRatio.toFixed(2)}×`,
        pass ? 'ok' : 'MISSED',
      ]);
      process.stderr.write(`${input.name}: ${ours.detail}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const head = ['format', 'input', 'bare JSON.parse', 'import', 'ratio', 'CPU ratio', 'RSS bare', 'RSS import', 'RSS/input', 'target'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log(`\nbest of ${runs} runs each, one child process per run; ratio = import MB/s ÷ bare MB/s (wall clock),`);
  console.log('CPU ratio = the same by CPU time; targets: ratio ≥ 0.5, import RSS/input ≤ 2');
  process.exitCode = ok ? 0 : 1;
}

if (process.argv[2] === '--build') (process.argv[3] === 'opencode-export' ? buildOpencodeExport : buildClaudeCode)(process.argv[4]!);
else await main();
