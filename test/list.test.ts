// `playback list` as a user runs it: the built CLI in a subprocess, with HOME, XDG_DATA_HOME
// and CLAUDE_CONFIG_DIR pointed at a temp folder holding Claude Code transcripts the test writes,
// a real opencode database (made by `opencode import` from the demo parties) and a party
// workspace as the current folder.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPUS, shortSession, text, tool, Transcript, writeSession, type WrittenSession } from './helpers/claude-code-transcript.js';
import { type CliOptions, playback, requireBuiltCli } from './helpers/cli.js';
import { DEMO_EXPORT, VIOLATIONS_EXPORT } from './helpers/demo.js';
import { makeOpencodeHome, opencodeImport, type OpencodeHome } from './helpers/opencode.js';
import { makePartyWorkspace, SESSION_ID } from './helpers/party-workspace.js';

const usage = { input_tokens: 2, output_tokens: 5 };
/** A second session in the other project: several tool calls in one turn. */
const toolHeavy = () => new Transcript('2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091', { start: '2026-03-03T11:00:00.000Z' })
  .user('List the files, then count the lines of each.')
  .assistant('h1', OPUS, [tool('toolu_h1', 'Bash', { command: 'ls' }), tool('toolu_h2', 'Bash', { command: 'wc -l *' })], usage)
  .result('toolu_h1', 'a.txt b.txt')
  .result('toolu_h2', '3 a.txt\n4 b.txt')
  .assistant('h2', OPUS, [text('a.txt has 3 lines, b.txt 4.')], usage);

interface Row {
  id: string;
  title: string;
  format: string;
  date: string | null;
  size: string;
  bytes?: number;
  messages?: number;
  participants: string[];
  directory?: string;
}

let home: OpencodeHome;
let work: string;
let projectDir: string;
let session: WrittenSession;
let shortFile: string;

/** Runs inside the sealed home only: the party workspace as the current folder, and none of the outer environment. */
function sealed(env: NodeJS.ProcessEnv = home.env): CliOptions {
  return { cwd: work, env, inheritEnv: false, timeoutMs: 120_000 };
}

const idOf = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { info: { id: string } }).info.id;

/** The last timestamp written in a transcript (python: max of the lines' `timestamp`). */
function lastTimestamp(file: string): string {
  let last = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /"timestamp":"([^"]+)"/.exec(line);
    if (m) last = Math.max(last, Date.parse(m[1]!));
  }
  return new Date(last).toISOString();
}

beforeAll(async () => {
  requireBuiltCli();
  home = makeOpencodeHome('playback-list-');
  // Claude Code: two projects; the full session keeps its subagents/ folder, one with a .meta.json.
  projectDir = join(home.env.HOME!, '.claude', 'projects', '-home-dev-tidepool');
  session = writeSession(projectDir);
  writeFileSync(join(projectDir, session.sessionId, 'subagents', `agent-${session.subagentId}.meta.json`), JSON.stringify({ agentType: 'Explore', description: session.subagentTitle, toolUseId: session.taskCallId }));
  const other = join(home.env.HOME!, '.claude', 'projects', '-home-marco-tidepool');
  shortFile = shortSession().write(join(other, 'short.jsonl'));
  toolHeavy().write(join(other, 'tool_heavy.jsonl'));
  // An older-layout subagent file beside the sessions is part of its session, not a row.
  new Transcript('2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091', { agentId: 'aae161c' })
    .user('Count the lines.')
    .assistant('g1', OPUS, [text('7 lines.')], usage)
    .write(join(other, 'agent-aae161c.jsonl'));
  // opencode: a real database.
  await opencodeImport(home, [DEMO_EXPORT, VIOLATIONS_EXPORT]);
  // A party workspace is the current folder.
  work = join(home.root, 'work');
  makePartyWorkspace({
    name: 'listing-demo',
    starter: 'juno',
    topic: 'a party to be listed',
    participants: ['juno', 'iris'],
    turns: [
      { providerID: 'anthropic', modelID: 'claude-opus-4-6', reply: 'Started.\n--- juno out ---' },
      { entity: 'Iris', providerID: 'openai', modelID: 'gpt-5', reply: '--- iris @ 2026-04-09T14:02:00Z | ion:koad | openai/gpt-5 ---\nDone.\n--- iris out ---' },
    ],
  }, work);
}, 240_000);

afterAll(() => home?.remove());

