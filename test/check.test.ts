// `playback check` as a user runs it: the built CLI in a subprocess, on party workspaces
// laid out on disk, on the committed demo parties, and through the real opencode database.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playback, REPO, requireBuiltCli } from './helpers/cli.js';
import { makePartyWorkspace, type PartyWorkspace, type PartyWorkspaceSpec } from './helpers/party-workspace.js';
import { importIntoFreshDb } from './helpers/opencode.js';
import { shortSession } from './helpers/claude-code-transcript.js';

const sig = (e: string, model: string) => `--- ${e} @ 2026-04-09T14:02:11Z | ion:koad | ${model} ---`;

const clean: PartyWorkspaceSpec = {
  name: 'lighthouse',
  starter: 'juno',
  topic: 'a tiny weather page',
  participants: ['juno', 'iris', 'alice'],
  turns: [
    { providerID: 'anthropic', modelID: 'claude-opus-4-6', reply: `${sig('juno', 'anthropic/claude-opus-4-6')}\nI wrote the README.\n--- juno out ---`, writes: 'README.md' },
    { entity: 'Iris', providerID: 'xai', modelID: 'grok-4', reply: `${sig('iris', 'xai/grok-4')}\nThe template says:\n\`\`\`\n--- juno @ x | a:b | c ---\n\`\`\`\nStyles done.\n--- iris out ---`, writes: 'style.css' },
    { entity: 'Alice', providerID: 'opencode', modelID: 'big-pickle', reply: `${sig('alice', 'big-pickle')}\nPage done.\n--- alice out ---`, writes: 'index.html' },
  ],
};

// One of each finding, and the turns that plant them.
const violations: PartyWorkspaceSpec = {
  ...clean,
  name: 'poopers',
  turns: [
    clean.turns[0]!,
    { entity: 'Iris', providerID: 'xai', modelID: 'grok-4', reply: 'Did the styles.\n--- iris out ---' }, // 2 unsigned
    { entity: 'Alice', providerID: 'opencode', modelID: 'big-pickle', reply: '--- alice @ 2026-04-09T14:02:11Z | ion | opencode/big-pickle ---\nok\n--- alice out ---' }, // 3 incomplete
    { entity: 'Juno', providerID: 'anthropic', modelID: 'claude-opus-4-6', reply: `${sig('juno', 'anthropic/claude-opus-4-6')}\nreviewed, and left` }, // 4 no sign-out
    { entity: 'Iris', providerID: 'xai', modelID: 'grok-4', reply: `${sig('alice', 'xai/grok-4')}\nhi\n--- alice out ---` }, // 5 entity mismatch
    { entity: 'Alice', providerID: 'opencode', modelID: 'big-pickle', reply: `${sig('alice', 'anthropic/claude-opus-4-6')}\nx\n--- alice out ---` }, // 6 model mismatch
    { entity: 'Vesta', providerID: 'openai', modelID: 'gpt-5', reply: `${sig('vesta', 'openai/gpt-5')}\ny\n--- vesta out ---` }, // 7 not in primer
  ],
};
const planted = [
  { kind: 'unsigned', turn: 2, entity: 'iris' },
  { kind: 'incomplete-provenance', turn: 3, entity: 'alice' },
  { kind: 'no-sign-out', turn: 4, entity: 'juno' },
  { kind: 'entity-mismatch', turn: 5, entity: 'iris' },
  { kind: 'model-mismatch', turn: 6, entity: 'alice' },
  { kind: 'not-in-primer', turn: 7, entity: 'vesta' },
];

interface Finding { kind: string; turn: number; entity: string; messageId: string; detail: string }

let cleanWs: PartyWorkspace;
let badWs: PartyWorkspace;

beforeAll(() => {
  requireBuiltCli();
  cleanWs = makePartyWorkspace(clean);
  badWs = makePartyWorkspace(violations);
});
afterAll(() => {
  cleanWs?.remove();
  badWs?.remove();
});

