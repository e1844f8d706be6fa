// `playback inspect` as a user runs it: the built CLI in a subprocess, on the demo party and,
// when they are there, on the real samples.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliOptions, playback, REPO, requireBuiltCli } from './helpers/cli.js';
import { DEMO, DEMO_EXPORT, VIOLATIONS_EXPORT } from './helpers/demo.js';
import { describeSamples, sample } from './helpers/samples.js';

const HARBOR = sample('opencode', 'session__curious-harbor__ses_39b4b4b3bffeXCkbhNdUgsq5wv.json');
const JOLLY = sample('opencode', 'session__jolly-eagle__ses_39b5d713cffeRgAoxPIwS3Plus.json');

interface RawExport {
  info: { id: string; title: string; time: { created: number; updated: number } };
  messages: Array<{ info: { role: string; providerID?: string; modelID?: string; tokens?: { input: number; output: number; reasoning: number; cache: { read: number; write: number } } }; parts: Array<{ type: string; state?: { status: string } }> }>;
}
/** The demo export, walked plainly. */
const demo = JSON.parse(readFileSync(DEMO_EXPORT, 'utf8')) as RawExport;
const demoAssistant = demo.messages.filter((m) => m.info.role === 'assistant');
const demoCounts = {
  user: demo.messages.length - demoAssistant.length,
  assistant: demoAssistant.length,
  toolCalls: demo.messages.flatMap((m) => m.parts).filter((p) => p.type === 'tool').length,
  toolErrors: demo.messages.flatMap((m) => m.parts).filter((p) => p.type === 'tool' && p.state?.status === 'error').length,
  models: [...new Set(demoAssistant.map((m) => `${m.info.providerID}/${m.info.modelID}`))],
  tokens: demoAssistant.reduce((t, m) => ({
    input: t.input + m.info.tokens!.input, output: t.output + m.info.tokens!.output, reasoning: t.reasoning + m.info.tokens!.reasoning,
    cacheRead: t.cacheRead + m.info.tokens!.cache.read, cacheWrite: t.cacheWrite + m.info.tokens!.cache.write,
  }), { input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite: 0 }),
};

const temp = mkdtempSync(join(tmpdir(), 'playback-inspect-'));
/** Every run starts in a scratch folder, as a user's would, away from the repository. */
const inTemp: CliOptions = { cwd: temp };

beforeAll(() => requireBuiltCli());
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** `inspect --json` of a source: exit 0, nothing on stderr, and every documented key. */
async function documentedObject(source: string) {
  const r = await playback(['inspect', source, '--json'], inTemp);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const s = JSON.parse(r.stdout);
  expect(s.format).toBe('opencode-export');
  expect(Object.keys(s)).toEqual(expect.arrayContaining([
    'format', 'sessions', 'participants', 'models', 'turns', 'toolCalls', 'toolErrors', 'filesWritten', 'tokens', 'warnings', 'duration', 'cost', 'modelColors',
  ]));
  return s;
}

describe('playback inspect --json', () => {
  it('prints the documented object', async () => {
    const s = await documentedObject(DEMO);
    expect(s.sessions).toEqual([{
      id: demo.info.id, title: demo.info.title, parentId: null, messages: { user: demoCounts.user, assistant: demoCounts.assistant },
      turns: demoCounts.user, toolCalls: demoCounts.toolCalls, toolErrors: demoCounts.toolErrors, models: demoCounts.models,
    }]);
    // The entities, in the order they join, each on the model it ran.
    expect(s.participants.map(({ name, kind, models }: { name: string; kind: string; models: string[] }) => [name, kind, models])).toEqual([
      ['user', 'user', []],
      ...['Juno', 'Iris', 'Alice', 'Vesta'].map((name, i) => [name, 'entity', [demoCounts.models[i]]]),
    ]);
    for (const p of s.participants) if (p.color !== undefined) expect(p.color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(s.models).toEqual(demoCounts.models);
    for (const m of demoCounts.models) expect(s.modelColors[m]).toMatch(/^#[0-9a-f]{6}$/i);
    expect([s.turns, s.toolCalls, s.toolErrors]).toEqual([demoCounts.user, demoCounts.toolCalls, demoCounts.toolErrors]);
    expect(s.filesWritten).toEqual(expect.arrayContaining(['src/tides.mjs', 'test/tides.test.mjs', 'bin/tidepool.mjs']));
    expect(s.tokens).toEqual(demoCounts.tokens);
    expect(s.warnings).toEqual([]);
  });

  it(`duration spans the session (time.updated - time.created = ${demo.info.time.updated - demo.info.time.created} ms)`, async () => {
    const s = JSON.parse((await playback(['inspect', DEMO, '--json'], inTemp)).stdout);
    expect(s.duration).toBe(demo.info.time.updated - demo.info.time.created);
  });

  it('reads stdin given -', async () => {
    const r = await playback(['inspect', '-', '--json'], { ...inTemp, input: readFileSync(DEMO_EXPORT, 'utf8') });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ source: '<stdin>', turns: demoCounts.user, toolCalls: demoCounts.toolCalls });
  });
});

