import { afterAll, describe, expect, it } from 'vitest';
import { emptyTokens, type PartyInfo, type RecEvent, type Recording, type Turn } from '../src/recording/model.js';
import { attributeParty, isPartySession } from '../src/recording/party-line.js';
import { applyIdentity, passengerColor } from '../src/recording/identity.js';
import { checkProtocol } from '../src/recording/protocol-check.js';
import { hslToHex, luminance } from '../src/recording/color.js';
import { modelInfo, sameModel } from '../src/recording/model-colors.js';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { findPartyFolders, parsePrimer } from '../src/ingest/party-folder.js';
import { loadRecording } from '../src/prepare/index.js';
import { loadConfig, parseConfig } from '../src/ingest/config.js';
import { makePartyWorkspace, primerText, SESSION_ID, type PartyWorkspaceSpec } from './helpers/party-workspace.js';
import { writeSession } from './helpers/claude-code-transcript.js';

// A party session as the opencode reader returns it: every answer by the `party` agent.
const SES = 'ses_5a1c0ffee0001PartyDemoAbC';
let clock = Date.UTC(2026, 3, 9, 14, 0, 0);
let seq = 0;
const nextId = (prefix: string) => `${prefix}_${(++seq).toString(16).padStart(12, '0')}Xy`;

function prompt(entity: string, model: string, message: string): string {
  return [
    `[PARTY-LINE: You are now ${entity}. Your identity follows.]`,
    `# ${entity}\nI am ${entity}, a member of this workspace.`,
    '[PROVENANCE: Sign your work with full provenance:]',
    `--- ${entity.toLowerCase()} @ 2026-04-09T14:02:11Z | ion:koad | ${model} ---`,
    '[MESSAGE FROM ORCHESTRATOR]',
    message,
    `End with: --- ${entity.toLowerCase()} out ---`,
  ].join('\n');
}

function turn(index: number, promptText: string | undefined, replies: string[], model: string, file?: string): Turn {
  const userMsg = nextId('msg');
  const events: RecEvent[] = [];
  const messageIds: string[] = [];
  const start = (clock += 1000);
  if (promptText !== undefined) {
    messageIds.push(userMsg);
    events.push({ kind: 'text', role: 'user', id: nextId('prt'), sessionId: SES, messageId: userMsg, time: start, participantId: 'user', text: promptText });
  }
  for (const text of replies) {
    const msg = nextId('msg');
    messageIds.push(msg);
    events.push({ kind: 'text', role: 'assistant', id: nextId('prt'), sessionId: SES, messageId: msg, time: (clock += 500), participantId: 'agent:party', model, text });
    if (file) {
      const callId = nextId('call');
      events.push({ kind: 'tool', id: nextId('prt'), sessionId: SES, messageId: msg, time: (clock += 200), participantId: 'agent:party', model, callId, tool: 'write', input: { filePath: `/w/${file}` }, status: 'completed' });
      events.push({ kind: 'file-change', id: nextId('prt'), sessionId: SES, messageId: msg, time: clock, participantId: 'agent:party', model, path: `/w/${file}`, relPath: file, op: 'write', content: 'x', callId });
    }
  }
  return {
    index,
    sessionId: SES,
    participantId: 'agent:party',
    ...(promptText !== undefined ? { prompt: { messageId: userMsg, text: promptText, time: start } } : {}),
    messageIds,
    start,
    end: clock,
    models: [model],
    events,
    tokens: emptyTokens(),
    cost: 0,
    usage: [],
  };
}

const sign = (e: string, model: string) => `--- ${e} @ 2026-04-09T14:0${seq % 10}:00Z | ion:koad | ${model} ---`;

