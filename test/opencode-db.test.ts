// The opencode database reader on a real database: the real `opencode import` fills it from
// the demo parties' exports (made by the real opencode CLI) and a parent/child pair made from
// them, and its reading must match the reading of the exports themselves.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { InputError } from '../src/ingest/errors.js';
import { loadRecording } from '../src/prepare/index.js';
import { listOpencodeSessions, opencodeDbReader } from '../src/ingest/opencode-db.js';
import type { Recording } from '../src/recording/model.js';
import { summarize } from '../src/recording/summary.js';
import { DEMO_EXPORT, VIOLATIONS_EXPORT } from './helpers/demo.js';
import { childExportFrom, makeOpencodeHome, opencodeImport, parentExportFrom, type OpencodeHome } from './helpers/opencode.js';

interface RawExport {
  info: { id: string; title: string };
  messages: Array<{ info: Record<string, unknown> & { role: string; providerID?: string; modelID?: string }; parts: Array<Record<string, unknown>> }>;
}
const readExport = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as RawExport;
/** A session's counts, walked plainly from its export. */
function rawCounts(data: RawExport) {
  const roles = data.messages.map((m) => m.info.role);
  return {
    user: roles.filter((r) => r === 'user').length,
    assistant: roles.filter((r) => r === 'assistant').length,
    toolCalls: data.messages.flatMap((m) => m.parts).filter((p) => p.type === 'tool').length,
    models: [...new Set(data.messages.filter((m) => m.info.role === 'assistant').map((m) => `${m.info.providerID}/${m.info.modelID}`))],
  };
}

/** Warnings of the reader, not of the identity lookup (no passenger.json in $HOME). */
const readerWarnings = (rec: Recording) => rec.warnings.filter((w) => !/^no passenger\.json/.test(w.message));

const ORIGINALS = [DEMO_EXPORT, VIOLATIONS_EXPORT];
const idOf = (file: string) => readExport(file).info.id;

// A parent whose task call started a child: the demo's messages and the violations party's,
// re-homed under new ids, with the task call added to the parent's last assistant message.
const PARENT = 'ses_df3a4fee8ffeTaskParent0001';
const CHILD = 'ses_df3a4fee8ffeTaskChild00001';
const TASK_CALL = 'call_task_night_shift';
const PARENT_TITLE = 'Tidepool, with the night shift checked by a subagent';

const parentExport = () => parentExportFrom(readFileSync(DEMO_EXPORT, 'utf8'), {
  id: PARENT, title: PARENT_TITLE, callId: TASK_CALL, child: { id: CHILD, agent: 'checker', description: 'Check the night shift' },
});

let home: OpencodeHome;
let db: string;
let parentFile: string;
let childFile: string;

beforeAll(async () => {
  home = makeOpencodeHome();
  parentFile = join(home.root, 'parent.json');
  childFile = join(home.root, 'child.json');
  writeFileSync(parentFile, parentExport());
  writeFileSync(childFile, childExportFrom(readFileSync(VIOLATIONS_EXPORT, 'utf8'), { id: CHILD, parentID: PARENT, title: 'Check the night shift (@checker subagent)' }));
  db = await opencodeImport(home, [...ORIGINALS, parentFile, childFile]);
}, 900_000); // four opencode starts: about 6 s each, far more on a loaded machine
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
    expect(list.map((s) => s.id).sort()).toEqual([...ORIGINALS.map(idOf), PARENT, CHILD].sort());
    for (const file of [...ORIGINALS, parentFile]) {
      const raw = readExport(file);
      const row = list.find((s) => s.id === raw.info.id)!;
      expect(row.title).toBe(raw.info.title);
      expect(row.messages).toBe(raw.messages.length);
      expect([...row.models].sort()).toEqual(rawCounts(raw).models.sort());
      expect(row.parentId).toBeUndefined();
      expect(row.agents).toEqual(['party']);
    }
    expect(list.find((s) => s.id === CHILD)).toMatchObject({ parentId: PARENT, agents: ['party'] });
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
      // The entities have no passenger.json here: those warnings are the same either way.
      expect(fromDb.warnings).toEqual(fromExport.warnings);
      expect(readerWarnings(fromDb)).toEqual([]);
    });
  }

  it('includes child sessions, linked to the task call that started them', async () => {
    const rec = await loadRecording(db, { sessionId: PARENT });
    expect(rec.sessions.map((s) => [s.id, s.parentId])).toEqual([[PARENT, undefined], [CHILD, PARENT]]);
    expect(rec.sessions[1]!.parentCallId).toBe(TASK_CALL);
    expect(rec.participants.find((p) => p.id === `guest:${CHILD}`)).toMatchObject({ kind: 'guest', name: 'checker' });
    const s = summarize(rec);
    const parent = rawCounts(readExport(parentFile));
    const child = rawCounts(readExport(childFile));
    expect(s.sessions.map((x) => [x.messages.user, x.messages.assistant, x.toolCalls])).toEqual([
      [parent.user, parent.assistant, parent.toolCalls],
      [child.user, child.assistant, child.toolCalls],
    ]);
    expect(s.toolCalls).toBe(parent.toolCalls + child.toolCalls);
  });

  it('asks which session when the database holds several', async () => {
    const err = (await opencodeDbReader.read(db, {}).catch((e: unknown) => e)) as InputError;
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/holds 3 sessions/);
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
      expect(rec.title).toBe(PARENT_TITLE);
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
      expect(readerWarnings(rec)).toEqual([{ message: `part ${part.id}: data is not a JSON object; skipped`, file: db }]);
      const raw = rawCounts(readExport(parentFile));
      expect(rec.sessions[0]!.messages).toEqual({ user: raw.user, assistant: raw.assistant });
      expect(listOpencodeSessions(db).find((s) => s.id === PARENT)!.messages).toBe(raw.user + raw.assistant);
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
    const id = idOf(DEMO_EXPORT);
    const code = await main(['inspect', id, '--json'], out, err);
    expect(code).toBe(0);
    const s = JSON.parse(out.text) as { format: string; sessions: Array<{ id: string; messages: object }> };
    expect(s.format).toBe('opencode-db');
    const raw = rawCounts(readExport(DEMO_EXPORT));
    expect(s.sessions[0]).toMatchObject({ id, messages: { user: raw.user, assistant: raw.assistant } });
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
    const code = await main(['inspect', idOf(DEMO_EXPORT)], sink(), err);
    expect(code).toBe(1);
    expect(err.text.split('\n')[0]).toContain(join(home.root, 'nowhere', 'opencode', 'opencode.db'));
  });
});
