// Sources → sessions: what `library build` and `watch` are given (opencode databases, folders of
// party folders, Claude Code project folders, single session files, or nothing: the places
// `playback list` looks) turned into one entry per session, each with an id fit for a folder name.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  claudeProjectsDir, describeClaudeSession, discoverSessions, listClaudeSessions, listDatabaseSessions, listPartySessions,
  type ListedSession,
} from '../ingest/discover.js';
import { readHead } from '../ingest/head.js';
import { looksLikeOpencodeExport } from '../ingest/detect.js';
import { isPartyFolder, readPartyInfo } from '../ingest/party-folder.js';
import type { Warning } from '../recording/model.js';
import { isDir } from '../util/fs.js';

export interface LibrarySession {
  /** The kit's folder name: the session id (ses_..., a transcript's uuid), made safe for a path. */
  id: string;
  /** What the readers are given as `<source>`. */
  source: string;
  /** For a database holding many sessions: which one. */
  sessionId?: string;
  title: string;
  format: ListedSession['format'] | 'file';
  /** Last activity, ms since the epoch (0 when unknown): for --since and for watch's idle time. */
  date: number;
}

export interface Found {
  sessions: LibrarySession[];
  warnings: Warning[];
}

/** A folder name from any id: letters, digits, dot, dash and underscore; never empty, never dot-led. */
export function safeId(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '').slice(0, 120);
  return cleaned || 'session';
}

function fromListed(s: ListedSession): LibrarySession {
  if (s.format === 'opencode-db') {
    return { id: safeId(s.id), source: s.foundIn, sessionId: s.id, title: s.title, format: s.format, date: s.date };
  }
  if (s.format === 'party') {
    // A party's kit is named by its session, so the same party found twice (its folder and the
    // database row of its session) is one kit.
    const info = readPartyInfo(s.id);
    return { id: safeId(info.sessionId ?? `party-${basename(s.id)}`), source: s.id, title: s.title, format: s.format, date: s.date };
  }
  return { id: safeId(basename(s.id).replace(/\.jsonl$/, '')), source: s.id, title: s.title, format: s.format, date: s.date };
}

function isSqlite(path: string): boolean {
  return readHead(path).subarray(0, 16).toString('latin1') === 'SQLite format 3\0';
}

/** A folder of Claude Code projects (folders of *.jsonl), or one project folder. */
function claudeSessionsIn(dir: string, warnings: Warning[]): ListedSession[] {
  const own = readdirSync(dir).filter((n) => n.endsWith('.jsonl') && !n.startsWith('agent-')).sort();
  const listed: ListedSession[] = [];
  for (const name of own) {
    const path = join(dir, name);
    try {
      const one = describeClaudeSession(path, dir);
      if (one) listed.push(one);
      else warnings.push({ message: 'no user or assistant lines at its start or end; not a session', file: path });
    } catch (err) {
      warnings.push({ message: `could not be read: ${(err as Error).message}`, file: path });
    }
  }
  return [...listed, ...listClaudeSessions(dir, warnings)];
}

/** One session file; an opencode export is named by the session id inside it, a transcript by its file name. */
function fileSession(path: string): LibrarySession {
  const stem = basename(path).replace(/\.(jsonl|json)$/, '');
  const head = readHead(path);
  const id = looksLikeOpencodeExport(head) ? /"id"\s*:\s*"(ses_[A-Za-z0-9]+)"/.exec(head.toString('utf8'))?.[1] : undefined;
  return { id: safeId(id ?? stem), source: path, title: stem, format: 'file', date: statSync(path).mtimeMs };
}

/** opencode exports (`opencode export` JSON) lying in a folder. */
function opencodeExportsIn(dir: string): LibrarySession[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => join(dir, n))
    .filter((path) => isFile(path) && looksLikeOpencodeExport(readHead(path)))
    .map(fileSession);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function sessionsOf(source: string, warnings: Warning[]): LibrarySession[] {
  const path = resolve(source);
  if (!existsSync(path)) {
    warnings.push({ message: 'no such file or folder; skipped (check the path, or run `playback list`)', file: source });
    return [];
  }
  if (!isDir(path)) {
    if (isSqlite(path)) return listDatabaseSessions(path, warnings).map(fromListed);
    // One session file: read (and, when broken, failed) like any other session.
    return [fileSession(path)];
  }
  const parties = listPartySessions(path, warnings).map(fromListed);
  const claude = claudeSessionsIn(path, warnings).map(fromListed);
  const exports = opencodeExportsIn(path);
  if (!parties.length && !claude.length && !exports.length && !isPartyFolder(path)) {
    warnings.push({ message: 'no party folders, Claude Code transcripts or opencode exports found in this folder', file: source });
  }
  return [...parties, ...claude, ...exports];
}

/**
 * Every session of the sources, each once: the first source naming a kit id wins, and a party
 * folder wins over the database row of the same session (it carries the party card).
 */
export function findSessions(sources: string[], env: NodeJS.ProcessEnv = process.env): Found {
  const warnings: Warning[] = [];
  let all: LibrarySession[];
  if (sources.length) {
    all = sources.flatMap((s) => sessionsOf(s, warnings));
  } else {
    const found = discoverSessions({ env });
    warnings.push(...found.warnings);
    all = found.sessions.map(fromListed);
    if (!all.length) warnings.push({ message: `no sessions found where they are usually kept (${claudeProjectsDir(env)}, the opencode database, party folders here)` });
  }
  const byId = new Map<string, LibrarySession>();
  const seen = new Set<string>();
  for (const s of all) {
    // The same file reached twice (a folder and a file in it): once.
    const where = `${s.source}\0${s.sessionId ?? ''}`;
    if (seen.has(where)) continue;
    seen.add(where);
    const have = byId.get(s.id);
    if (have && have.source !== s.source && have.format !== 'party' && s.format !== 'party' && !(have.sessionId && s.sessionId)) {
      warnings.push({ message: `holds session ${s.id} again (first found in ${have.source}); one kit is made, from the first`, file: s.source });
    }
    if (!have || (s.format === 'party' && have.format !== 'party')) byId.set(s.id, s);
  }
  return { sessions: [...byId.values()], warnings };
}