function recording(turns: Turn[]): Recording {
  return {
    format: 'opencode-export',
    source: 'export.json',
    title: 'party: demo',
    start: turns[0]!.start,
    end: turns.at(-1)!.end,
    sessions: [{ id: SES, title: 'party: demo', start: turns[0]!.start, end: turns.at(-1)!.end, messages: { user: turns.length, assistant: turns.length }, turns }],
    participants: [
      { id: 'user', kind: 'user', name: 'user', models: [] },
      { id: 'agent:party', kind: 'agent', name: 'party', models: [...new Set(turns.flatMap((t) => t.models))] },
    ],
    tokens: emptyTokens(),
    cost: 0,
    warnings: [],
  };
}

const OPUS = 'anthropic/claude-opus-4-6';
const GROK = 'xai/grok-4';
const PICKLE = 'opencode/big-pickle';

const party: PartyInfo = {
  name: 'demo',
  title: 'demo',
  starter: 'juno',
  sessionId: SES,
  topic: 'a tiny static site',
  participants: [
    { handle: 'juno', starter: true },
    { handle: 'iris', starter: false, joined: '2026-04-09T14:05:00Z' },
    { handle: 'alice', starter: false, joined: '2026-04-09T14:09:00Z' },
  ],
};

function cleanParty(): Recording {
  return recording([
    // The spawn: no PARTY-LINE header, the starter speaks.
    turn(0, 'You are starting a party. Sign your work, leave cleanly.', [`${sign('juno', OPUS)}\nI set up the README.\n--- juno out ---`], OPUS, 'README.md'),
    turn(1, prompt('Iris', GROK, 'Add a stylesheet.'), [`${sign('iris', GROK)}\nStyles added.`, 'And checked them.\n--- iris out ---'], GROK, 'style.css'),
    turn(2, prompt('Alice', PICKLE, 'Write the page.'), [`${sign('alice', PICKLE)}\nPage written.\n--- alice out ---`], PICKLE, 'index.html'),
    turn(3, prompt('Juno', OPUS, 'Review.'), [`${sign('juno', 'claude-opus-4-6')}\nReviewed.\n--- juno out ---`], OPUS),
  ]);
}

