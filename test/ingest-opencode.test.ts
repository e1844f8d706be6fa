// The opencode export reader on the demo parties' exports (made by the real opencode CLI),
// on exports the tests write, and on every real sample when the samples are there. Expected
// counts of the samples were taken independently
// (python/jq over the raw JSON: messages by role, tool parts by state, assistant `tokens`,
// patch-part files plus completed write/edit/apply_patch targets) and are re-derived here
// from the raw file by plain JSON walking as a second check.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/ingest/errors.js';
import { loadRecording } from '../src/prepare/index.js';
import { opencodeExportReader } from '../src/ingest/opencode-export.js';
import { patchFiles, subagentName } from '../src/ingest/opencode-messages.js';
import type { RecEvent, Recording } from '../src/recording/model.js';
import { summarize } from '../src/recording/summary.js';
import { DEMO_EXPORT, VIOLATIONS_EXPORT } from './helpers/demo.js';
import { childExportFrom, parentExportFrom } from './helpers/opencode.js';
import { describeSamples, sample as samplePath, SAMPLES_FOUND } from './helpers/samples.js';

const SAMPLES = samplePath('opencode');
const sample = (name: string) => join(SAMPLES, readdirSync(SAMPLES).find((f) => f.includes(name))!);
/** Warnings of the reader, not of the identity lookup (the demo entities' passenger.json is not in $HOME). */
const readerWarnings = (rec: Recording) => rec.warnings.filter((w) => !/^no passenger\.json/.test(w.message));
const allEvents = (rec: Recording): RecEvent[] => rec.sessions.flatMap((s) => s.turns.flatMap((t) => t.events));

const CODEX = 'openai/gpt-5.3-codex';
const expected: Record<string, {
  user: number; assistant: number; toolCalls: number; toolErrors: number; files: number;
  tokens: { input: number; output: number; reasoning: number; cacheRead: number; cacheWrite: number };
}> = {
  'jolly-eagle-reexported-1.18.33': { user: 1, assistant: 3, toolCalls: 2, toolErrors: 0, files: 0, tokens: { input: 17656, output: 631, reasoning: 142, cacheRead: 31872, cacheWrite: 0 } },
  'curious-harbor': { user: 9, assistant: 41, toolCalls: 43, toolErrors: 4, files: 26, tokens: { input: 107682, output: 6930, reasoning: 2436, cacheRead: 1100544, cacheWrite: 0 } },
  'curious-sailor': { user: 5, assistant: 35, toolCalls: 47, toolErrors: 1, files: 7, tokens: { input: 566268, output: 18721, reasoning: 9037, cacheRead: 2302208, cacheWrite: 0 } },
  'hidden-river': { user: 10, assistant: 38, toolCalls: 55, toolErrors: 0, files: 7, tokens: { input: 99751, output: 14179, reasoning: 5185, cacheRead: 1635456, cacheWrite: 0 } },
  'session__jolly-eagle': { user: 1, assistant: 3, toolCalls: 2, toolErrors: 0, files: 0, tokens: { input: 17656, output: 631, reasoning: 142, cacheRead: 31872, cacheWrite: 0 } },
  'nimble-pixel': { user: 2, assistant: 6, toolCalls: 4, toolErrors: 0, files: 1, tokens: { input: 36336, output: 644, reasoning: 314, cacheRead: 48640, cacheWrite: 0 } },
  'silent-nebula': { user: 1, assistant: 16, toolCalls: 25, toolErrors: 0, files: 3, tokens: { input: 96155, output: 7157, reasoning: 2623, cacheRead: 675072, cacheWrite: 0 } },
};

type RawPart = { type: string; tool?: string; files?: string[]; state?: { status: string; input?: Record<string, string> } };
type RawExport = { info: { directory: string }; messages: Array<{ info: Record<string, any>; parts: RawPart[] }> };

