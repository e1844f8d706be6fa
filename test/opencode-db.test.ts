// The opencode database reader on a real database: the real `opencode import` fills it
// from the sample exports, and its reading must match the reading of the exports themselves.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { InputError } from '../src/ingest/errors.js';
import { loadRecording } from '../src/prepare/index.js';
import { listOpencodeSessions, opencodeDbReader } from '../src/ingest/opencode-db.js';
import type { Recording } from '../src/recording/model.js';
import { summarize } from '../src/recording/summary.js';
import { childExportFrom, makeOpencodeHome, opencodeImport, type OpencodeHome } from './helpers/opencode.js';

const SAMPLES = fileURLToPath(new URL('../../shared/samples/opencode/', import.meta.url));
// The 1.2.5 originals; the 1.18.33 re-export shares jolly-eagle's session id.
const ORIGINALS = readdirSync(SAMPLES).filter((f) => f.startsWith('session__') && f.endsWith('.json')).map((f) => join(SAMPLES, f));
const idOf = (file: string) => /(ses_[A-Za-z0-9]+)\.json$/.exec(file)![1]!;

const PARENT = 'ses_39b5d713cffeRgAoxPIwS3Plus'; // jolly-eagle, whose task call started the child
const CHILD = 'ses_39b5d3ed8ffea9fQ9vQMuZnTtO';

let home: OpencodeHome;
let db: string;
let childFile: string;

beforeAll(async () => {
  home = makeOpencodeHome();
  childFile = join(home.root, `session__child__${CHILD}.json`);
  writeFileSync(childFile, childExportFrom(readFileSync(join(SAMPLES, `session__nimble-pixel__ses_39b4c1891ffezxPVc5OPmcqF33.json`), 'utf8'), {
    id: CHILD, parentID: PARENT, title: 'Commit changes via gitter (@gitter subagent)',
  }));
  db = await opencodeImport(home, [...ORIGINALS, childFile]);
}, 900_000); // seven opencode starts: about 6 s each, far more on a loaded machine
afterAll(() => home?.remove());

/** What must agree between two readings of the same session. */
function comparable(rec: Recording) {
  return rec.sessions.map((s) => ({
    id: s.id, title: s.title, parentId: s.parentId, messages: s.messages, start: s.start,
    turns: s.turns.map((t) => ({ ...t })),
  }));
}