describeSamples('playback inspect --json on the real samples', () => {
  it('prints the documented object', async () => {
    const s = await documentedObject(HARBOR);
    expect(s.sessions).toEqual([{
      id: 'ses_39b4b4b3bffeXCkbhNdUgsq5wv', title: 'Add TLS/HTTPS support for elysia-llms-txt integration', parentId: null,
      messages: { user: 9, assistant: 41 }, turns: 9, toolCalls: 43, toolErrors: 4, models: ['openai/gpt-5.3-codex'],
    }]);
    expect(s.participants.map(({ color, ...rest }: { color?: string }) => rest)).toEqual([
      { id: 'user', name: 'user', kind: 'user', models: [] },
      { id: 'agent:build', name: 'build', kind: 'agent', models: ['openai/gpt-5.3-codex'] },
    ]);
    // Colours, once the identity step has given them, are hex.
    for (const p of s.participants) if (p.color !== undefined) expect(p.color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(s.models).toEqual(['openai/gpt-5.3-codex']);
    expect(s.modelColors['openai/gpt-5.3-codex']).toMatch(/^#[0-9a-f]{6}$/i);
    expect([s.turns, s.toolCalls, s.toolErrors]).toEqual([9, 43, 4]);
    expect(s.filesWritten).toHaveLength(26);
    expect(s.filesWritten).toContain('core/src/logging.ts');
    expect(s.tokens).toEqual({ input: 107682, output: 6930, reasoning: 2436, cacheRead: 1100544, cacheWrite: 0 });
    expect(s.warnings).toEqual([]);
  });

  it('duration spans the session (jq: time.updated - time.created = 74262 ms)', async () => {
    const s = JSON.parse((await playback(['inspect', JOLLY, '--json'], inTemp)).stdout);
    expect(s.duration).toBe(74262);
    // opencode logged $0 for gpt-5.3-codex, which models.dev lacks: priced at genai-prices' own
    // total for the same tokens (its input counts cache reads, its output reasoning).
    const [row] = s.costs;
    expect([row.model, row.costFrom, row.catalog]).toEqual(['openai/gpt-5.3-codex', 'catalog', 'genai-prices']);
    const t = row.tokens;
    const usage = { input_tokens: t.input + t.cacheRead + t.cacheWrite, cache_read_tokens: t.cacheRead, cache_write_tokens: t.cacheWrite, output_tokens: t.output + t.reasoning };
    expect(t.cacheRead).toBeGreaterThan(0);
    expect(s.cost).toBeCloseTo(calcPrice(usage, 'gpt-5.3-codex', { providerId: 'openai', timestamp: new Date(s.start) })!.total_price, 12);
  });

  it('reads stdin given -', async () => {
    const r = await playback(['inspect', '-', '--json'], { ...inTemp, input: readFileSync(JOLLY, 'utf8') });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ source: '<stdin>', turns: 1, toolCalls: 2 });
  });
});

