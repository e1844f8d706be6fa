// The reader registry. To add an input format:
//   1. write `ingest/<format>.ts` exporting a `Reader` (detect + read) that returns a `Recording`
//      (see ../recording/README.md for the shape); reader-kit.ts has the contract, JSONL
//      streaming with its warnings, and field accessors; apply-patch.ts parses patches;
//   2. put its `detect` in detect.ts and add it to `readers` below, with an import() of its module;
//   3. add a test that reads a real sample and asserts its counts.
// A reader's module is loaded only for a file it detects: the readers are most of ingest's code.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { readHead } from './head.js';
import type { Recording } from '../recording/model.js';
import type { SourceFormat } from '../recording/model.js';
import type { Reader, ReadOptions } from './reader-kit.js';
import { InputError } from './errors.js';
import { looksLikeClaudeCode, looksLikeCodexRollout, looksLikeGemini, looksLikeOpencodeExport, looksLikeSqlite } from './detect.js';
import { defaultOpencodeDb } from './opencode-db-path.js';
import { spoolStdin } from './stdin.js';
import { readPartySource } from './party-folder.js';

export type { Reader, ReadOptions } from './reader-kit.js';

/** A format's test, and its reader, loaded when a file passes the test. */
export interface ReaderEntry {
  format: SourceFormat;
  detect(head: Buffer, path: string): boolean;
  load(): Promise<Reader>;
}

// Gemini before Claude Code: a Gemini session's JSON also holds `"type": "user"` and a sessionId.
export const readers: ReaderEntry[] = [
  { format: 'opencode-db', detect: looksLikeSqlite, load: async () => (await import('./opencode-db.js')).opencodeDbReader },
  { format: 'opencode-export', detect: looksLikeOpencodeExport, load: async () => (await import('./opencode-export.js')).opencodeExportReader },
  { format: 'gemini', detect: looksLikeGemini, load: async () => (await import('./gemini.js')).geminiReader },
  { format: 'claude-code', detect: looksLikeClaudeCode, load: async () => (await import('./claude-code.js')).claudeCodeReader },
  { format: 'codex', detect: looksLikeCodexRollout, load: async () => (await import('./codex.js')).codexReader },
];

/** Pick the reader for a file, by content first and by name as a tie-break. */
export function detectReader(path: string): ReaderEntry {
  const head = readHead(path);
  const reader = readers.find((r) => r.detect(head, path));
  if (!reader) {
    throw new InputError(
      'not a session file: expected an opencode export (JSON with "info" and "messages"), an opencode database, a Claude Code transcript (JSONL), a Codex CLI rollout (JSONL) or a Gemini CLI session (JSON or JSONL)',
      path,
      undefined,
      'Run `playback list` to see the sessions found on this machine.',
    );
  }
  return reader;
}

/**
 * Resolve any `<source>` the CLI accepts into the recording as read: a file, `-` for stdin,
 * a bare `ses_...` id (looked up in the default opencode database), or a party folder.
 * Attribution, identity and redaction come after (../prepare/index.ts).
 */
export async function readRecording(source: string, options: ReadOptions = {}): Promise<Recording> {
  if (source === '-') {
    const spooled = await spoolStdin();
    try {
      if (statSync(spooled.path).size === 0) {
        throw new InputError('nothing came in on stdin', STDIN, undefined, 'Pipe a session into it, e.g. playback inspect - < session.jsonl');
      }
      return await readFile(spooled.path, options, STDIN);
    } finally {
      spooled.remove();
    }
  }
  if (/^ses_[A-Za-z0-9]+$/.test(source) && !existsSync(source)) {
    const db = defaultOpencodeDb();
    if (!existsSync(db)) {
      throw new InputError(`no opencode database to look up ${source} in`, db, undefined,
        'Set XDG_DATA_HOME, or pass the database path: playback inspect path/to/opencode.db --session ses_...');
    }
    const { opencodeDbReader } = await import('./opencode-db.js');
    return opencodeDbReader.read(db, { ...options, sessionId: source });
  }
  if (!existsSync(source)) {
    throw new InputError('no such file or folder', source, undefined, 'Check the path, or run `playback list`.');
  }
  if (options.workflow) {
    const exports = workflowExports(source, options.alsoFiles ?? []);
    if (exports) {
      const [{ workflowFromExports }, { parseOpencodeExport }] = await Promise.all([import('./opencode-workflow.js'), import('./opencode-export.js')]);
      return workflowFromExports(exports, options.sessionId, parseOpencodeExport);
    }
  }
  if (statSync(source).isDirectory()) {
    const { codexFolderRoot } = await import('./codex.js');
    const rollout = codexFolderRoot(source, options.sessionId);
    return rollout ? readFile(rollout, options) : readPartySource(source, options, readFile);
  }
  return readFile(source, options);
}

/**
 * The opencode exports a workflow is read from: the files given together, or the exports in a
 * folder; undefined when the source is something else (a database reads its own workflow).
 */
function workflowExports(source: string, also: string[]): string[] | undefined {
  const given = statSync(source).isDirectory()
    ? readdirSync(source).filter((f) => f.endsWith('.json')).sort().map((f) => join(source, f))
    : [source, ...also];
  const exports = given.filter((f) => existsSync(f) && statSync(f).isFile() && looksLikeOpencodeExport(readHead(f)));
  if (statSync(source).isDirectory()) return exports.length ? exports : undefined;
  for (const f of also) {
    if (!exports.includes(f)) throw new InputError('not an opencode export: a workflow is read from several exports, or from one database', f);
  }
  return looksLikeOpencodeExport(readHead(source)) ? exports : undefined;
}

/** How stdin is named in messages (its spooled copy is gone by the time they are read). */
const STDIN = '<stdin>';

async function readFile(path: string, options: ReadOptions, shownAs?: string): Promise<Recording> {
  let rec: Recording;
  try {
    rec = await (await detectReader(path).load()).read(path, options);
  } catch (err) {
    if (shownAs && err instanceof InputError && err.file === path) throw new InputError(err.message, shownAs, err.line, err.hint);
    throw err;
  }
  if (shownAs) {
    rec.source = shownAs;
    for (const w of rec.warnings) if (w.file === path) w.file = shownAs;
  }
  return rec;
}
