// Many machines: kit jobs on BullMQ (Redis). `library build --queue` is the producer and waits
// for its jobs; `library worker` runs on every machine that renders; `library status` counts.
// Retries (attempts with backoff), stalled jobs (a worker that stops renewing its lock, e.g.
// killed, has its job handed to another) and job ids that make a re-added job a no-op are
// BullMQ's own; the kit store's commit makes a kit land once even if two attempts finish.
import { Queue, QueueEvents, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { InputError } from '../ingest/errors.js';
import type { JobRunner } from './build.js';
import { makeKit, type KitJob, type KitProgress, type KitResult } from './kit.js';
import { describeError } from './plan.js';
import type { PoolEvents } from './pool.js';
import { LibraryState } from './state.js';
import { FolderStore } from './storage.js';

export const QUEUE_NAME = 'playback-library';
/** Tries per job before it is failed: a crash or a killed worker's job is tried again. */
const ATTEMPTS = 3;

/** redis://[user:password@]host:port[/db] as BullMQ's connection options. */
export function connectionFrom(url: string): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`not a Redis URL: "${url}" (expected redis://host:port)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`not a Redis URL: "${url}" (expected redis://host:port)`);
  const db = Number(u.pathname.replace(/^\//, '') || 0);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(Number.isInteger(db) ? { db } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    // Give up quickly on a wrong address instead of retrying forever.
    retryStrategy: (times: number) => (times > 5 ? null : Math.min(1000, times * 200)),
  };
}

/** The job id: the same session with the same key is one job, however often it is added. */
export function queueJobId(job: KitJob): string {
  return `${job.session.id}.${job.key ?? 'unkeyed'}`;
}

type QueueJob = Job<KitJob, KitResult>;

/** The producer: add the jobs, follow their progress, resolve when every one has ended. */
export function queueRunner(url: string): JobRunner {
  return {
    recordsAttempts: true,
    async run(jobs: KitJob[], events: PoolEvents, signal?: AbortSignal): Promise<void> {
      if (!jobs.length) return;
      const connection = connectionFrom(url);
      const queue = new Queue<KitJob, KitResult>(QUEUE_NAME, { connection });
      const queueEvents = new QueueEvents(QUEUE_NAME, { connection });
      const byId = new Map(jobs.map((j) => [queueJobId(j), j]));
      const started = new Set<string>();
      const begin = (id: string) => {
        const job = byId.get(id);
        if (job && !started.has(id)) {
          started.add(id);
          events.start(job);
        }
      };
      queueEvents.on('active', ({ jobId }) => begin(jobId));
      queueEvents.on('progress', ({ jobId, data }) => {
        const job = byId.get(jobId);
        if (!job) return;
        begin(jobId);
        events.progress(job, data as unknown as KitProgress);
      });
      try {
        await queueEvents.waitUntilReady();
        const added: QueueJob[] = [];
        for (const job of jobs) {
          const jobId = queueJobId(job);
          let old = await queue.getJob(jobId);
          // A job that failed in an earlier build is tried again; one waiting or running is joined;
          // one completed whose kit has since gone is made again.
          if (old && (await old.isFailed())) await old.retry();
          else if (old && (await old.isCompleted())) {
            await old.remove();
            old = undefined;
          }
          added.push(old ?? (await queue.add('kit', job, {
            jobId, attempts: ATTEMPTS, backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 },
          })));
        }
        const stop = new Promise<never>((_, reject) => {
          signal?.addEventListener('abort', () => reject(new Error('stopped; the queued jobs stay queued for the workers')), { once: true });
        });
        stop.catch(() => {});
        await Promise.race([
          stop,
          Promise.all(added.map(async (qj) => {
            const job = byId.get(qj.id!)!;
            try {
              const result = (await qj.waitUntilFinished(queueEvents)) as KitResult;
              begin(qj.id!);
              events.done(job, result);
            } catch (err) {
              begin(qj.id!);
              events.failed(job, describeError(err));
            }
          })),
        ]);
      } finally {
        await queueEvents.close();
        await queue.close();
      }
    },
  };
}

export interface WorkerOptions {
  url: string;
  out: string;
  concurrency: number;
  /** Milliseconds a job's lock lasts unrenewed before the job counts as stalled. */
  lockDuration: number;
  log: (line: string) => void;
}

/** A worker: takes kit jobs from the queue until closed. */
export function startWorker(opts: WorkerOptions): Worker<KitJob, KitResult> {
  const store = new FolderStore(opts.out);
  const state = new LibraryState(opts.out);
  const processor = async (job: QueueJob): Promise<KitResult> => {
    store.removeStale();
    state.markInterrupted();
    const id = job.data.session.id;
    const attempt = state.startAttempt(id, job.data.key ?? null, job.id);
    let lastProgress = 0;
    try {
      const result = await makeKit({ ...job.data, job: job.id, attempt: job.attemptsMade + 1 }, store, {
        onProgress: (p) => {
          const now = Date.now();
          if (p.phase === 'video' && now - lastProgress < 500 && p.done !== p.total) return;
          lastProgress = now;
          void job.updateProgress(p as unknown as object).catch(() => {});
        },
      });
      state.finishAttempt(attempt, result.outcome, undefined, result.key);
      opts.log(`${result.outcome === 'written' ? 'made' : result.outcome === 'current' ? 'current' : 'already made'} ${id} in ${result.seconds.toFixed(1)} s`);
      return result;
    } catch (err) {
      const error = describeError(err);
      state.finishAttempt(attempt, 'failed', error);
      opts.log(`failed ${id}: ${error}`);
      // A session that cannot be read will not read better on the next try.
      if (err instanceof InputError) throw new UnrecoverableError(error);
      throw err;
    }
  };
  const worker = new Worker<KitJob, KitResult>(QUEUE_NAME, processor, {
    connection: connectionFrom(opts.url),
    concurrency: opts.concurrency,
    lockDuration: opts.lockDuration,
    stalledInterval: Math.max(1000, Math.floor(opts.lockDuration / 2)),
    maxStalledCount: ATTEMPTS - 1,
  });
  worker.on('closed', () => state.close());
  return worker;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
  running: Array<{ id: string; session: string; title: string; progress: unknown }>;
  failures: Array<{ id: string; session: string; error: string }>;
}

export async function queueStatus(url: string): Promise<QueueCounts> {
  const queue = new Queue<KitJob, KitResult>(QUEUE_NAME, { connection: connectionFrom(url) });
  try {
    const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
    const active = await queue.getActive(0, 50);
    const failed = await queue.getFailed(0, 50);
    return {
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      completed: c.completed ?? 0,
      failed: c.failed ?? 0,
      running: active.map((j) => ({ id: j.id!, session: j.data.session.id, title: j.data.session.title, progress: j.progress })),
      failures: failed.map((j) => ({ id: j.id!, session: j.data.session.id, error: j.failedReason })),
    };
  } finally {
    await queue.close();
  }
}
