// Where rendered frames come from: drawn on the calling thread (the default: drawing repaints
// only what changed, cheaper than handing frames between threads) or on a worker thread, where
// drawing overlaps the pipe writes.
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DrawWorkerData, DrawWorkerMessage, DrawWorkerReturn } from './draw-worker.js';
import { frameTime, type FrameRequest } from './frames.js';
import { createNodeStage } from './node-host.js';

export interface FrameSource {
  /** Problems met while preparing (e.g. an avatar that does not decode). */
  problems: string[];
  /**
   * The next frame's RGBA bytes, valid until `release` is called with them; or, when `mayRepeat`
   * and the frame is the same as the one before, 'same' (nothing to copy or send).
   */
  next(mayRepeat?: boolean): Promise<Buffer | 'same'>;
  /** The bytes of a frame from `next` are written out and may be reused. */
  release(frame: Buffer): void;
  close(): Promise<void>;
}

export async function threadFrameSource(req: FrameRequest): Promise<FrameSource> {
  const stage = await createNodeStage(req.timeline, req.view);
  const bytes = req.view.width * req.view.height * 4;
  // Buffers come back through release() once written, and are drawn into again.
  const pool: Buffer[] = [];
  let index = 0;
  return {
    problems: stage.problems.map((p) => p.message),
    async next(mayRepeat = false) {
      // Let the event loop turn, so the pipe drains while this thread draws.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const n = req.frames[index++]!;
      const changed = stage.draw(frameTime(req.from, n, req.fps), req.stamp ? n : undefined);
      if (!changed && mayRepeat) return 'same';
      const frame = pool.pop() ?? Buffer.allocUnsafe(bytes);
      stage.copyRgba(frame);
      return frame;
    },
    release(frame) {
      pool.push(frame);
    },
    async close() {},
  };
}

/** Frame buffers in flight: one being drawn, one being written, and some slack for a slow frame. */
const BUFFERS = 4;

/**
 * The worker's entry next to this file (.ts under tsx or vitest, .js when built: the CLI itself
 * is main.cjs, its workers ES modules). A TypeScript entry needs tsx's loader inside the worker
 * too, so a small bootstrap registers it first.
 */
function workerBootstrap(): string {
  const ext = extname(fileURLToPath(import.meta.url)) === '.ts' ? '.ts' : '.js';
  const entry = new URL(`./draw-worker${ext}`, import.meta.url).href;
  if (ext !== '.ts') return `import(${JSON.stringify(entry)})`;
  // The ESM build of tsx's API (require.resolve would give the CommonJS one).
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  return `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); })`;
}

export function workerFrameSource(req: FrameRequest): Promise<FrameSource> {
  const data: DrawWorkerData = { ...req, buffers: BUFFERS };
  const worker = new Worker(workerBootstrap(), { eval: true, workerData: data });
  const ready: Buffer[] = [];
  let waiting: { resolve: (b: Buffer) => void; reject: (e: Error) => void } | undefined;
  let failure: Error | undefined;
  let received = 0;

  const fail = (err: Error) => {
    failure ??= err;
    waiting?.reject(failure);
    waiting = undefined;
  };

  return new Promise<FrameSource>((resolveSource, rejectSource) => {
    worker.on('message', (m: DrawWorkerMessage) => {
      if (m.type === 'ready') {
        resolveSource(source(m.problems));
      } else if (m.type === 'frame') {
        received += 1;
        const frame = Buffer.from(m.pixels);
        if (waiting) {
          waiting.resolve(frame);
          waiting = undefined;
        } else ready.push(frame);
      } else {
        const err = new Error(`drawing frames failed: ${m.message}`);
        fail(err);
        rejectSource(err);
      }
    });
    worker.on('error', (err) => {
      fail(err);
      rejectSource(err);
    });
    worker.on('exit', (code) => {
      if (received < req.frames.length) {
        const err = new Error(`the drawing thread stopped (exit code ${code}) after ${received} of ${req.frames.length} frames`);
        fail(err);
        rejectSource(err);
      }
    });
  });

  function source(problems: string[]): FrameSource {
    return {
      problems,
      next() {
        if (failure) return Promise.reject(failure);
        const frame = ready.shift();
        if (frame) return Promise.resolve(frame);
        return new Promise<Buffer>((resolve, reject) => { waiting = { resolve, reject }; });
      },
      release(frame) {
        const pixels = frame.buffer as ArrayBuffer;
        worker.postMessage({ type: 'free', pixels } satisfies DrawWorkerReturn, [pixels]);
      },
      async close() {
        failure ??= new Error('frame source closed');
        await worker.terminate();
      },
    };
  }
}
