// The library's journal, `<dir>/library.db` (SQLite, WAL): one row per session (its last key,
// status, error and duration) and one per attempt (who ran it, when, how it ended). Kits on disk
// are the truth of what is done; the journal says what was tried, what failed and why, and how
// long things took. Several processes (a build, queue workers) write it at once: WAL and a busy
// timeout let them take turns.
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { processAlive } from '../util/process.js';

export const STATE_FILE = 'library.db';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';
export type AttemptOutcome = 'running' | 'written' | 'current' | 'already' | 'failed' | 'interrupted';

export interface JobRow {
  session_id: string;
  source: string;
  title: string;
  key: string | null;
  status: JobStatus;
  error: string | null;
  attempts: number;
  duration_ms: number | null;
  video_seconds: number | null;
  updated_at: number;
}

export interface AttemptRow {
  id: number;
  session_id: string;
  key: string | null;
  started_at: number;
  finished_at: number | null;
  outcome: AttemptOutcome;
  error: string | null;
  duration_ms: number | null;
  host: string;
  pid: number;
  job_id: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  session_id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  title TEXT NOT NULL,
  key TEXT,
  status TEXT NOT NULL,
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  duration_ms INTEGER,
  video_seconds REAL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  key TEXT,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  outcome TEXT NOT NULL,
  error TEXT,
  duration_ms INTEGER,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  job_id TEXT
);
CREATE INDEX IF NOT EXISTS attempts_by_session ON attempts (session_id);
`;

let sqlite: typeof Database | undefined;

export class LibraryState {
  private readonly db: Database.Database;
  private readonly host = hostname();

  constructor(dir: string) {
    sqlite ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database;
    this.db = new sqlite(join(dir, STATE_FILE), { timeout: 15_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
  }

  /** Attempts left 'running' by processes of this host that are gone (killed): 'interrupted'. */
  markInterrupted(): number {
    const running = this.db.prepare("SELECT id, pid FROM attempts WHERE outcome = 'running' AND host = ?").all(this.host) as Array<{ id: number; pid: number }>;
    const mark = this.db.prepare("UPDATE attempts SET outcome = 'interrupted', finished_at = ? WHERE id = ?");
    let n = 0;
    for (const r of running) {
      if (r.pid === process.pid || processAlive(r.pid)) continue;
      mark.run(Date.now(), r.id);
      n++;
    }
    this.db.prepare("UPDATE jobs SET status = 'queued' WHERE status = 'running' AND session_id NOT IN (SELECT session_id FROM attempts WHERE outcome = 'running')").run();
    return n;
  }

  queued(sessionId: string, source: string, title: string, key: string): void {
    this.db.prepare(`INSERT INTO jobs (session_id, source, title, key, status, updated_at) VALUES (?, ?, ?, ?, 'queued', ?)
      ON CONFLICT(session_id) DO UPDATE SET source = excluded.source, title = excluded.title, key = excluded.key, status = 'queued', error = NULL, updated_at = excluded.updated_at`)
      .run(sessionId, source, title, key, Date.now());
  }

  /** A session that could not be read, or whose job failed: kept with its error. */
  failed(sessionId: string, source: string, title: string, error: string, key: string | null = null): void {
    this.db.prepare(`INSERT INTO jobs (session_id, source, title, key, status, error, updated_at) VALUES (?, ?, ?, ?, 'failed', ?, ?)
      ON CONFLICT(session_id) DO UPDATE SET source = excluded.source, title = excluded.title, key = coalesce(excluded.key, jobs.key), status = 'failed', error = excluded.error, updated_at = excluded.updated_at`)
      .run(sessionId, source, title, key, error, Date.now());
  }

  done(sessionId: string, source: string, title: string, key: string, durationMs: number | null, videoSeconds: number | null): void {
    this.db.prepare(`INSERT INTO jobs (session_id, source, title, key, status, duration_ms, video_seconds, updated_at) VALUES (?, ?, ?, ?, 'done', ?, ?, ?)
      ON CONFLICT(session_id) DO UPDATE SET source = excluded.source, title = excluded.title, key = excluded.key, status = 'done', error = NULL,
        duration_ms = coalesce(excluded.duration_ms, jobs.duration_ms), video_seconds = coalesce(excluded.video_seconds, jobs.video_seconds), updated_at = excluded.updated_at`)
      .run(sessionId, source, title, key, durationMs, videoSeconds, Date.now());
  }

  /** Start an attempt; returns its id for finishAttempt. */
  startAttempt(sessionId: string, key: string | null, jobId?: string, pid = process.pid): number {
    this.db.prepare("UPDATE jobs SET status = 'running', attempts = attempts + 1, updated_at = ? WHERE session_id = ?").run(Date.now(), sessionId);
    const r = this.db.prepare(`INSERT INTO attempts (session_id, key, started_at, outcome, host, pid, job_id) VALUES (?, ?, ?, 'running', ?, ?, ?)`)
      .run(sessionId, key, Date.now(), this.host, pid, jobId ?? null);
    return Number(r.lastInsertRowid);
  }

  finishAttempt(id: number, outcome: AttemptOutcome, error?: string, key?: string): void {
    const now = Date.now();
    this.db.prepare('UPDATE attempts SET outcome = ?, error = ?, finished_at = ?, duration_ms = ? - started_at, key = coalesce(?, key) WHERE id = ?')
      .run(outcome, error ?? null, now, now, key ?? null, id);
  }

  job(sessionId: string): JobRow | undefined {
    return this.db.prepare('SELECT * FROM jobs WHERE session_id = ?').get(sessionId) as JobRow | undefined;
  }

  jobs(): JobRow[] {
    return this.db.prepare('SELECT * FROM jobs ORDER BY session_id').all() as JobRow[];
  }

  attempts(sessionId?: string): AttemptRow[] {
    return (sessionId
      ? this.db.prepare('SELECT * FROM attempts WHERE session_id = ? ORDER BY id').all(sessionId)
      : this.db.prepare('SELECT * FROM attempts ORDER BY id').all()) as AttemptRow[];
  }

  /** Median seconds of a finished render per second of video, from past attempts: for the ETA. */
  secondsPerVideoSecond(): number | undefined {
    const rows = this.db.prepare("SELECT duration_ms, video_seconds FROM jobs WHERE status = 'done' AND duration_ms > 0 AND video_seconds > 0").all() as Array<{ duration_ms: number; video_seconds: number }>;
    if (!rows.length) return undefined;
    const ratios = rows.map((r) => r.duration_ms / 1000 / r.video_seconds).sort((a, b) => a - b);
    return ratios[Math.floor(ratios.length / 2)];
  }

  close(): void {
    this.db.close();
  }
}
