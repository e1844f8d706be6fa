// `library watch`: follow the sources and add each session once it has been idle a while (no
// new activity for `idleMs`), so a session is rendered when it is finished, not at every
// message. opencode's database is only ever opened read-only, which is safe while opencode
// writes to it (WAL).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildLibrary, type BuildRequest, type BuildSummary } from './build.js';
import { findSessions, type LibrarySession } from './sources.js';

export const DEFAULT_IDLE_SECONDS = 120;

/** The latest sign of life: the database's update time, else the newest file of the session. */
export function lastActivity(s: LibrarySession): number {
  if (s.sessionId) return s.date;
  try {
    const st = statSync(s.source);
    if (!st.isDirectory()) return Math.max(s.date, st.mtimeMs);
    let newest = st.mtimeMs;
    for (const name of readdirSync(s.source)) {
      try {
        newest = Math.max(newest, statSync(join(s.source, name)).mtimeMs);
      } catch {
        // gone between the listing and the look
      }
    }
    return newest;
  } catch {
    return s.date;
  }
}

export interface WatchRequest extends Omit<BuildRequest, 'sessions'> {
  idleMs: number;
  pollMs: number;
  /** After each round that found something to do. */
  onRound(summary: BuildSummary): void;
  now?: () => number;
}

/** Runs until the signal aborts. */
export async function watchLibrary(req: WatchRequest): Promise<void> {
  const now = req.now ?? Date.now;
  /** Activity time each session was last built at: it is looked at again only when that moves. */
  const handled = new Map<string, number>();
  while (!req.signal?.aborted) {
    const found = findSessions(req.sources);
    const ready = found.sessions.filter((s) => {
      const activity = lastActivity(s);
      return now() - activity >= req.idleMs && handled.get(s.id) !== activity;
    });
    if (ready.length) {
      const activity = new Map(ready.map((s) => [s.id, lastActivity(s)]));
      const summary = await buildLibrary({ ...req, sessions: ready });
      for (const [id, t] of activity) handled.set(id, t);
      req.onRound(summary);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, req.pollMs);
      req.signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
    });
  }
}