describe('attributeParty', () => {
  it('attributes each turn to its entity and replaces the party agent', () => {
    const rec = attributeParty(cleanParty(), party);
    const turns = rec.sessions[0]!.turns;
    expect(turns.map((t) => t.participantId)).toEqual(['entity:juno', 'entity:iris', 'entity:alice', 'entity:juno']);
    expect(turns.map((t) => t.attribution?.source)).toEqual(['signature', 'header', 'header', 'header']);
    expect(rec.participants.map((p) => p.id)).toEqual(['user', 'entity:juno', 'entity:iris', 'entity:alice']);
    expect(rec.participants.filter((p) => p.kind === 'entity').map((p) => p.name)).toEqual(['Juno', 'Iris', 'Alice']);
    expect(rec.participants.find((p) => p.id === 'entity:iris')?.models).toEqual([GROK]);
    // The assistant's events follow the turn; the prompt stays the user's.
    for (const t of turns) {
      for (const ev of t.events) expect(ev.participantId).toBe(ev.kind === 'text' && ev.role === 'user' ? 'user' : t.participantId);
    }
    expect(turns[1]!.attribution).toMatchObject({ headerEntity: 'iris', signedIn: true, signedOut: true, signature: { entity: 'iris', host: 'ion', user: 'koad', model: GROK } });
  });

  it('falls back to the starter for an unsigned spawn', () => {
    const rec = recording([turn(0, 'Start the party.', ['I set things up.'], OPUS)]);
    attributeParty(rec, party);
    expect(rec.sessions[0]!.turns[0]!.participantId).toBe('entity:juno');
    expect(rec.sessions[0]!.turns[0]!.attribution?.source).toBe('starter');
  });

  it('never reads the prompt as a signature', () => {
    // The prompt carries a filled-in template for Iris, the reply signs nothing.
    const rec = recording([turn(0, 'spawn', [`${sign('juno', OPUS)}\n--- juno out ---`], OPUS), turn(1, prompt('Iris', GROK, 'go'), ['Done, no signature.'], GROK)]);
    attributeParty(rec);
    const a = rec.sessions[0]!.turns[1]!.attribution!;
    expect(a.signedIn).toBe(false);
    expect(a.signedOut).toBe(false);
    expect(a.signature).toBeUndefined();
    expect(rec.sessions[0]!.turns[1]!.participantId).toBe('entity:iris');
  });

  it('keeps subagents as guests, prompted by the entity that delegated', () => {
    const rec = cleanParty();
    const iris = rec.sessions[0]!.turns[1]!;
    const child = 'ses_5a1c0ffee0002ChildAbCdEf';
    iris.events.push({ kind: 'tool', id: 'prt_task', sessionId: SES, messageId: iris.messageIds[1], time: iris.end, participantId: 'agent:party', model: GROK, callId: 'call_task', tool: 'task', input: {}, status: 'completed', childSessionId: child });
    const childTurn = turn(0, 'Find the colour tokens.', ['Found 4.'], GROK);
    childTurn.sessionId = child;
    childTurn.participantId = `guest:${child}`;
    for (const ev of childTurn.events) {
      ev.sessionId = child;
      ev.participantId = ev.kind === 'text' && ev.role === 'user' ? 'agent:party' : `guest:${child}`;
    }
    rec.sessions.push({ id: child, title: 'colours (@explore subagent)', parentId: SES, parentCallId: 'call_task', start: childTurn.start, end: childTurn.end, messages: { user: 1, assistant: 1 }, turns: [childTurn] });
    rec.participants.push({ id: `guest:${child}`, kind: 'guest', name: 'explore (subagent)', models: [GROK] });
    attributeParty(rec, party);
    expect(rec.participants.map((p) => p.id)).toEqual(['user', 'entity:juno', 'entity:iris', 'entity:alice', `guest:${child}`]);
    expect(childTurn.participantId).toBe(`guest:${child}`);
    expect(childTurn.events.map((e) => e.participantId)).toEqual(['entity:iris', `guest:${child}`]);
    expect(childTurn.attribution).toBeUndefined();
  });

  it('detects a party from the header alone, and leaves a plain session alone', () => {
    const plain = recording([turn(0, 'fix the bug', ['fixed'], OPUS)]);
    expect(isPartySession(plain)).toBe(false);
    attributeParty(plain);
    expect(plain.participants.map((p) => p.id)).toEqual(['user', 'agent:party']);
    expect(plain.sessions[0]!.turns[0]!.attribution).toBeUndefined();

    const headerOnly = recording([turn(0, prompt('Vesta', 'openai/gpt-5', 'hi'), [`${sign('vesta', 'openai/gpt-5')}\n--- vesta out ---`], 'openai/gpt-5')]);
    expect(isPartySession(headerOnly)).toBe(true);
    attributeParty(headerOnly);
    expect(headerOnly.participants.map((p) => p.name)).toEqual(['user', 'Vesta']);
  });
});

