// Draws frames on a worker thread, so the main thread's event loop stays free to pour the
// previous frame into ffmpeg's pipe while this one is rasterised. Runs a few frames ahead of
// the encoder, no more: it draws only while it holds credits the main thread hands out.
import { parentPort, workerData } from 'node:worker_threads';
import { stampFrameNumber } from './frame-stamp.js';
import { frameTime, type FrameRequest } from './frames.js';
import { createNodeStage } from './node-host.js';

export interface DrawWorkerData extends FrameRequest {
  /** Slots of width*height*4 bytes each, shared with the main thread, which writes them to ffmpeg. */
  slots: SharedArrayBuffer;
}

export type DrawWorkerMessage =
  | { type: 'ready'; problems: string[] }
  | { type: 'frame'; index: number; slot: number }
  | { type: 'failed'; message: string };

async function run(): Promise<void> {
  const port = parentPort!;
  const data = workerData as DrawWorkerData;
  const frameBytes = data.view.width * data.view.height * 4;
  const slots = new Uint8Array(data.slots);
  // Slots the main thread has finished writing out; all are free at the start.
  const free = Array.from({ length: data.slots.byteLength / frameBytes }, (_, i) => i);
  let wake: (() => void) | undefined;
  port.on('message', (m: { type: 'free'; slot: number }) => {
    free.push(m.slot);
    wake?.();
  });
  const stage = await createNodeStage(data.timeline, data.view);
  port.postMessage({ type: 'ready', problems: stage.problems.map((p) => p.message) } satisfies DrawWorkerMessage);
  for (let index = 0; index < data.frames.length; index++) {
    while (free.length === 0) await new Promise<void>((res) => { wake = res; });
    const slot = free.shift()!;
    const n = data.frames[index]!;
    stage.draw(frameTime(data.from, n, data.fps));
    if (data.stamp) stampFrameNumber(stage.ctx, n, stage.view);
    // One copy into shared memory: the main thread writes from there, and the pixel buffer is
    // freed here on the thread that allocated it, so the allocator reuses it without new pages.
    slots.set(stage.rgba(), slot * frameBytes);
    port.postMessage({ type: 'frame', index, slot } satisfies DrawWorkerMessage);
    // Node frees a native pixel buffer from a callback on the event loop; a loop that never turns
    // keeps every frame's 3.7 MB alive, and each new one then costs fresh pages (measured: 4 ms
    // a frame and gigabytes of RSS, against 1 ms and ~200 MB when the loop turns each frame).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  // Done: the main thread terminates the worker once it has every frame.
}

run().catch((err: unknown) => {
  parentPort?.postMessage({ type: 'failed', message: (err as Error)?.message ?? String(err) } satisfies DrawWorkerMessage);
});