describe('opencode database (made by `opencode import`)', () => {
  it('holds every imported session', () => {
    const list = listOpencodeSessions(db);
    expect(list.map((s) => s.id).sort()).toEqual([...ORIGINALS.map(idOf), CHILD].sort());
    for (const file of ORIGINALS) {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as { info: { title: string }; messages: Array<{ info: { role: string } }> };
      const row = list.find((s) => s.id === idOf(file))!;
      expect(row.title).toBe(raw.info.title);
      expect(row.messages).toBe(raw.messages.length);
      expect(row.models).toEqual(['openai/gpt-5.3-codex']);
      expect(row.parentId).toBeUndefined();
    }
    expect(list.find((s) => s.id === CHILD)).toMatchObject({ parentId: PARENT, agents: ['build'] });
    expect(list.find((s) => s.id === 'ses_39b709b7fffea1aT6PAuEvX6Zq')!.agents).toEqual(['plan', 'build']);
    // Newest first.
    const updated = list.map((s) => s.updated);
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
  });

  for (const file of ORIGINALS) {
    it(`reads ${idOf(file)} the same as its export`, async () => {
      const fromExport = await loadRecording(file);
      const fromDb = await loadRecording(db, { sessionId: idOf(file) });
      expect(fromDb.format).toBe('opencode-db');
      const own = { ...fromDb, sessions: fromDb.sessions.filter((s) => s.id === idOf(file)) };
      expect(comparable(own)).toEqual(comparable(fromExport));
      const a = summarize(fromExport);
      const b = summarize(own as Recording);
      expect(b.sessions).toEqual(a.sessions);
      expect(b.filesWritten).toEqual(a.filesWritten);
      expect(b.toolCalls).toBe(a.toolCalls);
      expect(b.turns).toBe(a.turns);
      expect(fromDb.warnings).toEqual([]);
    });
  }

  it('includes child sessions, linked to the task call that started them', async () => {
    const rec = await loadRecording(db, { sessionId: PARENT });
    expect(rec.sessions.map((s) => [s.id, s.parentId])).toEqual([[PARENT, undefined], [CHILD, PARENT]]);
    expect(rec.sessions[1]!.parentCallId).toBe('call_JV2AfZQdyiUa2gcwxGFvJ1FF');
    expect(rec.participants.find((p) => p.id === `guest:${CHILD}`)).toMatchObject({ kind: 'guest', name: 'gitter' });
    const s = summarize(rec);
    // Parent: 1 user + 3 assistant, 2 tool calls; child (nimble-pixel's messages): 2 + 6, 4 tool calls.
    expect(s.sessions.map((x) => [x.messages.user, x.messages.assistant, x.toolCalls])).toEqual([[1, 3, 2], [2, 6, 4]]);
    expect(s.toolCalls).toBe(6);
    expect(s.tokens.input).toBe(17656 + 36336);
  });

  it('asks which session when the database holds several', async () => {
    const err = (await opencodeDbReader.read(db, {}).catch((e: unknown) => e)) as InputError;
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/holds 6 sessions/);
    expect(err.describe()).toContain('--session ses_');
  });

  it('with one root session, reads it without --session (children included)', async () => {
    const single = join(home.root, 'single.db');
    const source = new Database(db, { readonly: true });
    source.prepare('VACUUM INTO ?').run(single);
    source.close();
    const writer = new Database(single);
    writer.pragma('foreign_keys = ON');
    writer.prepare('DELETE FROM session WHERE id NOT IN (?, ?)').run(PARENT, CHILD);
    writer.close();
    const rec = await loadRecording(single);
    expect(rec.sessions.map((s) => s.id)).toEqual([PARENT, CHILD]);
    expect(listOpencodeSessions(single).map((s) => s.id).sort()).toEqual([CHILD, PARENT].sort());
  });

  it('reads while another connection is writing (WAL)', async () => {
    const writer = new Database(db);
    try {
      expect(writer.pragma('journal_mode', { simple: true })).toBe('wal');
      writer.exec('BEGIN IMMEDIATE');
      writer.prepare("UPDATE session SET title = 'renamed in flight' WHERE id = ?").run(PARENT);
      const rec = await loadRecording(db, { sessionId: PARENT });
      expect(rec.title).toBe('Gitter-commit workflow summary for repository commits');
      writer.exec('ROLLBACK');
    } finally {
      writer.close();
    }
  });

  it('a bad row is a warning, the rest is read', async () => {
    const writer = new Database(db);
    try {
      writer.exec('BEGIN');
      const part = writer.prepare('SELECT id FROM part WHERE session_id = ? ORDER BY id LIMIT 1').get(PARENT) as { id: string };
      writer.prepare("UPDATE part SET data = '{not json' WHERE id = ?").run(part.id);
      writer.exec('COMMIT');
      const rec = await loadRecording(db, { sessionId: PARENT });
      expect(rec.warnings).toEqual([{ message: `part ${part.id}: data is not a JSON object; skipped`, file: db }]);
      expect(rec.sessions[0]!.messages).toEqual({ user: 1, assistant: 3 });
      expect(listOpencodeSessions(db).find((s) => s.id === PARENT)!.messages).toBe(4);
    } finally {
      writer.close();
    }
  });
});

function sink(): Writable & { text: string } {
  const w = new Writable({ write(chunk, _enc, done) { w.text += String(chunk); done(); } }) as Writable & { text: string };
  w.text = '';
  return w;
}

describe('bare ses_... ids are looked up in $XDG_DATA_HOME/opencode/opencode.db', () => {
  it('inspects a session by id alone', async () => {
    process.env.XDG_DATA_HOME = home.env.XDG_DATA_HOME;
    const out = sink();
    const err = sink();
    const code = await main(['inspect', 'ses_39b4c1891ffezxPVc5OPmcqF33', '--json'], out, err);
    expect(err.text).toBe('');
    expect(code).toBe(0);
    const s = JSON.parse(out.text) as { format: string; sessions: Array<{ id: string; messages: object }> };
    expect(s.format).toBe('opencode-db');
    expect(s.sessions[0]).toMatchObject({ id: 'ses_39b4c1891ffezxPVc5OPmcqF33', messages: { user: 2, assistant: 6 } });
  });

  it('a missing session exits 1 with one clear line', async () => {
    process.env.XDG_DATA_HOME = home.env.XDG_DATA_HOME;
    const out = sink();
    const err = sink();
    const code = await main(['inspect', 'ses_doesnotexist0000000000'], out, err);
    expect(code).toBe(1);
    expect(out.text).toBe('');
    expect(err.text.split('\n')[0]).toBe(`playback inspect: ${db}: no session ses_doesnotexist0000000000 in this opencode database`);
    expect(err.text).not.toMatch(/\n\s+at /);
  });

  it('with no database there, says where it looked', async () => {
    process.env.XDG_DATA_HOME = join(home.root, 'nowhere');
    const err = sink();
    const code = await main(['inspect', 'ses_39b4c1891ffezxPVc5OPmcqF33'], sink(), err);
    expect(code).toBe(1);
    expect(err.text.split('\n')[0]).toContain(join(home.root, 'nowhere', 'opencode', 'opencode.db'));
  });
});