describe('applyIdentity', () => {
  it('colours entities from their outfit, others from a stable hash', () => {
    const rec = attributeParty(cleanParty(), party);
    applyIdentity(rec, { juno: { handle: 'juno', name: 'Juno', role: 'starter', outfit: { h: 199, s: 35 }, avatar: 'data:image/png;base64,AAAA' } });
    const byId = Object.fromEntries(rec.participants.map((p) => [p.id, p]));
    expect(byId['entity:juno']!.color).toBe(passengerColor({ handle: 'juno', outfit: { h: 199, s: 35 } }));
    expect(byId['entity:juno']!.role).toBe('starter');
    expect(byId['entity:juno']!.avatar).toMatch(/^data:image\/png;base64,/);
    expect(byId['entity:iris']!.avatar).toBeUndefined();
    const colors = rec.participants.map((p) => p.color!);
    expect(colors.every((c) => /^#[0-9a-f]{6}$/.test(c))).toBe(true);
    expect(new Set(colors).size).toBe(colors.length);
    for (const c of colors) expect(luminance(c)).toBeGreaterThanOrEqual(0.2); // readable on a dark background

    // Stable: the same handle gets the same colour in another recording.
    const again = applyIdentity(attributeParty(cleanParty(), party));
    expect(again.participants.find((p) => p.id === 'entity:iris')!.color).toBe(byId['entity:iris']!.color);
  });

  it('turns outfit and legacy colours into hex', () => {
    // hsl(199, 35%, 62%) is a muted sky blue: blue channel highest, red lowest.
    const outfit = passengerColor({ handle: 'juno', outfit: { h: 199, s: 35 } })!;
    expect(outfit).toBe(hslToHex(199, 35, 62));
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(outfit.slice(i, i + 2), 16));
    expect(b).toBeGreaterThan(g!);
    expect(g).toBeGreaterThan(r!);
    // Legacy hue/saturation/brightness is HSV: pure red at full brightness.
    expect(passengerColor({ handle: 'x', hue: 0, saturation: 100, brightness: 100 })).toBe('#ff0000');
    expect(passengerColor({ handle: 'x' })).toBeUndefined();
  });
});

describe('model registry', () => {
  it('labels and colours the families', () => {
    expect(modelInfo(OPUS)).toEqual({ label: 'Opus 4.6', color: modelInfo('claude-opus-4-5-20251101').color });
    expect(modelInfo(GROK).label).toBe('Grok 4');
    expect(modelInfo(PICKLE).label).toBe('big-pickle');
    expect(modelInfo('claude-3-5-sonnet-20241022').label).toBe('Sonnet 3.5');
    const families = [OPUS, GROK, PICKLE, 'anthropic/claude-sonnet-4-5', 'claude-haiku-4-5', 'openai/gpt-5', 'openai/gpt-5.1-codex', 'google/gemini-2.5-pro', 'deepseek/deepseek-chat', 'qwen/qwen3-coder', 'meta/llama-3.3-70b', 'mistral/mistral-large'];
    const colors = families.map((m) => modelInfo(m).color);
    expect(new Set(colors).size).toBe(families.length);
    for (const c of colors) expect(luminance(c)).toBeGreaterThanOrEqual(0.2);
    // Opus purple: red and blue above green; big-pickle green; Grok blue.
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
    const [or, og, ob] = rgb(modelInfo(OPUS).color);
    expect(ob > og && or > og).toBe(true);
    const [pr, pg, pb] = rgb(modelInfo(PICKLE).color);
    expect(pg > pr && pg > pb).toBe(true);
    const [gr, gg, gb] = rgb(modelInfo(GROK).color);
    expect(gb > gg && gb > gr).toBe(true);
  });

  it('gives unknown models a stable colour and honours overrides', () => {
    const a = modelInfo('acme/rocket-7');
    expect(a).toEqual(modelInfo('acme/rocket-7'));
    expect(a.label).toBe('rocket-7');
    expect(modelInfo('acme/rocket-7', [{ pattern: 'acme/*', color: '#123456' }])).toEqual({ label: 'rocket-7', color: '#123456' });
    expect(modelInfo(OPUS, [{ pattern: 'opus', label: 'Big Opus' }])).toEqual({ label: 'Big Opus', color: modelInfo(OPUS).color });
  });

  it('compares models loosely', () => {
    expect(sameModel('claude-opus-4-6', OPUS)).toBe(true);
    expect(sameModel('opencode/claude-opus-4.6', OPUS)).toBe(true);
    expect(sameModel('xai/grok-4-fast', GROK)).toBe(false);
    expect(sameModel(OPUS, 'anthropic/claude-sonnet-4-5')).toBe(false);
  });
});

describe('checkProtocol', () => {
  it('finds nothing in a clean party', () => {
    expect(checkProtocol(attributeParty(cleanParty(), party))).toEqual([]);
  });

  it('reports each kind of violation once, with turn, entity and message', () => {
    const rec = recording([
      turn(0, 'spawn', [`${sign('juno', OPUS)}\n--- juno out ---`], OPUS),
      turn(1, prompt('Iris', GROK, 'a'), ['Did it without signing.\n--- iris out ---'], GROK), // unsigned
      turn(2, prompt('Alice', PICKLE, 'b'), ['--- alice @ 2026-04-09T14:02:11Z | ion | opencode/big-pickle ---\n--- alice out ---'], PICKLE), // no user
      turn(3, prompt('Juno', OPUS, 'c'), [`${sign('juno', OPUS)}\nforgot to leave`], OPUS), // no sign-out
      turn(4, prompt('Iris', GROK, 'd'), [`${sign('alice', PICKLE)}\n--- alice out ---`], GROK), // entity + model mismatch
      turn(5, prompt('Vesta', 'openai/gpt-5', 'e'), [`${sign('vesta', 'openai/gpt-5')}\n--- vesta out ---`], 'openai/gpt-5'), // not in primer
      turn(6, prompt('Alice', PICKLE, 'f'), [`${sign('alice', OPUS)}\n--- alice out ---`], PICKLE), // model mismatch
    ]);
    attributeParty(rec, party);
    const findings = checkProtocol(rec);
    const turns = rec.sessions[0]!.turns;
    expect(findings.map((f) => [f.kind, f.turn, f.entity])).toEqual([
      ['unsigned', 2, 'iris'],
      ['incomplete-provenance', 3, 'alice'],
      ['no-sign-out', 4, 'juno'],
      ['entity-mismatch', 5, 'iris'],
      ['model-mismatch', 5, 'iris'],
      ['not-in-primer', 6, 'vesta'],
      ['model-mismatch', 7, 'alice'],
    ]);
    for (const f of findings) expect(turns[f.turn - 1]!.messageIds).toContain(f.messageId);
    expect(findings[1]!.detail).toContain('user');
  });
});

// ---- on disk: party folders, passenger files, config ----

const diskSpec: PartyWorkspaceSpec = {
  name: 'garden',
  starter: 'juno',
  topic: 'a seed catalogue',
  participants: ['juno', 'iris', 'alice'],
  turns: [
    { providerID: 'anthropic', modelID: 'claude-opus-4-6', reply: `--- juno @ 2026-04-09T14:02:11Z | ion:koad | anthropic/claude-opus-4-6 ---\nREADME.\n--- juno out ---`, writes: 'README.md' },
    { entity: 'Iris', providerID: 'xai', modelID: 'grok-4', reply: `--- iris @ 2026-04-09T14:05:11Z | ion:koad | xai/grok-4 ---\nCSS.\n--- iris out ---`, writes: 'style.css' },
    { entity: 'Alice', providerID: 'opencode', modelID: 'big-pickle', reply: `--- alice @ 2026-04-09T14:07:11Z | ion:koad | opencode/big-pickle ---\nHTML.\n--- alice out ---`, writes: 'index.html' },
  ],
};

describe('party folders', () => {
  it('parses PRIMER.md', () => {
    const info = parsePrimer(primerText(diskSpec, '/home/koad/garden'), 'garden');
    expect(info).toMatchObject({
      name: 'garden',
      title: 'garden',
      starter: 'juno',
      date: '2026-04-09T14:00:00Z',
      sessionId: SESSION_ID,
      topic: 'a seed catalogue',
      directory: '/home/koad/garden',
    });
    expect(info.participants).toEqual([
      { handle: 'juno', starter: true },
      { handle: 'iris', starter: false, joined: '2026-04-09T14:01:00Z' },
      { handle: 'alice', starter: false, joined: '2026-04-09T14:02:00Z' },
    ]);
    expect(parsePrimer('# Party: x\n- **Topic:** <none>\n', 'x').topic).toBeUndefined();
  });

  it('reads a workspace: party card, passengers, colours, avatars', async () => {
    const avatar = createCanvas(8, 8).toBuffer('image/png');
    const ws = makePartyWorkspace({
      ...diskSpec,
      passengers: {
        juno: { handle: 'juno', name: 'Juno', role: 'orchestrator', avatar: 'avatar.png', outfit: { h: 199, s: 35, visual: { avatar: 'avatar.png' } } },
        iris: { handle: 'iris', name: 'Iris', hue: 120, saturation: 80, brightness: 90, avatar: 'missing.png' },
      },
      entityFiles: { juno: { 'avatar.png': avatar } },
    });
    const home = mkdtempSync(join(tmpdir(), 'playback-home-'));
    const oldHome = process.env.HOME;
    try {
      // Alice lives in $HOME, as `.alice/`.
      mkdirSync(join(home, '.alice'));
      writeFileSync(join(home, '.alice', 'passenger.json'), JSON.stringify({ handle: 'alice', name: 'Alice A.', outfit: { h: 30, s: 70 } }));
      process.env.HOME = home;
      const rec = await loadRecording(ws.root);
      expect(rec.party).toMatchObject({ name: 'garden', topic: 'a seed catalogue', starter: 'juno' });
      const entities = rec.participants.filter((p) => p.kind === 'entity');
      expect(entities.map((p) => p.name)).toEqual(['Juno', 'Iris', 'Alice A.']);
      expect(entities[0]).toMatchObject({ role: 'orchestrator', color: passengerColor({ handle: 'juno', outfit: { h: 199, s: 35 } }) });
      expect(entities[0]!.avatar).toBe(`data:image/png;base64,${avatar.toString('base64')}`);
      expect(entities[1]!.color).toBe(passengerColor({ handle: 'iris', hue: 120, saturation: 80, brightness: 90 }));
      expect(entities[1]!.avatar).toBeUndefined();
      expect(entities[2]!.color).toBe(passengerColor({ handle: 'alice', outfit: { h: 30, s: 70 } }));
      expect(rec.warnings.map((w) => w.message).join('\n')).toMatch(/avatar missing\.png not found/);
      expect(rec.sessions[0]!.turns.map((t) => t.participantId)).toEqual(['entity:juno', 'entity:iris', 'entity:alice']);

      // --entities wins over the workspace.
      const override = mkdtempSync(join(tmpdir(), 'playback-entities-'));
      mkdirSync(join(override, '.juno'));
      writeFileSync(join(override, '.juno', 'passenger.json'), JSON.stringify({ name: 'Juno Prime', outfit: { h: 300, s: 50 } }));
      const rec2 = await loadRecording(ws.party, { entitiesDir: override });
      expect(rec2.participants.find((p) => p.id === 'entity:juno')).toMatchObject({ name: 'Juno Prime', color: passengerColor({ handle: 'juno', outfit: { h: 300, s: 50 } }) });
      rmSync(override, { recursive: true, force: true });
    } finally {
      process.env.HOME = oldHome;
      ws.remove();
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('lists the parties under a folder', () => {
    const parent = mkdtempSync(join(tmpdir(), 'playback-workspaces-'));
    const ws = makePartyWorkspace(diskSpec, join(parent, 'garden-ws'));
    try {
      makePartyWorkspace({ ...diskSpec, name: 'orchard' }, ws.root);
      const found = findPartyFolders(ws.root);
      expect(found.map((f) => [f.name, f.sessionId, f.participants.join(',')])).toEqual([
        ['garden', SESSION_ID, 'juno,iris,alice'],
        ['orchard', SESSION_ID, 'juno,iris,alice'],
      ]);
      expect(findPartyFolders(parent).map((f) => f.folder)).toEqual(found.map((f) => f.folder));
      expect(findPartyFolders(ws.party)).toHaveLength(1);
      // A workspace two folders down is found too (examples/party-demo from a repository root)...
      const deep = makePartyWorkspace({ ...diskSpec, name: 'deep' }, join(parent, 'repo', 'examples', 'deep-ws'));
      expect(findPartyFolders(join(parent, 'repo')).map((f) => f.folder)).toEqual([deep.party]);
      // ...but not one inside a dependency or a hidden folder.
      const hidden = makePartyWorkspace({ ...diskSpec, name: 'vendored' }, join(parent, 'node_modules', 'pkg'));
      expect(findPartyFolders(parent).map((f) => f.folder)).not.toContain(hidden.party);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('config', () => {
  it('reads model overrides, warning on bad entries', () => {
    const { models, warnings } = parseConfig(
      JSON.stringify({ models: { 'openai/*': { color: '#ABCDEF', label: 'OpenAI' }, grok: { color: 'blue' }, bad: 3 } }),
      'c.json',
    );
    expect(models).toEqual([{ pattern: 'openai/*', color: '#abcdef', label: 'OpenAI' }]);
    expect(warnings).toHaveLength(2);
    expect(parseConfig('{ nope', 'c.json').warnings[0]!.message).toMatch(/not valid JSON/);
  });

  it('lets the closer file win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'playback-config-'));
    try {
      writeFileSync(join(dir, 'global.json'), JSON.stringify({ models: { opus: { color: '#111111' }, grok: { label: 'G' } } }));
      writeFileSync(join(dir, 'local.json'), JSON.stringify({ models: { opus: { color: '#222222' } } }));
      const config = loadConfig([join(dir, 'global.json'), join(dir, 'local.json'), join(dir, 'absent.json')]);
      expect(config.files).toHaveLength(2);
      expect(modelInfo(OPUS, config.models).color).toBe('#222222');
      expect(modelInfo(GROK, config.models)).toEqual({ label: 'G', color: modelInfo(GROK).color });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('plain sessions keep their speakers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'playback-plain-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('Claude Code: "Claude" and its subagents as guests, all coloured', async () => {
    const rec = await loadRecording(writeSession(dir).main);
    expect(rec.participants.some((p) => p.kind === 'entity')).toBe(false);
    expect(rec.participants.filter((p) => p.kind === 'agent').map((p) => p.name)).toEqual(['Claude']);
    expect(rec.participants.filter((p) => p.kind === 'guest').length).toBeGreaterThan(0);
    for (const p of rec.participants) expect(p.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(rec.participants.map((p) => p.color)).size).toBe(rec.participants.length);
    expect(rec.sessions.every((s) => s.turns.every((t) => t.attribution === undefined))).toBe(true);
  });

  it('opencode: the session agent stays, coloured', async () => {
    // A plain opencode export: one prompt to the build agent, one answer.
    const file = join(dir, 'plain.json');
    const sessionID = 'ses_4a5b6c7d8ffePlainSession01';
    writeFileSync(file, JSON.stringify({
      info: { id: sessionID, slug: 'plain', projectID: 'global', directory: '/w', title: 'Rename a function', version: '1.18.33', time: { created: 1_770_000_000_000, updated: 1_770_000_060_000 } },
      messages: [
        { info: { id: 'msg_p1', sessionID, role: 'user', time: { created: 1_770_000_000_000 }, agent: 'build', model: { providerID: 'openai', modelID: 'gpt-5' } }, parts: [{ id: 'prt_p1', sessionID, messageID: 'msg_p1', type: 'text', text: 'Rename parse to parseTide.' }] },
        {
          info: { id: 'msg_p2', sessionID, role: 'assistant', parentID: 'msg_p1', time: { created: 1_770_000_001_000, completed: 1_770_000_060_000 }, agent: 'build', mode: 'build', providerID: 'openai', modelID: 'gpt-5', path: { cwd: '/w', root: '/w' }, cost: 0, tokens: { input: 10, output: 5, reasoning: 0, cache: { read: 0, write: 0 } }, finish: 'stop' },
          parts: [{ id: 'prt_p2', sessionID, messageID: 'msg_p2', type: 'text', text: 'Renamed.' }],
        },
      ],
    }));
    const rec = await loadRecording(file);
    const agents = rec.participants.filter((p) => p.kind === 'agent');
    expect(agents.map((p) => p.name)).toEqual(['build']);
    expect(agents[0]!.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(rec.warnings).toEqual([]);
  });
});
