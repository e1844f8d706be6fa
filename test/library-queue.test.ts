// `playback library` on BullMQ: a real redis-server on 127.0.0.1 and a free port, a producer
// (`library build --queue`) and two workers on one queue. One worker is killed with SIGKILL in
// the middle of a render; its job goes to the other once the lock runs out, and every kit is
// written whole, exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, playback, REPO, requireBuiltCli } from './helpers/cli.js';
import { startRedis, writeTranscript, type RedisServer } from './helpers/library.js';
import { expectWholeKits, renderInFlight } from './helpers/library-kits.js';
import { LibraryState } from '../src/library/state.js';
import { connectionFrom, QUEUE_NAME } from '../src/library/queue.js';

const SIZE = { width: 640, height: 360 };

let root: string;
let redis: RedisServer;
const workers: ChildProcess[] = [];

function startWorker(out: string): { child: ChildProcess; log: () => string } {
  const child = spawn(process.execPath, [BIN, 'library', 'worker', '--queue', redis.url, '--out', out, '--lock-duration', '3'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  workers.push(child);
  return { child, log: () => log };
}

beforeAll(async () => {
  requireBuiltCli();
  root = mkdtempSync(join(tmpdir(), 'playback-queue-'));
  redis = await startRedis();
}, 60_000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  await redis?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('playback library on a queue', () => {
  it('spreads the kits over two workers; one killed mid-render loses nothing, and each kit is written once', async () => {
    const out = join(root, 'library');
    const projects = join(root, 'projects');
    for (let i = 1; i <= 2; i++) {
      writeTranscript(join(projects, '-tmp-q'), {
        id: `33333333-aaaa-4bbb-8ccc-00000000000${i}`,
        turns: [{ prompt: `Task ${i}`, reply: 'Working on it. '.repeat(20) }, { prompt: 'And then?', reply: 'Then it is done. '.repeat(20) }],
      });
    }
    const sources = [join(REPO, 'examples/party-demo'), join(REPO, 'examples/party-demo-violations'), projects];
    const a = startWorker(out);
    const b = startWorker(out);
    const producer = playback(['library', 'build', ...sources, '--out', out, '--queue', redis.url, '--width', '640', '--height', '360', '--fps', '10', '--to', '10', '--short-length', '5', '--json'], { timeoutMs: 600_000 });

    // Kill worker A while it renders: its video's temp file sits in its staging folder.
    const inFlight = await renderInFlight(out, 300_000, a.child.pid);
    a.child.kill('SIGKILL');
    const killedIn = inFlight?.id;
    expect(killedIn, `worker A never rendered:\n${a.log()}`).toBeDefined();

    const run = await producer;
    expect(run.code, `${run.stderr}\nworker B:\n${b.log()}`).toBe(0);
    const summary = JSON.parse(run.stdout) as { rendered: number; failed: number };
    expect(summary).toMatchObject({ rendered: 4, failed: 0 });

    const kits = expectWholeKits(out, SIZE);
    expect(kits).toHaveLength(4);
    // The killed job was finished by the other worker.
    const redone = kits.find((k) => k.id === killedIn)!;
    expect(redone.made.pid).toBe(b.child.pid);
    const state = new LibraryState(out);
    try {
      for (const k of kits) {
        const attempts = state.attempts(k.id);
        expect(attempts.filter((x) => x.outcome === 'written'), k.id).toHaveLength(1);
      }
      const lost = state.attempts(killedIn!);
      expect(lost.map((x) => x.pid)).toContain(a.child.pid);
      expect(lost.find((x) => x.pid === a.child.pid)!.outcome).not.toBe('written');
    } finally {
      state.close();
    }

    // BullMQ's own record: four jobs done, none failed, the killed one taken as stalled and run again.
    const queue = new Queue(QUEUE_NAME, { connection: connectionFrom(redis.url) });
    try {
      const counts = await queue.getJobCounts('completed', 'failed', 'active', 'waiting');
      expect(counts).toMatchObject({ completed: 4, failed: 0, active: 0, waiting: 0 });
      const done = await queue.getCompleted();
      const killedJob = done.find((j) => (j.data as { session: { id: string } }).session.id === killedIn)!;
      expect((killedJob as unknown as { stalledCounter: number }).stalledCounter).toBeGreaterThanOrEqual(1);
    } finally {
      await queue.close();
    }

    const status = await playback(['library', 'status', '--queue', redis.url, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ waiting: 0, active: 0, completed: 4, failed: 0 });

    // A second build adds nothing: every kit is current.
    const again = await playback(['library', 'build', ...sources, '--out', out, '--queue', redis.url, '--width', '640', '--height', '360', '--fps', '10', '--to', '10', '--short-length', '5']);
    expect(again.stdout).toContain('0 made, 4 skipped (unchanged), 0 failed');

    b.child.kill('SIGTERM');
    expect(await new Promise((r) => b.child.once('exit', r))).toBe(0);
  }, 900_000);
});
