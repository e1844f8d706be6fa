// opencode's SQLite database (`opencode.db`, since opencode 1.2): session, message and part tables.
// Opened read-only, so it is safe while opencode runs (WAL). Columns were added over versions,
// so every optional one is checked with PRAGMA table_info before it is read.
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import type { Recording, Warning } from '../recording/model.js';
import { InputError } from './errors.js';
import type { Reader } from './index.js';
import { looksLikeSqlite } from './detect.js';
import { handOffTarget, opencodeRecording, type OpencodeMessageRecord, type OpencodeSessionInput } from './opencode-messages.js';
import { applyWorkflow, conversionOrder, workflowTree, type SessionFacts } from './opencode-workflow.js';

type Db = Database.Database;
type Row = Record<string, unknown>;

export interface OpencodeSessionSummary {
  id: string;
  title: string;
  directory?: string;
  parentId?: string;
  created: number;
  updated: number;
  messages: number;
  agents: string[];
  models: string[];
}

/** The SQLite binding, loaded on first use: a native addon every other command can do without (~15 ms). */
let sqlite: typeof Database | undefined;

function openDb(path: string): Db {
  let db: Db;
  try {
    sqlite ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database;
    db = new sqlite(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new InputError(`cannot open the opencode database: ${(err as Error).message}`, path);
  }
  try {
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Row[]).map((r) => String(r.name)));
    const missing = ['session', 'message', 'part'].filter((t) => !tables.has(t));
    if (missing.length) {
      throw new InputError(`not an opencode database: no ${missing.join(', ')} table`, path, undefined,
        'Pass the opencode.db from $XDG_DATA_HOME/opencode (or ~/.local/share/opencode).');
    }
  } catch (err) {
    db.close();
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read the opencode database: ${(err as Error).message}`, path);
  }
  return db;
}

function columns(db: Db, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as Row[]).map((r) => String(r.name)));
}

/** The session columns this database has, from the ones the reader knows. */
function sessionSelect(db: Db): string {
  const have = columns(db, 'session');
  const wanted = ['id', 'parent_id', 'title', 'directory', 'version', 'slug', 'time_created', 'time_updated'];
  return wanted.filter((c) => have.has(c)).join(', ');
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function sessionInfo(row: Row): Record<string, unknown> {
  return {
    id: row.id,
    title: text(row.title) ?? String(row.id),
    ...(text(row.directory) ? { directory: row.directory } : {}),
    ...(text(row.parent_id) ? { parentID: row.parent_id } : {}),
    ...(text(row.version) ? { version: row.version } : {}),
    ...(text(row.slug) ? { slug: row.slug } : {}),
    time: { created: Number(row.time_created ?? 0), updated: Number(row.time_updated ?? 0) },
  };
}

function parseData(raw: unknown, what: string, file: string, warnings: Warning[]): Record<string, unknown> | undefined {
  if (typeof raw !== 'string') {
    warnings.push({ message: `${what}: no data column value; skipped`, file });
    return undefined;
  }
  try {
    const v = JSON.parse(raw) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* reported below */
  }
  warnings.push({ message: `${what}: data is not a JSON object; skipped`, file });
  return undefined;
}

/** One session's messages with their parts, as `{info, parts}` records (ids merged back into the data). */
function readMessages(db: Db, sessionId: string, file: string, warnings: Warning[]): OpencodeMessageRecord[] {
  const messageRows = db.prepare('SELECT id, data FROM message WHERE session_id = ? ORDER BY id').all(sessionId) as Row[];
  const partRows = db.prepare('SELECT id, message_id, data FROM part WHERE session_id = ? ORDER BY message_id, id').all(sessionId) as Row[];
  const partsByMessage = new Map<string, Record<string, unknown>[]>();
  for (const row of partRows) {
    const data = parseData(row.data, `part ${String(row.id)}`, file, warnings);
    if (!data) continue;
    const messageID = String(row.message_id);
    const list = partsByMessage.get(messageID) ?? [];
    list.push({ ...data, id: row.id, sessionID: sessionId, messageID });
    partsByMessage.set(messageID, list);
  }
  const records: OpencodeMessageRecord[] = [];
  for (const row of messageRows) {
    const data = parseData(row.data, `message ${String(row.id)}`, file, warnings);
    if (!data) continue;
    const id = String(row.id);
    records.push({ info: { ...data, id, sessionID: sessionId }, parts: partsByMessage.get(id) ?? [] });
  }
  return records;
}

function pickSession(db: Db, path: string, sessionId: string | undefined): Row {
  const select = sessionSelect(db);
  if (sessionId) {
    const row = db.prepare(`SELECT ${select} FROM session WHERE id = ?`).get(sessionId) as Row | undefined;
    if (!row) {
      throw new InputError(`no session ${sessionId} in this opencode database`, path, undefined,
        'Run `playback list` to see the sessions it holds.');
    }
    return row;
  }
  const rootFilter = columns(db, 'session').has('parent_id') ? 'WHERE parent_id IS NULL' : '';
  const roots = db.prepare(`SELECT ${select} FROM session ${rootFilter} ORDER BY time_updated DESC`).all() as Row[];
  if (roots.length === 1) return roots[0]!;
  if (roots.length === 0) throw new InputError('the opencode database holds no sessions', path);
  const shown = roots.slice(0, 5).map((r) => `${String(r.id)} (${String(r.title ?? '')})`).join(', ');
  throw new InputError(
    `the opencode database holds ${roots.length} sessions; say which one (newest: ${shown}${roots.length > 5 ? ', ...' : ''})`,
    path,
    undefined,
    `Add --session ses_..., e.g. --session ${String(roots[0]!.id)}`,
  );
}

export const opencodeDbReader: Reader = {
  format: 'opencode-db',
  detect: looksLikeSqlite,
  async read(path, options) {
    const db = openDb(path);
    try {
      const root = pickSession(db, path, options.sessionId);
      if (options.workflow) return readWorkflow(db, path, String(root.id));
      const select = sessionSelect(db);
      const hasParents = columns(db, 'session').has('parent_id');
      const childrenOf = hasParents ? db.prepare(`SELECT ${select} FROM session WHERE parent_id = ? ORDER BY time_created, id`) : undefined;
      const warnings: Warning[] = [];
      const sessions: OpencodeSessionInput[] = [];
      const queue: Row[] = [root];
      const seen = new Set<string>();
      // Breadth-first, so a child comes after the session whose task call started it.
      while (queue.length) {
        const row = queue.shift()!;
        const id = String(row.id);
        if (seen.has(id)) continue;
        seen.add(id);
        sessions.push({ info: sessionInfo(row), messages: readMessages(db, id, path, warnings), file: path });
        if (childrenOf) queue.push(...(childrenOf.all(id) as Row[]));
      }
      return opencodeRecording({ format: 'opencode-db', source: path, sessions, warnings });
    } finally {
      db.close();
    }
  },
};

/** Linking facts of every session: hand-offs from the session tool's output, first message times for forks. */
function sessionFacts(db: Db): SessionFacts[] {
  const rows = db.prepare(`SELECT ${sessionSelect(db)} FROM session`).all() as Row[];
  const first = new Map<string, number>();
  for (const r of db.prepare(`SELECT session_id AS sid, min(CASE WHEN json_valid(data) THEN json_extract(data, '$.time.created') END) AS t FROM message GROUP BY session_id`).all() as Row[]) {
    if (typeof r.t === 'number') first.set(String(r.sid), r.t);
  }
  const handOffs = new Map<string, SessionFacts['handOffs']>();
  const calls = db.prepare(`
    SELECT session_id AS sid, json_extract(data, '$.state.input') AS input, json_extract(data, '$.state.output') AS output
    FROM part WHERE json_valid(data) AND json_extract(data, '$.tool') = 'session'
      AND json_extract(data, '$.state.input.mode') = 'new'`).all() as Row[];
  for (const c of calls) {
    let input: unknown;
    try {
      input = JSON.parse(String(c.input));
    } catch {
      continue;
    }
    const target = handOffTarget('session', input, c.output);
    if (target) handOffs.set(String(c.sid), [...(handOffs.get(String(c.sid)) ?? []), target]);
  }
  return rows.map((r) => ({
    id: String(r.id),
    title: text(r.title) ?? String(r.id),
    ...(text(r.parent_id) ? { parentId: String(r.parent_id) } : {}),
    created: Number(r.time_created ?? 0),
    ...(first.has(String(r.id)) ? { firstMessageTime: first.get(String(r.id))! } : {}),
    handOffs: handOffs.get(String(r.id)) ?? [],
  }));
}

/** The workflow the session belongs to: every session of its tree, tree order, subagents after their parents. */
function readWorkflow(db: Db, path: string, startId: string): Recording {
  const nodes = workflowTree(sessionFacts(db), startId)!;
  const byId = db.prepare(`SELECT ${sessionSelect(db)} FROM session WHERE id = ?`);
  const warnings: Warning[] = [];
  const sessions = conversionOrder(nodes).map((id) => ({ info: sessionInfo(byId.get(id) as Row), messages: readMessages(db, id, path, warnings), file: path }));
  return applyWorkflow(opencodeRecording({ format: 'opencode-db', source: path, sessions, warnings }), nodes);
}

/** Every session in the database, newest first, with counts cheap enough for a listing. */
export function listOpencodeSessions(dbPath: string): OpencodeSessionSummary[] {
  const db = openDb(dbPath);
  try {
    const sessions = db.prepare(`SELECT ${sessionSelect(db)} FROM session ORDER BY time_updated DESC, id DESC`).all() as Row[];
    const stats = new Map<string, { messages: number; agents: string[]; models: string[] }>();
    // json_valid guards the query against one malformed row.
    const rows = db.prepare(`
      SELECT session_id AS sid,
             CASE WHEN json_valid(data) THEN json_extract(data, '$.role') END AS role,
             CASE WHEN json_valid(data) THEN json_extract(data, '$.agent') END AS agent,
             CASE WHEN json_valid(data) THEN coalesce(json_extract(data, '$.providerID'), json_extract(data, '$.model.providerID')) END AS provider,
             CASE WHEN json_valid(data) THEN coalesce(json_extract(data, '$.modelID'), json_extract(data, '$.model.modelID'), json_extract(data, '$.model.id')) END AS model
      FROM message ORDER BY id`).all() as Row[];
    for (const r of rows) {
      const sid = String(r.sid);
      const s = stats.get(sid) ?? { messages: 0, agents: [], models: [] };
      s.messages++;
      if (r.role === 'assistant') {
        const agent = text(r.agent);
        // The compaction agent writes summaries on behalf of the session's agent; it is not a participant.
        if (agent && agent !== 'compaction' && !s.agents.includes(agent)) s.agents.push(agent);
        const model = text(r.model);
        const id = model ? (text(r.provider) ? `${String(r.provider)}/${model}` : model) : undefined;
        if (id && !s.models.includes(id)) s.models.push(id);
      }
      stats.set(sid, s);
    }
    return sessions.map((row) => {
      const id = String(row.id);
      const s = stats.get(id) ?? { messages: 0, agents: [], models: [] };
      return {
        id,
        title: text(row.title) ?? id,
        ...(text(row.directory) ? { directory: String(row.directory) } : {}),
        ...(text(row.parent_id) ? { parentId: String(row.parent_id) } : {}),
        created: Number(row.time_created ?? 0),
        updated: Number(row.time_updated ?? 0),
        messages: s.messages,
        agents: s.agents,
        models: s.models,
      };
    });
  } finally {
    db.close();
  }
}
