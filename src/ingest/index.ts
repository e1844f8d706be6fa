// The reader registry. To add an input format:
//   1. write `ingest/<format>.ts` exporting a `Reader` (detect + read) that returns a `Recording`
//      (see ../recording/README.md for the shape);
//   2. add it to `readers` below;
//   3. add a test that reads a real sample and asserts its counts.
import { statSync, existsSync } from 'node:fs';
import { readHead } from './head.js';
import type { Recording, SourceFormat } from '../recording/model.js';
import { InputError } from './errors.js';
import { claudeCodeReader } from './claude-code.js';
import { opencodeExportReader } from './opencode-export.js';
import { opencodeDbReader, defaultOpencodeDb } from './opencode-db.js';
import { spoolStdin } from './stdin.js';
import { readPartySource } from './party-folder.js';

export interface ReadOptions {
  /** Session id to read, for sources holding many (an opencode database). */
  sessionId?: string;
}

export interface Reader {
  format: SourceFormat;
  /** A cheap look at the first bytes (up to 64 KiB) of a file: is it this format? */
  detect(head: Buffer, path: string): boolean;
  read(path: string, options: ReadOptions): Promise<Recording>;
}

export const readers: Reader[] = [opencodeDbReader, opencodeExportReader, claudeCodeReader];

/** Pick the reader for a file, by content first and by name as a tie-break. */
export function detectReader(path: string): Reader {
  const head = readHead(path);
  const reader = readers.find((r) => r.detect(head, path));
  if (!reader) {
    throw new InputError(
      'not a session file: expected an opencode export (JSON with "info" and "messages"), an opencode database, or a Claude Code transcript (JSONL)',
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
      return await readFile(spooled.path, options, '<stdin>');
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
    return opencodeDbReader.read(db, { ...options, sessionId: source });
  }
  if (!existsSync(source)) {
    throw new InputError('no such file or folder', source, undefined, 'Check the path, or run `playback list`.');
  }
  if (statSync(source).isDirectory()) return readPartySource(source, options, readFile);
  return readFile(source, options);
}

async function readFile(path: string, options: ReadOptions, shownAs?: string): Promise<Recording> {
  const reader = detectReader(path);
  const rec = await reader.read(path, options);
  if (shownAs) {
    rec.source = shownAs;
    for (const w of rec.warnings) if (w.file === path) w.file = shownAs;
  }
  return rec;
}
