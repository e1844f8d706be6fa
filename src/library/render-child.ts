// A pool process: makes the kits its parent sends, one at a time, and reports progress. It stops
// when its parent goes (the IPC channel closes), even when the parent was killed with -9, so no
// orphan keeps rendering into a library that a new run is already working on.
import { FolderStore } from './storage.js';
import { makeKit, type KitJob } from './kit.js';
import type { ChildMessage, ParentMessage } from './pool.js';

const controller = new AbortController();
const send = (msg: ChildMessage) => process.send?.(msg);
const stores = new Map<string, FolderStore>();

function stop(): void {
  controller.abort();
  // Let the render remove its temp files, then go whatever happens.
  setTimeout(() => process.exit(0), 2000).unref();
}

process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', () => {});

process.on('message', (raw) => {
  const msg = raw as ParentMessage;
  if (msg.type !== 'run') return;
  void run(msg.job, msg.out);
});

async function run(job: KitJob, out: string): Promise<void> {
  let store = stores.get(out);
  if (!store) stores.set(out, (store = new FolderStore(out)));
  try {
    const result = await makeKit(job, store, { signal: controller.signal, onProgress: (progress) => send({ type: 'progress', progress }) });
    send({ type: 'result', result });
  } catch (err) {
    send({ type: 'error', message: (err as Error)?.message ?? String(err) });
  }
}

send({ type: 'ready' });