/** A plain walk over the raw export, independent of the reader. */
function rawCounts(file: string) {
  const data = JSON.parse(readFileSync(file, 'utf8')) as RawExport;
  const user = data.messages.filter((m) => m.info.role === 'user');
  const assistant = data.messages.filter((m) => m.info.role === 'assistant');
  const tools = data.messages.flatMap((m) => m.parts).filter((p) => p.type === 'tool');
  const files = new Set<string>();
  for (const m of data.messages) {
    const cwd = `${m.info.path?.cwd ?? data.info.directory}/`;
    const rel = (p: string) => (p.startsWith(cwd) ? p.slice(cwd.length) : p);
    for (const p of m.parts) {
      if (p.type === 'patch') for (const f of p.files ?? []) files.add(rel(f));
      if (p.type !== 'tool' || p.state?.status !== 'completed') continue;
      if (p.tool === 'write' || p.tool === 'edit') files.add(rel(p.state.input!.filePath!));
      if (p.tool === 'apply_patch') {
        for (const match of p.state.input!.patchText!.matchAll(/^\*\*\* (?:Add|Update|Delete) File: (.+)$/gm)) files.add(rel(match[1]!));
      }
    }
  }
  const tokens = { input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite: 0 };
  for (const m of assistant) {
    tokens.input += m.info.tokens.input;
    tokens.output += m.info.tokens.output;
    tokens.reasoning += m.info.tokens.reasoning;
    tokens.cacheRead += m.info.tokens.cache.read;
    tokens.cacheWrite += m.info.tokens.cache.write;
  }
  return {
    user: user.length,
    // A compaction request (a compaction part and no words) ends the turn before it; it opens none.
    prompts: user.filter((m) => !(m.parts.some((p) => p.type === 'compaction') && !m.parts.some((p) => p.type === 'text' && String(p.text ?? '').trim()))).length,
    assistant: assistant.length,
    toolCalls: tools.length,
    toolErrors: tools.filter((p) => p.state?.status === 'error').length,
    files: [...files].sort(),
    tokens,
    models: [...new Set(assistant.map((m) => `${m.info.providerID}/${m.info.modelID}`))],
  };
}

/** The reader's counts of one export agree with the plain walk of its raw file. */
async function expectCountsOfRawFile(file: string) {
  const rec = await loadRecording(file);
  const s = summarize(rec);
  const raw = rawCounts(file);
  expect(rec.format).toBe('opencode-export');
  expect(s.sessions).toHaveLength(1);
  expect(s.sessions[0]!.messages).toEqual({ user: raw.user, assistant: raw.assistant });
  expect([s.toolCalls, s.toolErrors]).toEqual([raw.toolCalls, raw.toolErrors]);
  expect(s.models).toEqual(raw.models);
  expect(s.filesWritten).toEqual(raw.files);
  expect(s.tokens).toEqual(raw.tokens);
  // No user message is synthetic-only, so each but a compaction request opens a turn.
  expect(s.turns).toBe(raw.prompts);
  // Everyone who speaks is a participant.
  const ids = new Set(rec.participants.map((p) => p.id));
  for (const ev of allEvents(rec)) expect(ids.has(ev.participantId)).toBe(true);
  return { rec, s };
}

const temp = mkdtempSync(join(tmpdir(), 'playback-oc-export-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('opencode export: the demo parties, made by the opencode CLI', () => {
  for (const file of [DEMO_EXPORT, VIOLATIONS_EXPORT]) {
    it(`${file.split('/').slice(-2)[0]}: counts match the raw file`, async () => {
      const { rec, s } = await expectCountsOfRawFile(file);
      expect(s.models.length).toBeGreaterThanOrEqual(4);
      expect(s.filesWritten.length).toBeGreaterThan(0);
      expect(readerWarnings(rec)).toEqual([]);
    });
  }

  it('counts tokens once per assistant message even with several steps', async () => {
    const data = JSON.parse(readFileSync(DEMO_EXPORT, 'utf8')) as RawExport;
    const steps = data.messages.flatMap((m) => m.parts).filter((p) => p.type === 'step-finish').length;
    expect(steps).toBeGreaterThan(0);
    const rec = await loadRecording(DEMO_EXPORT);
    const turnsSum = rec.sessions[0]!.turns.reduce((n, t) => n + t.tokens.input, 0);
    expect(turnsSum).toBe(rawCounts(DEMO_EXPORT).tokens.input);
    expect(rec.tokens.input).toBe(rawCounts(DEMO_EXPORT).tokens.input);
  });

  it('reads a subagent export lying beside the parent as a linked child session', async () => {
    const dir = mkdtempSync(join(temp, 'demo-pair-'));
    const parentId = 'ses_df3a4fee8ffeTaskParent0001';
    const childId = 'ses_df3a4fee8ffeTaskChild00001';
    const parent = join(dir, 'parent.json');
    writeFileSync(parent, parentExportFrom(readFileSync(DEMO_EXPORT, 'utf8'), {
      id: parentId, title: 'tidepool and its night shift', callId: 'call_task_night_shift', child: { id: childId, agent: 'checker', description: 'Check the night shift' },
    }));
    const childFile = join(dir, `session__child__${childId}.json`);
    writeFileSync(childFile, childExportFrom(readFileSync(VIOLATIONS_EXPORT, 'utf8'), { id: childId, parentID: parentId, title: 'Check the night shift (@checker subagent)' }));
    const rec = await loadRecording(parent);
    expect(rec.sessions.map((s) => s.id)).toEqual([parentId, childId]);
    const child = rec.sessions[1]!;
    expect(child.parentId).toBe(parentId);
    expect(child.parentCallId).toBe('call_task_night_shift');
    const guest = rec.participants.find((p) => p.id === `guest:${childId}`);
    expect(guest).toMatchObject({ kind: 'guest', name: 'checker' });
    expect(child.turns.every((t) => t.participantId === guest!.id)).toBe(true);
    const s = summarize(rec);
    const [p, c] = [rawCounts(parent), rawCounts(childFile)];
    expect(s.sessions.map((x) => x.toolCalls)).toEqual([p.toolCalls, c.toolCalls]);
    expect(s.toolCalls).toBe(p.toolCalls + c.toolCalls);
    expect(s.tokens.input).toBe(p.tokens.input + c.tokens.input);
  });
});

