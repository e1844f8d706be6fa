// The local pool: `--jobs N` processes, each making one kit at a time with the real renderer.
// Processes, not threads: a render that crashes or runs out of memory takes down only its own
// process, and the job is reported failed while the others go on.
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism, freemem } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { KitJob, KitProgress, KitResult } from './kit.js';

export type ParentMessage = { type: 'run'; job: KitJob; out: string };
export type ChildMessage =
  | { type: 'ready' }
  | { type: 'progress'; progress: KitProgress }
  | { type: 'result'; result: KitResult }
  | { type: 'error'; message: string };

/**
 * Memory one render takes: the runtime, the canvas and its layers, frames in flight, and ffmpeg
 * beside it. Kept on the safe side: a render of the demo at 1280x720 peaks at about 175 MB in
 * its own process, before x264's buffers.
 */
export function renderMemory(width: number, height: number): number {
  return 350 * 2 ** 20 + width * height * 4 * 24;
}

/** As many renders as there are cores, but no more than free memory holds. */
export function defaultJobs(width: number, height: number, cores = availableParallelism(), free = freemem()): number {
  return Math.max(1, Math.min(cores, Math.floor(free / renderMemory(width, height))));
}

export interface PoolEvents {
  start(job: KitJob): void;
  progress(job: KitJob, progress: KitProgress): void;
  done(job: KitJob, result: KitResult): void;
  failed(job: KitJob, error: string): void;
}

/** The child's entry beside this file: .js when built (the CLI bundle names it so, beside its main.cjs), .ts from source. */
function childEntry(): { file: string; execArgv: string[] } {
  const ext = extname(fileURLToPath(import.meta.url)) === '.ts' ? '.ts' : '.js';
  const file = fileURLToPath(new URL(`./render-child${ext}`, import.meta.url));
  if (ext !== '.ts') return { file, execArgv: [] };
  const tsx = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/loader.mjs');
  return { file, execArgv: ['--import', pathToFileURL(tsx).href] };
}

class Slot {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;

  constructor(private readonly out: string) {}

  private spawn(): ChildProcess {
    const { file, execArgv } = childEntry();
    const child = fork(file, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: ChildMessage) => {
        if (m.type === 'ready') {
          child.off('message', onMessage);
          resolve();
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code, signal) => reject(new Error(`the render process ended before it started (${signal ?? `code ${code}`})`)));
    });
    this.ready.catch(() => {});
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    return child;
  }

  async run(job: KitJob, onProgress: (p: KitProgress) => void): Promise<KitResult> {
    this.child ??= this.spawn();
    const child = this.child;
    await this.ready;
    return new Promise<KitResult>((resolve, reject) => {
      const onMessage = (m: ChildMessage) => {
        if (m.type === 'progress') onProgress(m.progress);
        else if (m.type === 'result') finish(() => resolve(m.result));
        else if (m.type === 'error') finish(() => reject(new Error(m.message)));
      };
      const onExit = (code: number | null, signal: string | null) =>
        finish(() => reject(new Error(`the render process died (${signal ?? `exit code ${code}`}); the job can be run again`)));
      const finish = (then: () => void) => {
        child.off('message', onMessage);
        child.off('exit', onExit);
        then();
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send({ type: 'run', job, out: this.out } satisfies ParentMessage);
    });
  }

  stop(): void {
    this.child?.kill('SIGTERM');
  }
}

/** Run the jobs on `size` processes; resolves when every job has ended, done or failed. */
export async function runPool(jobs: KitJob[], out: string, size: number, events: PoolEvents, signal?: AbortSignal): Promise<void> {
  const waiting = [...jobs];
  const slots = Array.from({ length: Math.max(1, Math.min(size, jobs.length)) }, () => new Slot(out));
  const onAbort = () => {
    waiting.length = 0;
    for (const s of slots) s.stop();
  };
  signal?.addEventListener('abort', onAbort);
  try {
    await Promise.all(
      slots.map(async (slot) => {
        for (let job = waiting.shift(); job; job = waiting.shift()) {
          events.start(job);
          const current = job;
          try {
            events.done(current, await slot.run(current, (p) => events.progress(current, p)));
          } catch (err) {
            events.failed(current, (err as Error).message);
          }
        }
        slot.stop();
      }),
    );
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
