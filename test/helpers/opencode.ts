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
