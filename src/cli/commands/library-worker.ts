// `playback library worker --queue redis://... --out <dir>`: render kit jobs from the queue.
import { numberOption, stringOption, UsageError, type Command } from '../command.js';
import { listenForStop } from '../stop-signals.js';
import { outDir } from '../library-options.js';

const USAGE = `Usage: playback library worker --queue <redis://host:port> --out <dir> [options]

Take kit jobs from the queue (added by \`playback library build --queue\`) and write each kit
into <dir>, the library folder every worker shares. Run one on every machine that renders.
A job whose worker dies is handed to another once its lock runs out; a kit is written once.
Ctrl-C finishes the jobs in hand, then stops; a second Ctrl-C stops at once.

  --queue <url>         the Redis server (redis://host:port[/db])
  -o, --out <dir>       the shared library folder
  -j, --jobs <n>        jobs at once in this worker (default 1)
  --lock-duration <s>   seconds a job's lock lasts without renewal before it counts as
                        stalled and goes to another worker (default 30)
`;

export const libraryWorker: Command = {
  name: 'library worker',
  summary: 'render kit jobs from a BullMQ queue into a shared library folder',
  usage: USAGE,
  options: {
    queue: { type: 'string' },
    out: { type: 'string', short: 'o' },
    jobs: { type: 'string', short: 'j' },
    'lock-duration': { type: 'string' },
  },
  async run(ctx) {
    // BullMQ is loaded only here: every other command goes without it.
    const { startWorker } = await import('../../library/queue.js');
    if (ctx.args.length) throw new UsageError('worker takes no <source>: the jobs come from the queue');
    const url = stringOption(ctx, 'queue');
    if (!url) throw new UsageError('missing --queue <redis://host:port>');
    const out = outDir(ctx);
    const concurrency = numberOption(ctx, 'jobs', 1, 64) ?? 1;
    const lockSeconds = numberOption(ctx, 'lock-duration', 1, 3600) ?? 30;
    const log = (line: string) => ctx.stderr.write(`${line}\n`);
    const worker = startWorker({ url, out, concurrency, lockDuration: lockSeconds * 1000, log });
    const failedToConnect = new Promise<number>((resolve) => {
      worker.on('error', (err) => {
        log(`playback library worker: ${url}: ${err.message}`);
        if (/ECONNREFUSED|ENOTFOUND|max retries/i.test(err.message)) resolve(1);
      });
    });
    await worker.waitUntilReady().catch(() => {});
    log(`worker ${process.pid}: taking jobs from ${url} into ${out}`);
    const signals = listenForStop();
    const code = await Promise.race([signals.stopped.then(() => 0), failedToConnect]);
    signals.release();
    await worker.close();
    return code;
  },
};
