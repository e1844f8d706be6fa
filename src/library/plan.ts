// Which sessions need a kit: each is read (cheaply: no pacing, no drawing), filtered, and keyed;
// a session whose kit in place has its key is skipped. A session that cannot be read is
// recorded as failed with its error and does not stop the others.
import type { Recording } from '../recording/model.js';
import { InputError } from '../ingest/errors.js';
import type { KitOptions } from './kit-options.js';
import { readForKey } from './job-key.js';
import type { KitJob } from './kit.js';
import type { LibrarySession } from './sources.js';
import type { LibraryState } from './state.js';
import type { KitStore } from './storage.js';

export interface SessionFilter {
  partyOnly?: boolean;
  /** Sessions with activity at or after this time (ms since the epoch). */
  since?: number;
  /** Entity handles or names, lower case: sessions where one of them takes part. */
  entities?: string[];
}

export interface Plan {
  jobs: KitJob[];
  skipped: LibrarySession[];
  failed: Array<{ session: LibrarySession; error: string }>;
  /** Left out by the filters. */
  filtered: number;
}

export function describeError(err: unknown): string {
  if (err instanceof InputError) return err.describe().replace(/\n\s*/g, '; ');
  return (err as Error)?.message ?? String(err);
}

function passes(recording: Recording, filter: SessionFilter): boolean {
  if (filter.partyOnly && !recording.party && !recording.participants.some((p) => p.kind === 'entity')) return false;
  if (filter.entities?.length) {
    const names = new Set(recording.participants.flatMap((p) => [p.handle, p.name.toLowerCase()]).filter(Boolean));
    if (!filter.entities.some((e) => names.has(e))) return false;
  }
  return true;
}

export async function planKits(
  sessions: LibrarySession[], options: KitOptions, filter: SessionFilter, store: KitStore, state: LibraryState,
): Promise<Plan> {
  const plan: Plan = { jobs: [], skipped: [], failed: [], filtered: 0 };
  for (const session of sessions) {
    if (filter.since !== undefined && session.date > 0 && session.date < filter.since) {
      plan.filtered++;
      continue;
    }
    let read: Awaited<ReturnType<typeof readForKey>>;
    try {
      read = await readForKey(session, options);
    } catch (err) {
      const error = describeError(err);
      const attempt = state.startAttempt(session.id, null);
      state.finishAttempt(attempt, 'failed', error);
      state.failed(session.id, session.source, session.title, error);
      plan.failed.push({ session, error });
      continue;
    }
    if (!passes(read.recording, filter)) {
      plan.filtered++;
      continue;
    }
    const title = read.recording.title || session.title;
    const named = { ...session, title };
    if (store.manifest(session.id)?.key === read.key) {
      // Done before (perhaps by a run killed before it could say so): the journal catches up.
      if (state.job(session.id)?.status !== 'done') state.done(session.id, session.source, title, read.key, null, null);
      plan.skipped.push(named);
      continue;
    }
    state.queued(session.id, session.source, title, read.key);
    plan.jobs.push({ session: named, options, key: read.key });
  }
  return plan;
}