describe('opencode export: a written session with opencode\'s own events', () => {
  // plan answers, is aborted once, hands over to build; build runs apply_patch and leaves a bash
  // call running; the user compacts the session; build answers once more.
  const sessionID = 'ses_5b6c7d8e9ffeWrittenEvents01';
  const cwd = '/home/dev/tidepool';
  const t0 = 1_775_000_000_000;
  let n = 0;
  const id = (prefix: string) => `${prefix}_${(t0 + ++n).toString(16)}Written${String(n).padStart(6, '0')}`;
  const tokens = (input: number) => ({ input, output: 20, reasoning: 0, cache: { read: 0, write: 0 } });
  const messages: Array<{ info: Record<string, unknown>; parts: Array<Record<string, unknown>> }> = [];
  const user = (agent: string, parts: Array<Record<string, unknown>>) => {
    const msg = id('msg');
    messages.push({ info: { id: msg, sessionID, role: 'user', time: { created: t0 + n * 1000 }, agent, model: { providerID: 'openai', modelID: 'gpt-5.3-codex' } }, parts: parts.map((p) => ({ id: id('prt'), sessionID, messageID: msg, ...p })) });
    return msg;
  };
  const assistant = (agent: string, parentID: string, parts: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) => {
    const msg = id('msg');
    messages.push({
      info: { id: msg, sessionID, role: 'assistant', parentID, time: { created: t0 + n * 1000, completed: t0 + n * 1000 + 500 }, modelID: 'gpt-5.3-codex', providerID: 'openai', mode: agent, agent, path: { cwd, root: cwd }, cost: 0, tokens: tokens(100 + n), finish: 'stop', ...extra },
      parts: parts.map((p) => ({ id: id('prt'), sessionID, messageID: msg, ...p })),
    });
    return msg;
  };
  const summary = '## Goal\n\nPrint tide heights in metres.\n\n## Done\n\n- TODO.md updated';
  const p1 = user('plan', [{ type: 'text', text: 'Plan how to print heights in metres.' }]);
  const aborted = assistant('plan', p1, [], { error: { name: 'MessageAbortedError', data: { message: 'The operation was aborted.' } }, tokens: tokens(0) });
  assistant('plan', p1, [{ type: 'text', text: 'Plan: change formatHeight, then note it in TODO.md.' }]);
  const p2 = user('build', [{ type: 'text', text: 'Do it.' }]);
  const patchText = `*** Begin Patch\n*** Update File: ${cwd}/TODO.md\n@@\n- [ ] metres\n+- [x] metres\n*** End Patch`;
  assistant('build', p2, [
    { type: 'step-start' },
    { type: 'tool', callID: 'call_patch', tool: 'apply_patch', state: { status: 'completed', input: { patchText }, output: 'Success. Updated the following files:\nM TODO.md', title: 'M TODO.md', metadata: {}, time: { start: t0 + 20_000, end: t0 + 20_100 } } },
    { type: 'tool', callID: 'call_running', tool: 'bash', state: { status: 'running', input: { command: 'npm run watch', description: 'Watch the tests' }, metadata: { output: 'watching…\n' }, time: { start: t0 + 21_000 } } },
    { type: 'step-finish', reason: 'stop', cost: 0, tokens: tokens(120) },
    { type: 'patch', hash: 'c0ffee', files: [`${cwd}/TODO.md`] },
  ]);
  const p3 = user('build', [{ type: 'compaction', auto: false }]);
  const compactionPart = messages.at(-1)!.parts[0]!.id;
  assistant('compaction', p3, [{ type: 'text', text: summary }], { summary: true });
  const p4 = user('build', [{ type: 'text', text: 'Anything left?' }]);
  assistant('build', p4, [{ type: 'text', text: 'Nothing left.' }]);
  const file = join(temp, 'written-events.json');
  writeFileSync(file, JSON.stringify({ info: { id: sessionID, slug: 'written', projectID: 'global', directory: cwd, title: 'Heights in metres', version: '1.18.33', time: { created: t0, updated: t0 + n * 1000 } }, messages }, null, 2));

  it('shows the tool left running as unfinished', async () => {
    const running = allEvents(await loadRecording(file)).filter((e) => e.kind === 'tool' && e.status === 'running');
    expect(running).toHaveLength(1);
    expect(running[0]).toMatchObject({ tool: 'bash', callId: 'call_running', start: t0 + 21_000 });
    expect(running[0]).not.toHaveProperty('end');
    expect(running[0]).not.toHaveProperty('durationMs');
  });

  it('records the compaction as an event carrying the summary', async () => {
    const rec = await loadRecording(file);
    const compactions = allEvents(rec).filter((e) => e.kind === 'compaction');
    expect(compactions).toHaveLength(1);
    expect(compactions[0]).toMatchObject({ auto: false, id: compactionPart, summary });
    // The summary is not repeated as ordinary assistant text, and no "compaction" agent appears.
    expect(allEvents(rec).some((e) => e.kind === 'text' && e.text === summary)).toBe(false);
    expect(rec.participants.map((p) => p.id)).toEqual(['user', 'agent:plan', 'agent:build']);
  });

  it('records the plan → build agent switch, and both agents as participants', async () => {
    const rec = await loadRecording(file);
    const switches = allEvents(rec).filter((e) => e.kind === 'agent-switch');
    expect(switches).toHaveLength(1);
    expect(switches[0]).toMatchObject({ from: 'plan', to: 'build' });
    expect(rec.participants.map((p) => [p.id, p.kind, p.name, p.models])).toEqual([
      ['user', 'user', 'user', []],
      ['agent:plan', 'agent', 'plan', [CODEX]],
      ['agent:build', 'agent', 'build', [CODEX]],
    ]);
    // One turn per user message but the compaction request, which ends the turn before it.
    expect(rec.sessions[0]!.turns.map((t) => t.participantId)).toEqual(['agent:plan', 'agent:build', 'agent:build']);
  });

  it('turns an aborted assistant message into an error event', async () => {
    const errors = allEvents(await loadRecording(file)).filter((e) => e.kind === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'MessageAbortedError', messageId: aborted, model: CODEX });
  });

  it('emits one patch file-change per file an apply_patch names, with its own section', async () => {
    const changes = allEvents(await loadRecording(file)).filter((e) => e.kind === 'file-change');
    const fromTool = changes.filter((e) => e.kind === 'file-change' && e.callId);
    expect(fromTool).toHaveLength(1);
    expect(fromTool[0]).toMatchObject({ op: 'patch', relPath: 'TODO.md', path: `${cwd}/TODO.md` });
    expect((fromTool[0] as { patch?: string }).patch!.startsWith(`*** Update File: ${cwd}/TODO.md`)).toBe(true);
    // The step's patch part lists the same file.
    expect(changes.filter((e) => !(e as { callId?: string }).callId).map((e) => (e as { relPath: string }).relPath)).toEqual(['TODO.md']);
  });
});

