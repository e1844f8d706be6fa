// `library build`: sources → plan → kits (on the local pool or a queue) → gallery. The journal
// records every attempt; the summary says how many kits were made, skipped and failed.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Warning } from '../recording/model.js';
import { writeGallery } from './gallery.js';
import type { KitOptions } from './kit-options.js';
import type { KitJob, KitResult } from './kit.js';
import { planKits, type SessionFilter } from './plan.js';
import { runPool, type PoolEvents } from './pool.js';
import { createBoard } from './progress-board.js';
import { findSessions, type LibrarySession } from './sources.js';
import { LibraryState } from './state.js';
import { FolderStore, type KitStore } from './storage.js';

/** Runs the planned jobs somewhere: the local pool, or a queue's workers. */
export interface JobRunner {
  /** Whether the runner's workers write the attempts to the journal themselves. */
  readonly recordsAttempts: boolean;
  run(jobs: KitJob[], events: PoolEvents, signal?: AbortSignal): Promise<void>;
}

export function localRunner(out: string, jobs: number): JobRunner {
  return { recordsAttempts: false, run: (list, events, signal) => runPool(list, out, jobs, events, signal) };
}

/** The queue's producer, loaded only when a queue is used (BullMQ is a large load). */
export async function queueRunnerFor(url: string): Promise<(out: string) => JobRunner> {
  const { queueRunner } = await import('./queue.js');
  return () => queueRunner(url);
}

export interface BuildRequest {
  sources: string[];
  out: string;
  options: KitOptions;
  filter: SessionFilter;
  runner: (out: string) => JobRunner;
  stderr: NodeJS.WritableStream;
  signal?: AbortSignal;
  /** Sessions already found (watch passes its own); otherwise found from `sources`. */
  sessions?: LibrarySession[];
}

export interface SessionOutcome {
  id: string;
  title: string;
  status: 'written' | 'skipped' | 'failed';
  error?: string;
  seconds?: number;
  videoSeconds?: number;
}

export interface BuildSummary {
  out: string;
  found: number;
  rendered: number;
  skipped: number;
  failed: number;
  filtered: number;
  /** Staging folders of killed runs that were removed. */
  staleRemoved: number;
  seconds: number;
  videoSeconds: number;
  sessions: SessionOutcome[];
  warnings: Warning[];
}

export function openLibrary(out: string): { store: KitStore; state: LibraryState } {
  mkdirSync(out, { recursive: true });
  return { store: new FolderStore(out), state: new LibraryState(out) };
}

export async function buildLibrary(req: BuildRequest): Promise<BuildSummary> {
  const started = performance.now();
  const out = resolve(req.out);
  const { store, state } = openLibrary(out);
  try {
    const staleRemoved = store.removeStale();
    state.markInterrupted();
    const found = req.sessions ? { sessions: req.sessions, warnings: [] } : findSessions(req.sources);
    const plan = await planKits(found.sessions, req.options, req.filter, store, state);
    const outcomes: SessionOutcome[] = [
      ...plan.skipped.map((s) => ({ id: s.id, title: s.title, status: 'skipped' as const })),
      ...plan.failed.map((f) => ({ id: f.session.id, title: f.session.title, status: 'failed' as const, error: f.error })),
    ];
    const board = createBoard(plan.jobs.length, req.stderr);
    for (const f of plan.failed) board.log(`failed ${f.session.id}: ${f.error}`);
    const runner = req.runner(out);
    const attempts = new Map<string, number>();
    let videoSeconds = 0;
    const finished = (job: KitJob, result: KitResult) => {
      const id = job.session.id;
      const attempt = attempts.get(id);
      if (attempt !== undefined) state.finishAttempt(attempt, result.outcome, undefined, result.key);
      const made = result.outcome === 'written';
      state.done(id, job.session.source, result.meta.title, result.key, made ? Math.round(result.seconds * 1000) : null, made ? result.videoSeconds : null);
      videoSeconds += result.videoSeconds;
      outcomes.push({ id, title: result.meta.title, status: made ? 'written' : 'skipped', seconds: result.seconds, videoSeconds: result.videoSeconds });
      board.end(id, made ? `made ${id} (${result.meta.title}) in ${result.seconds.toFixed(1)} s` : `${id} is current`);
    };
    await runner.run(plan.jobs, {
      start(job) {
        if (!runner.recordsAttempts) attempts.set(job.session.id, state.startAttempt(job.session.id, job.key ?? null));
        board.start(job.session.id, job.session.title);
      },
      progress: (job, p) => board.update(job.session.id, p),
      done: finished,
      failed(job, error) {
        const id = job.session.id;
        const attempt = attempts.get(id);
        if (req.signal?.aborted) {
          // Stopped, not broken: the next run makes it.
          if (attempt !== undefined) state.finishAttempt(attempt, 'interrupted', error);
          board.end(id, `stopped ${id}`);
          return;
        }
        if (attempt !== undefined) state.finishAttempt(attempt, 'failed', error);
        state.failed(id, job.session.source, job.session.title, error, job.key ?? null);
        outcomes.push({ id, title: job.session.title, status: 'failed', error });
        board.end(id, `failed ${id}: ${error}`);
      },
    }, req.signal);
    board.close();
    writeGallery(store, state.jobs());
    const count = (s: SessionOutcome['status']) => outcomes.filter((o) => o.status === s).length;
    return {
      out, found: found.sessions.length, rendered: count('written'), skipped: count('skipped'), failed: count('failed'),
      filtered: plan.filtered, staleRemoved, seconds: (performance.now() - started) / 1000, videoSeconds, sessions: outcomes, warnings: found.warnings,
    };
  } finally {
    state.close();
  }
}