describe('playback list', () => {
  it('lists Claude Code transcripts, opencode database sessions and parties, newest first', async () => {
    const r = await playback(['list', '--json'], sealed());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Row[];
    const byFormat = (f: string) => rows.filter((x) => x.format === f);
    expect(byFormat('claude-code').map((x) => x.id).sort()).toEqual([
      session.main,
      join(home.env.HOME!, '.claude', 'projects', '-home-marco-tidepool', 'short.jsonl'),
      join(home.env.HOME!, '.claude', 'projects', '-home-marco-tidepool', 'tool_heavy.jsonl'),
    ].sort());
    expect(byFormat('opencode-db').map((x) => x.id).sort()).toEqual([DEMO_EXPORT, VIOLATIONS_EXPORT].map(idOf).sort());
    expect(byFormat('party')).toHaveLength(1);
    expect(rows).toHaveLength(6);
    const dates = rows.map((x) => Date.parse(x.date!));
    expect(dates.every(Number.isFinite)).toBe(true);
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
  });

  it('describes each row from the file, the database and the party card', async () => {
    const rows = JSON.parse((await playback(['list', '--json'], sealed())).stdout) as Row[];
    const main = rows.find((x) => x.id === session.main)!;
    expect(main.title).toBe('Make the tide table print heights in metres, and add a test.');
    expect(main.date).toBe(lastTimestamp(session.main));
    expect(main.bytes).toBe(statSync(session.main).size);
    expect(main.size).toBe(`${Math.round(main.bytes! / 1024)} KB`);
    expect(main.participants).toEqual(['User', 'Claude', 'Explore (subagent)']);
    const short = rows.find((x) => x.id.endsWith('short.jsonl'))!;
    expect(short.title).toBe('Run the tests and the linter.');
    expect(short.date).toBe(lastTimestamp(shortFile));

    const exported = JSON.parse(readFileSync(DEMO_EXPORT, 'utf8')) as { info: { id: string; title: string }; messages: Array<{ info: { agent?: string; mode?: string; role: string } }> };
    const demo = rows.find((x) => x.id === exported.info.id)!;
    expect(demo.title).toBe(exported.info.title);
    expect(demo.messages).toBe(exported.messages.length);
    const agents = [...new Set(exported.messages.filter((m) => m.info.role === 'assistant').map((m) => m.info.agent ?? m.info.mode))];
    expect(demo.participants).toEqual(['User', ...agents]);

    const party = rows.find((x) => x.format === 'party')!;
    expect(party.id).toBe(join(work, '.koad-io', 'parties', 'listing-demo'));
    expect(party.participants).toEqual(['juno', 'iris']);
  });

  it('prints ids that playback inspect accepts', async () => {
    const rows = JSON.parse((await playback(['list', '--json'], sealed())).stdout) as Row[];
    // Every format is listed, so the loop below checks each kind of id.
    expect(new Set(rows.map((row) => row.format))).toEqual(new Set(['claude-code', 'opencode-db', 'party']));
    for (const row of rows) {
      const r = await playback(['inspect', row.id, '--json'], sealed());
      expect(r.code, `${row.id}: ${r.stderr}`).toBe(0);
      const summary = JSON.parse(r.stdout) as { format: string; title: string; sessions: Array<{ id: string }> };
      const formats: Record<string, string[]> = { 'claude-code': ['claude-code'], 'opencode-db': ['opencode-db'], party: ['opencode-export', 'opencode-db'] };
      expect(formats[row.format]).toContain(summary.format);
      if (row.format === 'opencode-db') expect(summary.sessions[0]!.id).toBe(row.id);
      if (row.format === 'party') expect(summary.sessions[0]!.id).toBe(SESSION_ID);
      if (row.format === 'claude-code') expect(summary.title).toBe(row.title);
    }
  });

  it('prints a table with every id, and honours CLAUDE_CONFIG_DIR', async () => {
    const table = await playback(['list'], sealed());
    expect(table.code).toBe(0);
    const rows = JSON.parse((await playback(['list', '--json'], sealed())).stdout) as Row[];
    for (const row of rows) expect(table.stdout).toContain(row.id);
    expect(table.stdout.split('\n')[0]).toMatch(/^DATE \(UTC\)\s+FORMAT\s+SIZE\s+PARTICIPANTS\s+TITLE$/);

    // Only the other project's sessions when Claude Code's config lives elsewhere.
    const config = join(home.root, 'claude-config');
    mkdirSync(join(config, 'projects', 'p'), { recursive: true });
    toolHeavy().write(join(config, 'projects', 'p', 'elsewhere.jsonl'));
    const r = await playback(['list', '--json'], sealed({ ...home.env, CLAUDE_CONFIG_DIR: config }));
    const claude = (JSON.parse(r.stdout) as Row[]).filter((x) => x.format === 'claude-code');
    expect(claude.map((x) => x.id)).toEqual([join(config, 'projects', 'p', 'elsewhere.jsonl')]);
    expect(claude[0]!.title).toBe('List the files, then count the lines of each.');
  });

  it('says where it looked when nothing is there, and rejects a <source>', async () => {
    const emptyHome = join(home.root, 'empty-home');
    mkdirSync(emptyHome);
    const env = { PATH: home.env.PATH, HOME: emptyHome, XDG_DATA_HOME: join(emptyHome, 'data') };
    const r = await playback(['list'], { cwd: emptyHome, env, inheritEnv: false });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No sessions found');
    expect(r.stdout).toContain(join(emptyHome, '.claude', 'projects'));
    expect((await playback(['list', 'extra'], sealed())).code).toBe(2);
  });
});