describeSamples('opencode export: every sample', () => {
  const files = SAMPLES_FOUND ? readdirSync(SAMPLES).filter((f) => f.endsWith('.json')) : [];
  it('has the seven samples', () => expect(files).toHaveLength(7));

  for (const [name, want] of Object.entries(expected)) {
    it(`${name}: counts match the raw file`, async () => {
      const { s } = await expectCountsOfRawFile(sample(name));
      expect(s.sessions[0]!.messages).toEqual({ user: want.user, assistant: want.assistant });
      expect([s.toolCalls, s.toolErrors]).toEqual([want.toolCalls, want.toolErrors]);
      expect(s.models).toEqual([CODEX]);
      expect(s.filesWritten).toHaveLength(want.files);
      expect(s.tokens).toEqual(want.tokens);
      expect(s.warnings).toEqual([]);
    });
  }

  it('shows the tool left running as unfinished', async () => {
    const rec = await loadRecording(sample('silent-nebula'));
    const running = allEvents(rec).filter((e) => e.kind === 'tool' && e.status === 'running');
    expect(running).toHaveLength(1);
    const ev = running[0]!;
    if (ev.kind !== 'tool') throw new Error('not a tool');
    expect(ev.tool).toBe('bash');
    expect(ev.callId).toBe('call_LQM56JJNICrES472Psl97hIY');
    expect(ev.end).toBeUndefined();
    expect(ev.durationMs).toBeUndefined();
    expect(ev.start).toBe(1771218158690);
  });

  it('links the task tool to its child session and emits a subagent event', async () => {
    const rec = await loadRecording(sample('session__jolly-eagle'));
    const events = allEvents(rec);
    const task = events.find((e) => e.kind === 'tool' && e.tool === 'task');
    expect(task && task.kind === 'tool' && task.childSessionId).toBe('ses_39b5d3ed8ffea9fQ9vQMuZnTtO');
    const sub = events.find((e) => e.kind === 'subagent');
    expect(sub).toMatchObject({ childSessionId: 'ses_39b5d3ed8ffea9fQ9vQMuZnTtO', agent: 'gitter', callId: 'call_JV2AfZQdyiUa2gcwxGFvJ1FF', description: 'Commit changes via gitter' });
    // The failed task in curious-harbor still names its child.
    const harbor = allEvents(await loadRecording(sample('curious-harbor')));
    const failed = harbor.find((e) => e.kind === 'tool' && e.tool === 'task' && e.status === 'error');
    expect(failed && failed.kind === 'tool' && failed.childSessionId).toBe('ses_39b4861d2ffeghsQ3rLgxdrxaD');
  });

  it('records the compaction as an event carrying the summary', async () => {
    const file = sample('curious-sailor');
    const raw = JSON.parse(readFileSync(file, 'utf8')) as RawExport;
    const summaryMsg = raw.messages.find((m) => m.info.summary === true)!;
    const summaryText = summaryMsg.parts.filter((p) => p.type === 'text').map((p) => (p as unknown as { text: string }).text).join('\n');
    const rec = await loadRecording(file);
    const compactions = allEvents(rec).filter((e) => e.kind === 'compaction');
    expect(compactions).toHaveLength(1);
    expect(compactions[0]).toMatchObject({ auto: false, id: 'prt_c648e17e7001bDWLJI0WznttOm', summary: summaryText });
    expect(summaryText.length).toBe(4062);
    // The summary is not repeated as ordinary assistant text, and no "compaction" agent appears.
    expect(allEvents(rec).some((e) => e.kind === 'text' && e.text === summaryText)).toBe(false);
    expect(rec.participants.map((p) => p.id)).toEqual(['user', 'agent:build']);
  });

  it('records the plan → build agent switch, and both agents as participants', async () => {
    const rec = await loadRecording(sample('hidden-river'));
    const switches = allEvents(rec).filter((e) => e.kind === 'agent-switch');
    expect(switches).toHaveLength(1);
    expect(switches[0]).toMatchObject({ from: 'plan', to: 'build', messageId: 'msg_c649b72e20012ORms6zabOfyT0' });
    expect(rec.participants.map((p) => [p.id, p.kind, p.name, p.models])).toEqual([
      ['user', 'user', 'user', []],
      ['agent:plan', 'agent', 'plan', [CODEX]],
      ['agent:build', 'agent', 'build', [CODEX]],
    ]);
    // Turns answered by plan, then by build (jq: user messages 1-7 have agent plan, 8-10 build).
    expect(rec.sessions[0]!.turns.map((t) => t.participantId)).toEqual([...Array(7).fill('agent:plan'), ...Array(3).fill('agent:build')]);
  });

  it('turns an aborted assistant message into an error event', async () => {
    for (const [name, messageId] of [['hidden-river', 'msg_c648f6499002YpeFg1nWDcokNS'], ['nimble-pixel', 'msg_c64b45d32001EaXJNlvHSXf4Mg'], ['curious-harbor', 'msg_c64b784bf00121tbL0R3Eu5fpN']]) {
      const errors = allEvents(await loadRecording(sample(name!))).filter((e) => e.kind === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ name: 'MessageAbortedError', messageId, model: CODEX });
    }
  });

  it('emits one patch file-change per file an apply_patch names, with its own section', async () => {
    const rec = await loadRecording(sample('nimble-pixel'));
    const changes = allEvents(rec).filter((e) => e.kind === 'file-change');
    const fromTool = changes.filter((e) => e.kind === 'file-change' && e.callId);
    expect(fromTool).toHaveLength(1);
    expect(fromTool[0]).toMatchObject({ op: 'patch', relPath: 'TODO.md', path: '/Users/alex/repos/vfp/dark-factory/TODO.md' });
    const patch = (fromTool[0] as { patch?: string }).patch!;
    expect(patch.startsWith('*** Update File: /Users/alex/repos/vfp/dark-factory/TODO.md')).toBe(true);
    // The step's patch part lists the same file.
    expect(changes.filter((e) => !(e as { callId?: string }).callId).map((e) => (e as { relPath: string }).relPath)).toEqual(['TODO.md']);
  });

  it('reads the 1.18.33 re-export the same as its 1.2.5 original', async () => {
    const original = await loadRecording(sample('session__jolly-eagle'));
    const reexport = await loadRecording(sample('jolly-eagle-reexported-1.18.33'));
    expect(reexport.sessions).toEqual(original.sessions);
    expect(reexport.participants).toEqual(original.participants);
    expect(reexport.tokens).toEqual(original.tokens);
    const a = summarize(original);
    const b = summarize(reexport);
    expect({ ...b, source: '' }).toEqual({ ...a, source: '' });
  });

  it('counts tokens once per assistant message even with several steps', async () => {
    // curious-sailor has 35 step-finish parts for 35 assistant messages; sum must not double.
    const rec = await loadRecording(sample('curious-sailor'));
    const turnsSum = rec.sessions[0]!.turns.reduce((n, t) => n + t.tokens.input, 0);
    expect(turnsSum).toBe(566268);
    expect(rec.tokens.input).toBe(566268);
  });

  it('reads a subagent export lying beside the parent as a linked child session', async () => {
    const dir = mkdtempSync(join(temp, 'pair-'));
    const parent = join(dir, 'parent.json');
    writeFileSync(parent, readFileSync(sample('session__jolly-eagle')));
    writeFileSync(
      join(dir, 'session__child__ses_39b5d3ed8ffea9fQ9vQMuZnTtO.json'),
      childExportFrom(readFileSync(sample('nimble-pixel'), 'utf8'), {
        id: 'ses_39b5d3ed8ffea9fQ9vQMuZnTtO', parentID: 'ses_39b5d713cffeRgAoxPIwS3Plus', title: 'Commit changes via gitter (@gitter subagent)',
      }),
    );
    const rec = await loadRecording(parent);
    expect(rec.sessions.map((s) => s.id)).toEqual(['ses_39b5d713cffeRgAoxPIwS3Plus', 'ses_39b5d3ed8ffea9fQ9vQMuZnTtO']);
    const child = rec.sessions[1]!;
    expect(child.parentId).toBe('ses_39b5d713cffeRgAoxPIwS3Plus');
    expect(child.parentCallId).toBe('call_JV2AfZQdyiUa2gcwxGFvJ1FF');
    const guest = rec.participants.find((p) => p.id === 'guest:ses_39b5d3ed8ffea9fQ9vQMuZnTtO');
    expect(guest).toMatchObject({ kind: 'guest', name: 'gitter', models: [CODEX] });
    // Child turns are answered by the guest; its prompt comes from the agent that delegated.
    expect(child.turns.every((t) => t.participantId === guest!.id)).toBe(true);
    const childPrompt = child.turns[0]!.events.find((e) => e.kind === 'text' && e.role === 'user');
    expect(childPrompt?.participantId).toBe('agent:build');
    // Whole-recording counts include the child; sessions[] keep their own.
    const s = summarize(rec);
    expect(s.sessions.map((x) => x.toolCalls)).toEqual([2, 4]);
    expect(s.toolCalls).toBe(6);
    expect(s.tokens.input).toBe(17656 + 36336);
  });
});