describe('playback check', () => {
  it('exits 0 on a clean party, given the party folder or its workspace', async () => {
    for (const source of [cleanWs.party, cleanWs.root]) {
      const r = await playback(['check', source]);
      expect(r.stderr).toContain('clean: 3 turns');
      expect(r.stdout).toBe('');
      expect(r.code).toBe(0);
    }
    const json = await playback(['check', cleanWs.party, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ findings: [] });
  });

  it('reports every planted violation and nothing else, exit 1', async () => {
    const r = await playback(['check', badWs.party, '--json']);
    expect(r.code).toBe(1);
    const { findings } = JSON.parse(r.stdout) as { findings: Finding[] };
    expect(findings.map(({ kind, turn, entity }) => ({ kind, turn, entity }))).toEqual(planted);
    // Each names the assistant message of its turn, as it is in the export.
    const exported = JSON.parse(readFileSync(badWs.exportFile, 'utf8')) as { messages: Array<{ info: { id: string; role: string } }> };
    const assistantIds = exported.messages.filter((m) => m.info.role === 'assistant').map((m) => m.info.id);
    for (const f of findings) expect(f.messageId).toBe(assistantIds[f.turn - 1]);

    const human = await playback(['check', badWs.party]);
    expect(human.code).toBe(1);
    const lines = human.stdout.trim().split('\n');
    expect(lines).toHaveLength(planted.length);
    expect(lines[0]).toMatch(/^turn 2 {2}iris {2}unsigned: /);
    expect(human.stderr).toContain('6 findings in 7 turns');
  });

  it('says so, and exits 0, on a session that is not a party', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'playback-check-plain-'));
    const r = await playback(['check', shortSession().write(join(dir, 'plain.jsonl'))]);
    rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('not a party-line session');
  });

  it('exits 2 on bad usage and 1 on bad input', async () => {
    expect((await playback(['check'])).code).toBe(2);
    expect((await playback(['check', cleanWs.party, '--frobnicate'])).code).toBe(2);
    expect((await playback(['check', cleanWs.party, badWs.party])).code).toBe(2);
    const missing = await playback(['check', join(cleanWs.root, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file or folder');
  });

  it('asks which party when a workspace holds several', async () => {
    const two = makePartyWorkspace({ ...clean, name: 'second' }, cleanWs.root);
    try {
      const r = await playback(['check', cleanWs.root]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('holds 2 parties: lighthouse, second');
    } finally {
      rmSync(join(two.party), { recursive: true, force: true });
    }
  });

  it('finds the session in the opencode database when there is no export', async () => {
    const home = await importIntoFreshDb([badWs.exportFile]);
    const dbOnly = makePartyWorkspace(violations);
    try {
      rmSync(dbOnly.exportFile);
      const r = await playback(['check', dbOnly.party, '--json'], { env: { XDG_DATA_HOME: home.env.XDG_DATA_HOME } });
      // This workspace has no entity folders: the only stderr lines are warnings saying so.
      expect(r.stderr.split('\n').filter((l) => l && !/^warning: no passenger\.json for /.test(l))).toEqual([]);
      expect(r.code).toBe(1);
      const { findings } = JSON.parse(r.stdout) as { findings: Finding[] };
      expect(findings.map(({ kind, turn, entity }) => ({ kind, turn, entity }))).toEqual(planted);

      // No export and no database: a clear error naming what to do.
      const none = await playback(['check', dbOnly.party], { env: { XDG_DATA_HOME: join(dbOnly.root, 'empty') } });
      expect(none.code).toBe(1);
      expect(none.stderr).toContain(`opencode export ses_`);
    } finally {
      home.remove();
      dbOnly.remove();
    }
  }, 120_000);
});

// The committed demo parties, made by the real opencode CLI.
const DEMO = join(REPO, 'examples', 'party-demo');
const DEMO_BAD = join(REPO, 'examples', 'party-demo-violations');

describe.skipIf(!existsSync(DEMO))('the demo party', () => {
  it('is clean', async () => {
    const r = await playback(['check', DEMO]);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it('inspect reports its four entities, turns, files, models and party card', async () => {
    const r = await playback(['inspect', DEMO, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as {
      participants: Array<{ name: string; kind: string; color?: string }>;
      sessions: Array<{ parentId: string | null; turns: number }>;
      filesWritten: string[];
      models: string[];
      modelColors: Record<string, string>;
      party?: { title: string; topic?: string; participants: string[] };
    };
    const entities = s.participants.filter((p) => p.kind === 'entity');
    expect(entities.map((p) => p.name).sort()).toEqual(['Alice', 'Iris', 'Juno', 'Vesta']);
    for (const p of entities) expect(p.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(entities.map((p) => p.color)).size).toBe(4);

    // Counted independently from the raw files: the export and PRIMER.md.
    const partyDir = join(DEMO, '.koad-io', 'parties');
    const [name] = readdirSync(partyDir);
    const exported = JSON.parse(readFileSync(join(partyDir, name!, 'export.json'), 'utf8')) as {
      messages: Array<{ info: { role: string; providerID?: string; modelID?: string }; parts: Array<{ type: string; tool?: string; synthetic?: boolean; state?: { input?: { filePath?: string } } }> }>;
    };
    const prompts = exported.messages.filter((m) => m.info.role === 'user' && m.parts.some((p) => p.type === 'text' && !p.synthetic));
    const written = new Set(exported.messages.flatMap((m) => m.parts.filter((p) => p.tool === 'write' || p.tool === 'edit').map((p) => p.state?.input?.filePath)));
    const ran = new Set(exported.messages.filter((m) => m.info.role === 'assistant').map((m) => `${m.info.providerID}/${m.info.modelID}`));
    const root = s.sessions.find((x) => x.parentId === null)!;
    expect(root.turns).toBe(prompts.length);
    expect(root.turns).toBe(7);
    expect(s.filesWritten).toHaveLength(written.size);
    expect(s.filesWritten).toHaveLength(6);
    expect(new Set(s.models)).toEqual(ran);
    expect(s.models.length).toBeGreaterThanOrEqual(3);
    for (const m of s.models) expect(s.modelColors[m]).toMatch(/^#[0-9a-f]{6}$/);

    const primer = readFileSync(join(partyDir, name!, 'PRIMER.md'), 'utf8');
    expect(primer).toContain(`# Party: ${s.party!.title}`);
    expect(primer).toContain(`**Topic:** ${s.party!.topic}`);
    expect(s.party!.participants.map((p) => p.toLowerCase())).toEqual(['juno', 'iris', 'alice', 'vesta']);
    for (const p of s.party!.participants) expect(primer).toMatch(new RegExp(`^- ${p}\\b`, 'im'));
  });
});

describe.skipIf(!existsSync(join(DEMO_BAD, 'planted.json')))('the demo party with violations', () => {
  it('reports exactly the planted findings', async () => {
    const plantedDemo = JSON.parse(readFileSync(join(DEMO_BAD, 'planted.json'), 'utf8')) as Array<{ kind: string; turn: number; entity: string }>;
    const r = await playback(['check', DEMO_BAD, '--json']);
    expect(r.code).toBe(1);
    const { findings } = JSON.parse(r.stdout) as { findings: Finding[] };
    const key = (f: { kind: string; turn: number; entity: string }) => `${f.turn}:${f.kind}:${f.entity.toLowerCase()}`;
    expect(findings.map(key).sort()).toEqual(plantedDemo.map(key).sort());
  });
});

