// Runs the real `opencode` CLI in a sealed folder (scripts/opencode-home.ts) to make real
// opencode databases for the tests.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPENCODE_BIN, sealOpencodeHome } from '../../scripts/opencode-home.js';


export interface OpencodeHome {
  /** The temp folder holding everything. */
  root: string;
  /** Environment for opencode processes (and for readers that look up $XDG_DATA_HOME). */
  env: NodeJS.ProcessEnv;
  /** `$XDG_DATA_HOME/opencode/opencode.db`. */
  dbPath: string;
  remove(): void;
}

/** A fresh, isolated opencode home: XDG folders, HOME, TMPDIR, and a pre-made plugin folder. */
export function makeOpencodeHome(prefix = 'playback-opencode-'): OpencodeHome {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const { env, dbPath } = sealOpencodeHome(root);
  return { root, env, dbPath, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * `opencode import <file>` for each export, in order, into the home's database. Returns the db
 * path. Asynchronous, so a test runner's worker stays responsive during the ~5 s each takes.
 */
export async function opencodeImport(home: OpencodeHome, exportFiles: string[]): Promise<string> {
  for (const file of exportFiles) {
    await promisify(execFile)(OPENCODE_BIN, ['import', file], { cwd: home.root, env: home.env, timeout: 180_000 });
  }
  return home.dbPath;
}

/** One-shot: a new home with the given exports imported; the caller removes it. */
export async function importIntoFreshDb(exportFiles: string[]): Promise<OpencodeHome & { db: string }> {
  const home = makeOpencodeHome();
  const db = await opencodeImport(home, exportFiles);
  return { ...home, db };
}

/**
 * A subagent export made from a real export: the same messages, re-homed under `id` with
 * `parentID` and the `"<description> (@<agent> subagent)"` title opencode gives children.
 * Message and part ids get a new tail, so the copy can share a database with its original.
 */
export function childExportFrom(exportText: string, child: { id: string; parentID: string; title: string }): string {
  const data = JSON.parse(exportText) as { info: Record<string, unknown>; messages: Array<{ info: Record<string, unknown>; parts: Array<Record<string, unknown>> }> };
  const rehome = (id: unknown) => (typeof id === 'string' ? `${id.slice(0, -4)}Chld` : id);
  data.info = { ...data.info, id: child.id, parentID: child.parentID, title: child.title, slug: 'child-session' };
  for (const m of data.messages) {
    m.info.id = rehome(m.info.id);
    if (m.info.parentID) m.info.parentID = rehome(m.info.parentID);
    m.info.sessionID = child.id;
    for (const p of m.parts) {
      p.id = rehome(p.id);
      p.messageID = rehome(p.messageID);
      p.sessionID = child.id;
    }
  }
  return JSON.stringify(data, null, 2);
}

/**
 * A parent export made from a real export: its messages re-homed under `id`, with a completed
 * `task` call added to the last assistant message naming `child.id` (in `metadata.sessionId`
 * and in the output, as opencode writes both).
 */
export function parentExportFrom(exportText: string, parent: { id: string; title: string; callId: string; child: { id: string; agent: string; description: string } }): string {
  type Message = { info: Record<string, unknown>; parts: Array<Record<string, unknown>> };
  const data = JSON.parse(childExportFrom(exportText, { id: parent.id, parentID: '', title: parent.title })) as { info: Record<string, unknown>; messages: Message[] };
  delete data.info.parentID;
  const last = data.messages.filter((m) => m.info.role === 'assistant').pop()!;
  const lastPart = last.parts[last.parts.length - 1]!;
  const time = (last.info.time as { created: number }).created;
  const { child } = parent;
  last.parts.splice(last.parts.length - 1, 0, {
    id: `${String(lastPart.id).slice(0, -4)}Task`, sessionID: parent.id, messageID: last.info.id, type: 'tool', callID: parent.callId, tool: 'task',
    state: {
      status: 'completed', input: { description: child.description, subagent_type: child.agent, prompt: `${child.description}, and report back.` },
      output: `task_id: ${child.id} (for resuming to continue this task if needed)\n\n<task_result>\nDone.\n</task_result>`,
      title: child.description, metadata: { sessionId: child.id }, time: { start: time + 100, end: time + 200 },
    },
  });
  return JSON.stringify(data, null, 2);
}