describe('opencode export: bad input', () => {
  const write = (name: string, data: string | Buffer) => {
    const p = join(temp, name);
    writeFileSync(p, data);
    return p;
  };

  it('a truncated export is an InputError naming the file and a line', async () => {
    const text = readFileSync(DEMO_EXPORT, 'utf8');
    const cut = text.slice(0, Math.floor(text.length / 2));
    const file = write('truncated.json', cut);
    const err = await loadRecording(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const e = err as InputError;
    expect(e.file).toBe(file);
    expect(e.message).toMatch(/truncated/);
    expect(e.line).toBe(cut.split('\n').length);
  });

  it('garbage bytes are not a session', async () => {
    const file = write('garbage.json', Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37, 0x80, 0x81, 0x0a, 0x7b]));
    const err = await loadRecording(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).toContain(`${file}: not a session file`);
  });

  it('an export whose JSON breaks mid-file reports the line', async () => {
    const file = write('broken.json', '{\n  "info": {"id": "ses_x"},\n  "messages": [\n    {oops}\n  ]\n}\n');
    const err = (await loadRecording(file).catch((e: unknown) => e)) as InputError;
    expect(err).toBeInstanceOf(InputError);
    expect(err.line).toBe(4);
    expect(err.message).toMatch(/not valid JSON/);
  });

  it('"messages" that is not a list, or no "info", is a clear error', async () => {
    for (const body of ['{"info": {"id": "ses_x"}, "messages": 3}', '{"messages": []}']) {
      const err = (await loadRecording(write('shape.json', body)).catch((e: unknown) => e)) as InputError;
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toMatch(/expected an opencode export/);
    }
  });

  it('missing fields and unknown part types become warnings and generic events, never a crash', async () => {
    const file = write('odd.json', JSON.stringify({
      info: { id: 'ses_odd', title: 'odd', directory: '/w', time: { created: 1000, updated: 5000 } },
      messages: [
        { parts: [] },
        { info: { id: 'msg_1', role: 'user', time: { created: 1000 } }, parts: [{ type: 'text', text: 'hello', id: 'prt_1' }] },
        { info: { id: 'msg_2', role: 'assistant', parentID: 'msg_1', time: { created: 2000 }, providerID: 'xai', modelID: 'grok-4' },
          parts: [
            { type: 'hologram', id: 'prt_2', beam: 'x' },
            { type: 'hologram', id: 'prt_3' },
            'not a part',
            { type: 'tool', id: 'prt_4', tool: 'write', callID: 'c1', state: { status: 'completed', input: { filePath: '/w/a.txt', content: 'A' }, time: { start: 2100, end: 2200 } } },
            { type: 'tool', id: 'prt_5', tool: 'edit', callID: 'c2', state: { status: 'completed', input: { filePath: '/w/b.txt', oldString: 'x', newString: 'y', replaceAll: true }, time: { start: 2300, end: 2400 } } },
            { type: 'tool', id: 'prt_6', tool: 'bash', callID: 'c3', state: { status: 'teleporting', input: {} } },
            { type: 'tool', id: 'prt_7', tool: 'read' },
            { type: 'step-finish', tokens: { input: 10, output: 5, reasoning: 1, cache: { read: 2, write: 3 } }, cost: 0.5 },
            { type: 'step-finish', tokens: { input: 1, output: 1 }, cost: 0.25 },
          ] },
        { info: { id: 'msg_3', role: 'narrator' }, parts: [] },
      ],
    }));
    const rec = await loadRecording(file);
    const events = allEvents(rec);
    const unknown = events.filter((e) => e.kind === 'unknown');
    expect(unknown.map((e) => (e as { sourceType: string }).sourceType)).toEqual(['hologram', 'hologram', 'message:narrator']);
    const messages = rec.warnings.map((w) => w.message).join('\n');
    expect(messages).toMatch(/unknown opencode part type "hologram" \(2×/);
    expect(messages).toMatch(/message 1 of session ses_odd has no info object/);
    expect(messages).toMatch(/part 3 is not an object/);
    expect(messages).toMatch(/unknown state "teleporting"/);
    expect(messages).toMatch(/unknown role "narrator"/);
    expect(rec.warnings.every((w) => w.file === file)).toBe(true);
    // Message-level tokens are missing, so the step-finish parts are summed.
    expect(rec.tokens).toEqual({ input: 11, output: 6, reasoning: 1, cacheRead: 2, cacheWrite: 3 });
    expect(rec.cost).toBeCloseTo(0.75);
    const changes = events.filter((e) => e.kind === 'file-change');
    expect(changes).toMatchObject([
      { op: 'write', relPath: 'a.txt', content: 'A', callId: 'c1' },
      { op: 'edit', relPath: 'b.txt', oldString: 'x', newString: 'y', replaceAll: true, callId: 'c2' },
    ]);
    const tools = events.filter((e) => e.kind === 'tool');
    expect(tools.map((t) => (t as { status: string }).status)).toEqual(['completed', 'completed', 'pending', 'pending']);
    expect(rec.participants.find((p) => p.id === 'agent:assistant')?.models).toEqual(['xai/grok-4']);
  });

  it('reads long texts full of escapes, whatever the key order, with todos and unknown keys', async () => {
    // Several MB of quotes and backslash runs, so the file's read chunks end inside escapes.
    const prompt = Array.from({ length: 200_000 }, (_, i) => `${i}"\\${'\\'.repeat(i % 4)}"]}`).join('\n');
    const messages = [
      { info: { id: 'msg_1', sessionID: 'ses_long', role: 'user', time: { created: 1_768_039_200_000 } }, parts: [{ type: 'text', id: 'prt_1', text: prompt }] },
      { info: { id: 'msg_2', sessionID: 'ses_long', role: 'assistant', parentID: 'msg_1', time: { created: 1_768_039_201_000 }, providerID: 'xai', modelID: 'grok-4' },
        parts: [{ type: 'text', id: 'prt_2', text: 'done "\\' }] },
    ];
    const body = `{"messages": ${JSON.stringify(messages, null, 2)},\n"extra": {"odd": "}]\\\\"}, "todos": [{"content": "x"}],\n"info": {"id": "ses_long", "title": "long"}}\n`;
    expect(Buffer.byteLength(body)).toBeGreaterThan(3 * 1024 * 1024);
    const rec = await loadRecording(write('long.json', body));
    expect(rec.warnings).toEqual([]);
    expect(rec.sessions[0]!.turns[0]!.prompt!.text).toBe(prompt);
    expect(allEvents(rec).filter((e) => e.kind === 'text' && e.role === 'assistant').map((e) => (e as { text: string }).text)).toEqual(['done "\\']);
  });

  it('a file cut inside a long string, or with data after the export, is an InputError with a line', async () => {
    const text = readFileSync(DEMO_EXPORT, 'utf8');
    const cut = text.slice(0, text.indexOf('"text"', text.length / 2) + 20);
    const truncated = (await loadRecording(write('cut.json', cut)).catch((e: unknown) => e)) as InputError;
    expect(truncated).toBeInstanceOf(InputError);
    expect(truncated.message).toMatch(/truncated/);
    expect(truncated.line).toBe(cut.split('\n').length);
    const trailing = `${text.trimEnd()}\n{"again": 1}\n`;
    const after = (await loadRecording(write('after.json', trailing)).catch((e: unknown) => e)) as InputError;
    expect(after).toBeInstanceOf(InputError);
    expect(after.message).toMatch(/not valid JSON/);
    expect(after.line).toBe(trailing.split('\n').length - 1);
  });

  it('invalid UTF-8 inside strings is read, not fatal', async () => {
    const text = readFileSync(DEMO_EXPORT, 'utf8').replace('"text": "[PARTY-LINE: You are now Juno.', '"text": "[PARTY-LINE: You are now \u0000Juno.');
    const buf = Buffer.from(text, 'utf8');
    const at = buf.indexOf(0);
    buf[at] = 0xc3; // a lone lead byte: invalid UTF-8
    const rec = await loadRecording(write('bad-utf8.json', buf));
    expect(rec.sessions[0]!.turns[0]!.prompt!.text).toMatch(/^\[PARTY-LINE: You are now \uFFFDJuno\./);
  });
});

describe('opencode helpers', () => {
  it('reads the subagent name from a child title', () => {
    expect(subagentName('Commit changes via gitter (@gitter subagent)')).toBe('gitter');
    expect(subagentName('plain title')).toBeUndefined();
  });

  it('splits an apply_patch text per file, moves included', () => {
    const text = ['*** Begin Patch', '*** Add File: /w/new.ts', '+x', '*** Update File: /w/old.ts', '*** Move to: /w/moved.ts', '@@', '-a', '+b', '*** Delete File: /w/gone.ts', '*** End Patch'].join('\n');
    expect(patchFiles(text)).toEqual([
      { path: '/w/new.ts', section: '*** Add File: /w/new.ts\n+x' },
      { path: '/w/old.ts', section: '*** Update File: /w/old.ts\n*** Move to: /w/moved.ts\n@@\n-a\n+b' },
      { path: '/w/moved.ts', section: '*** Update File: /w/old.ts\n*** Move to: /w/moved.ts\n@@\n-a\n+b' },
      { path: '/w/gone.ts', section: '*** Delete File: /w/gone.ts' },
    ]);
  });

  it('the reader detects exports by their first key only', () => {
    expect(opencodeExportReader.detect(Buffer.from('{\n  "info": {'), 'x.json')).toBe(true);
    expect(opencodeExportReader.detect(Buffer.from('{"type":"user","info":{}}'), 'x.jsonl')).toBe(false);
  });
});