describeSamples('playback inspect, human output', () => {
  it('summarises sessions, participants, tools, files, tokens, duration', async () => {
    const r = await playback(['inspect', HARBOR], inTemp);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out.split('\n')[0]).toBe('Add TLS/HTTPS support for elysia-llms-txt integration');
    expect(out).toMatch(/ses_39b4b4b3bffeXCkbhNdUgsq5wv/);
    expect(out).toMatch(/9 turns, 9 user \/ 41 assistant messages, 43 tool calls \(4 errors\)/);
    expect(out).toMatch(/^ {2}build +agent +openai\/gpt-5\.3-codex$/m);
    expect(out).toMatch(/^Tool calls {2}43 \(4 errors\)$/m);
    expect(out).toMatch(/^Files {7}26 files written$/m);
    expect(out).toMatch(/… and 1 more \(see --json\)/);
    expect(out).toMatch(/input 107,682 · output 6,930 · reasoning 2,436 · cache read 1,100,544/);
    expect(out).toMatch(/^Duration {4}11m 11s$/m); // 671153 ms
    expect(out).toMatch(/^Warnings {4}none$/m);
  });

});

describe('playback inspect, warnings', () => {
  it('sends warnings to stderr as file: warning: message, and still exits 0', async () => {
    const file = join(temp, 'odd.json');
    writeFileSync(file, JSON.stringify({
      info: { id: 'ses_odd', title: 'odd', time: { created: 1_768_039_200_000, updated: 1_768_039_201_000 } },
      messages: [{ info: { id: 'msg_1', role: 'user', time: { created: 1_768_039_200_000 } }, parts: [{ type: 'hologram', id: 'prt_1' }] }],
    }));
    const r = await playback(['inspect', file], inTemp);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`${file}: warning: unknown opencode part type "hologram" (1×, first in message msg_1); kept as generic events\n`);
    expect(r.stdout).toMatch(/^Warnings {4}1 \(on stderr\)$/m);
  });
});

describe('playback inspect: failures', () => {
  const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at \S+ \(/);

  it('a missing file: exit 1, one line naming the file', async () => {
    const missing = join(temp, 'no-such-session.json');
    const r = await playback(['inspect', missing], inTemp);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`playback inspect: ${missing}: no such file or folder`);
    noStack(r.stderr);
  });

  it('a file that is not a session: exit 1, naming the file and what was expected', async () => {
    const r = await playback(['inspect', join(REPO, 'package.json')], inTemp);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^playback inspect: ${join(REPO, 'package.json')}: not a session file: expected an opencode export`));
    noStack(r.stderr);
  });

  it('a truncated export: exit 1 with file:line', async () => {
    const text = readFileSync(DEMO_EXPORT, 'utf8');
    const cut = text.slice(0, 5000);
    const file = join(temp, 'cut.json');
    writeFileSync(file, cut);
    const r = await playback(['inspect', file], inTemp);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`playback inspect: ${file}:${cut.split('\n').length}: the export ends too early (truncated JSON)`);
    noStack(r.stderr);
  });

  it('bad usage: exit 2', async () => {
    expect((await playback(['inspect', DEMO_EXPORT, '--no-such-flag'], inTemp)).code).toBe(2);
    expect((await playback(['inspect'], inTemp)).code).toBe(2);
    expect((await playback(['inspect', DEMO_EXPORT, VIOLATIONS_EXPORT], inTemp)).code).toBe(2);
  });
});

describe('summarize', () => {
  it('carries the party card, participants in join order', async () => {
    const { summarize } = await import('../src/recording/summary.js');
    const { loadRecording } = await import('../src/prepare/index.js');
    const rec = await loadRecording(DEMO_EXPORT);
    rec.party = {
      name: 'demo', title: 'Demo party', topic: 'naming things', starter: 'juno', date: '2026-04-09',
      participants: [{ handle: 'juno', starter: true }, { handle: 'iris', starter: false, joined: 'turn 2' }],
    };
    expect(summarize(rec).party).toEqual({
      name: 'demo', title: 'Demo party', topic: 'naming things', starter: 'juno', date: '2026-04-09', participants: ['juno', 'iris'],
    });
    delete rec.party;
    expect('party' in summarize(rec)).toBe(false);
  });
});
