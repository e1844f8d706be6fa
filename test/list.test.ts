// `playback list` as a user runs it: the built CLI in a subprocess, with HOME, XDG_DATA_HOME
// and CLAUDE_CONFIG_DIR pointed at a temp folder holding copies of the real samples, a real
// opencode database (made by `opencode import`) and a party workspace as the current folder.
import { copyFileSync, cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliOptions, playback, requireBuiltCli } from './helpers/cli.js';
import { makeOpencodeHome, opencodeImport, type OpencodeHome } from './helpers/opencode.js';
import { makePartyWorkspace, SESSION_ID } from './helpers/party-workspace.js';

const SAMPLES = fileURLToPath(new URL('../../shared/samples/', import.meta.url));
const SPOTTER = join(SAMPLES, 'claude-code', 'spotter');
const MAIN_ID = '8463c716-a2ea-4c14-9efa-87158ebd9f20';
const NIMBLE = join(SAMPLES, 'opencode', 'session__nimble-pixel__ses_39b4c1891ffezxPVc5OPmcqF33.json');
const JOLLY = join(SAMPLES, 'opencode', 'session__jolly-eagle__ses_39b5d713cffeRgAoxPIwS3Plus.json');

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

/** Runs inside the sealed home only: the party workspace as the current folder, and none of the outer environment. */
function sealed(env: NodeJS.ProcessEnv = home.env): CliOptions {
  return { cwd: work, env, inheritEnv: false, timeoutMs: 120_000 };
}

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
  projectDir = join(home.env.HOME!, '.claude', 'projects', '-home-USER-projects-spotter');
  mkdirSync(projectDir, { recursive: true });
  copyFileSync(join(SPOTTER, `${MAIN_ID}.jsonl`), join(projectDir, `${MAIN_ID}.jsonl`));
  cpSync(join(SPOTTER, MAIN_ID), join(projectDir, MAIN_ID), { recursive: true });
  writeFileSync(join(projectDir, MAIN_ID, 'subagents', 'agent-a7be2f0.meta.json'), JSON.stringify({ agentType: 'Explore', description: 'Explore Tmux module and test setup', toolUseId: 'toolu_017SvvKc8KLbhGMG3tXkf21Z' }));
  const other = join(home.env.HOME!, '.claude', 'projects', '-home-marco-projects-spotter');
  mkdirSync(other, { recursive: true });
  for (const f of ['short.jsonl', 'tool_heavy.jsonl']) copyFileSync(join(SPOTTER, f), join(other, f));
  // An older-layout subagent file beside the sessions is part of its session, not a row.
  copyFileSync(join(SAMPLES, 'claude-code', 'claude-history', 'agent-aae161c.jsonl'), join(other, 'agent-aae161c.jsonl'));
  // opencode: a real database.
  await opencodeImport(home, [NIMBLE, JOLLY]);
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
      join(home.env.HOME!, '.claude', 'projects', '-home-USER-projects-spotter', `${MAIN_ID}.jsonl`),
      join(home.env.HOME!, '.claude', 'projects', '-home-marco-projects-spotter', 'short.jsonl'),
      join(home.env.HOME!, '.claude', 'projects', '-home-marco-projects-spotter', 'tool_heavy.jsonl'),
    ]);
    expect(byFormat('opencode-db').map((x) => x.id).sort()).toEqual(['ses_39b4c1891ffezxPVc5OPmcqF33', 'ses_39b5d713cffeRgAoxPIwS3Plus']);
    expect(byFormat('party')).toHaveLength(1);
    expect(rows).toHaveLength(6);
    const dates = rows.map((x) => Date.parse(x.date!));
    expect(dates.every(Number.isFinite)).toBe(true);
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
  });

  it('describes each row from the file, the database and the party card', async () => {
    const rows = JSON.parse((await playback(['list', '--json'], sealed())).stdout) as Row[];
    const main = rows.find((x) => x.id.endsWith(`${MAIN_ID}.jsonl`))!;
    expect(main.title).toBe('Work on bead spotter-fum. Run bd show spotter-fum to see the issue details and …');
    expect(main.date).toBe(lastTimestamp(join(SPOTTER, `${MAIN_ID}.jsonl`)));
    expect(main.bytes).toBe(statSync(join(SPOTTER, `${MAIN_ID}.jsonl`)).size);
    expect(main.size).toBe('2.8 MB');
    expect(main.participants).toEqual(['User', 'Claude', 'Explore (subagent)']);
    const short = rows.find((x) => x.id.endsWith('short.jsonl'))!;
    expect(short.title).toBe('mix phx.server doesnt seem to start');
    expect(short.date).toBe(lastTimestamp(join(SPOTTER, 'short.jsonl')));

    const exported = JSON.parse(readFileSync(NIMBLE, 'utf8')) as { info: { title: string }; messages: Array<{ info: { agent?: string; mode?: string; role: string } }> };
    const nimble = rows.find((x) => x.id === 'ses_39b4c1891ffezxPVc5OPmcqF33')!;
    expect(nimble.title).toBe(exported.info.title);
    expect(nimble.messages).toBe(exported.messages.length);
    const agents = [...new Set(exported.messages.filter((m) => m.info.role === 'assistant').map((m) => m.info.agent ?? m.info.mode))];
    expect(nimble.participants).toEqual(['User', ...agents]);

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
    copyFileSync(join(SPOTTER, 'subagent.jsonl'), join(config, 'projects', 'p', 'subagent.jsonl'));
    const r = await playback(['list', '--json'], sealed({ ...home.env, CLAUDE_CONFIG_DIR: config }));
    const claude = (JSON.parse(r.stdout) as Row[]).filter((x) => x.format === 'claude-code');
    expect(claude.map((x) => x.id)).toEqual([join(config, 'projects', 'p', 'subagent.jsonl')]);
    expect(claude[0]!.title).toBe('handgemacht:create-beads');
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
