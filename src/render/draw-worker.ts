// Draws frames on a worker thread, so the main thread's event loop stays free to pour the
// previous frame into ffmpeg's pipe while this one is rasterised. Runs a few frames ahead of
// the encoder, no more: it draws only into the frame buffers the main thread has handed back.
import { parentPort, workerData } from 'node:worker_threads';
import { frameTime, type FrameRequest } from './frames.js';
import { createNodeStage } from './node-host.js';

export interface DrawWorkerData extends FrameRequest {
  /** How many frame buffers (width*height*4 bytes each) travel between the threads. */
  buffers: number;
}

export type DrawWorkerMessage =
  | { type: 'ready'; problems: string[] }
  | { type: 'frame'; index: number; pixels: ArrayBuffer }
  | { type: 'failed'; message: string };

/** The main thread returns a buffer once its bytes are in the pipe. */
export interface DrawWorkerReturn {
  type: 'free';
  pixels: ArrayBuffer;
}

async function run(): Promise<void> {
  const port = parentPort!;
  const data = workerData as DrawWorkerData;
  const frameBytes = data.view.width * data.view.height * 4;
  const free = Array.from({ length: data.buffers }, () => new ArrayBuffer(frameBytes));
  let wake: (() => void) | undefined;
  port.on('message', (m: DrawWorkerReturn) => {
    free.push(m.pixels);
    wake?.();
  });
  const stage = await createNodeStage(data.timeline, data.view);
  port.postMessage({ type: 'ready', problems: stage.problems.map((p) => p.message) } satisfies DrawWorkerMessage);
  for (let index = 0; index < data.frames.length; index++) {
    while (free.length === 0) await new Promise<void>((res) => { wake = res; });
    const pixels = free.shift()!;
    const n = data.frames[index]!;
    stage.draw(frameTime(data.from, n, data.fps), data.stamp ? n : undefined);
    // One copy into a buffer that is moved, not copied, to the main thread, which writes it out.
    stage.copyRgba(new Uint8Array(pixels));
    port.postMessage({ type: 'frame', index, pixels } satisfies DrawWorkerMessage, [pixels]);
  }
  // Done: the main thread terminates the worker once it has every frame.
}

run().catch((err: unknown) => {
  parentPort?.postMessage({ type: 'failed', message: (err as Error)?.message ?? String(err) } satisfies DrawWorkerMessage);
});
