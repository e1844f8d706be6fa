// The Claude Code reader on transcripts the tests write (streamed responses, a subagent, a
// compaction, rewinds, broken lines), and on every real sample when the samples are there.
// Expected counts were taken independently with python over the raw lines (distinct
// message.id on assistant lines, distinct tool_use ids, tool_results with is_error: true
// answering them, message.model minus <synthetic>, file_path of Write/Edit/MultiEdit/
// NotebookEdit calls not answered by an error, usage summed once per message.id:requestId
// taking the largest value of each field, subagent files under <session>/subagents/ and
// agent_progress lines for agents without a file) and are re-derived here by a plain walk.
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claudeCodeReader } from '../src/ingest/claude-code.js';
import { MAX_KEPT_CHARS } from '../src/ingest/claude-code-cap.js';
import { InputError } from '../src/ingest/errors.js';
import { loadRecording } from '../src/prepare/index.js';
import type { CompactionEvent, RecEvent, Recording, SubagentEvent, ToolEvent } from '../src/recording/model.js';
import { summarize } from '../src/recording/summary.js';
import { HAIKU, OPUS, shortSession, text, tool, Transcript, writeSession } from './helpers/claude-code-transcript.js';
import { DEMO_EXPORT, VIOLATIONS_EXPORT } from './helpers/demo.js';
import { describeSamples, sample, SAMPLES_FOUND } from './helpers/samples.js';

const CC = sample('claude-code');
const SPOTTER_MAIN = join(CC, 'spotter', '8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl');
const events = (rec: Recording): RecEvent[] => rec.sessions.flatMap((s) => s.turns.flatMap((t) => t.events));
const tools = (rec: Recording) => events(rec).filter((e): e is ToolEvent => e.kind === 'tool');

function allJsonl(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? allJsonl(p) : n.endsWith('.jsonl') ? [p] : [];
  });
}

interface Expected {
  sessions: number;
  /** Real prompts (turn openers) in the file itself. */
  prompts: number;
  assistant: number;
  toolCalls: number;
  toolErrors: number;
  models: string[];
  files: string[];
}

const OPUS46 = 'anthropic/claude-opus-4-6';
const HAIKU45 = 'anthropic/claude-haiku-4-5-20251001';
const SPOTTER_FILES = [
  '/home/USER/.claude/plans/drifting-tumbling-whisper.md',
  'assets/js/app.js',
  'assets/test/highlight-integration.test.js',
  'config/test.exs',
  'lib/spotter/services/transcript_renderer.ex',
  'lib/spotter_web/components/layouts/root.html.heex',
  'lib/spotter_web/live/session_live.ex',
  'mix.exs',
  'priv/static/assets/spotter.css',
  'test/spotter/services/transcript_renderer_test.exs',
  'test/spotter_web/live/session_live_test.exs',
];
const expected: Record<string, Expected> = {
  // Line 18 repeats the uuid of line 10: counted once, with a warning. Line 6 is the harness's
  // local-command caveat, which is not a message.
  'claude-code-log/edge_cases.jsonl': { sessions: 1, prompts: 4, assistant: 4, toolCalls: 3, toolErrors: 1, models: ['anthropic/claude-3-sonnet-20240229', 'anthropic/claude-sonnet-4'], files: ['complex_example.py'] },
  'claude-code-log/representative_messages.jsonl': { sessions: 1, prompts: 4, assistant: 5, toolCalls: 2, toolErrors: 0, models: ['anthropic/claude-3-sonnet-20240229'], files: ['decorator_example.py'] },
  'claude-code-log/todowrite_examples.jsonl': { sessions: 1, prompts: 2, assistant: 6, toolCalls: 3, toolErrors: 0, models: ['anthropic/claude-sonnet-4'], files: [] },
  'claude-history/agent-aae161c.jsonl': { sessions: 1, prompts: 1, assistant: 21, toolCalls: 22, toolErrors: 1, models: ['anthropic/claude-opus-4-5-20251101'], files: [] },
  'claude-history/agent-acompact-a94287.jsonl': { sessions: 1, prompts: 1, assistant: 1, toolCalls: 0, toolErrors: 0, models: [HAIKU45], files: [] },
  'spotter/8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl': { sessions: 3, prompts: 1, assistant: 157, toolCalls: 196, toolErrors: 15, models: [HAIKU45, OPUS46], files: SPOTTER_FILES },
  'spotter/8463c716-a2ea-4c14-9efa-87158ebd9f20/subagents/agent-a7be2f0.jsonl': { sessions: 1, prompts: 1, assistant: 13, toolCalls: 19, toolErrors: 2, models: [HAIKU45], files: [] },
  'spotter/8463c716-a2ea-4c14-9efa-87158ebd9f20/subagents/agent-acompact-f46190.jsonl': { sessions: 1, prompts: 1, assistant: 1, toolCalls: 0, toolErrors: 0, models: [OPUS46], files: [] },
  'spotter/short.jsonl': { sessions: 1, prompts: 1, assistant: 1, toolCalls: 2, toolErrors: 2, models: [OPUS46], files: [] },
  'spotter/subagent.jsonl': { sessions: 2, prompts: 2, assistant: 17, toolCalls: 25, toolErrors: 3, models: [HAIKU45, OPUS46], files: ['plan.md'] },
  'spotter/tool_heavy.jsonl': { sessions: 1, prompts: 3, assistant: 4, toolCalls: 6, toolErrors: 0, models: [OPUS46], files: [] },
};

type Line = Record<string, any>;
function rawLines(file: string): Line[] {
  const out: Line[] = [];
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    try {
      const v = JSON.parse(text);
      if (v && typeof v === 'object' && !Array.isArray(v)) out.push(v);
    } catch {
      /* not a line the walk counts */
    }
  }
  return out;
}

/** The plain walk: counts of one file's own lines, independent of the reader. */
function rawCounts(lines: Line[]) {
  const ids = new Set<string>();
  const toolIds = new Set<string>();
  const errors = new Set<string>();
  for (const l of lines) {
    const content = l.message?.content;
    if (l.type === 'assistant' && l.message && typeof l.message === 'object') ids.add(l.message.id);
    if (!Array.isArray(content)) continue;
    for (const b of content) {
      if (b?.type === 'tool_use') toolIds.add(b.id);
      if (b?.type === 'tool_result' && b.is_error === true && toolIds.has(b.tool_use_id)) errors.add(b.tool_use_id);
    }
  }
  return { assistant: ids.size, toolCalls: toolIds.size, toolErrors: errors.size };
}

describeSamples('Claude Code reader on every sample', () => {
  const files = SAMPLES_FOUND ? allJsonl(CC).map((f) => relative(CC, f)).sort() : [];

  it('has an expectation for every sample file', () => {
    expect(files).toEqual(Object.keys(expected).sort());
  });

  for (const name of Object.keys(expected)) {
    it(name, async () => {
      const path = join(CC, name);
      const want = expected[name]!;
      expect(claudeCodeReader.detect(readFileSync(path).subarray(0, 65536), path)).toBe(true);
      const rec = await loadRecording(path);
      expect(rec.format).toBe('claude-code');
      const s = summarize(rec);
      expect(rec.sessions).toHaveLength(want.sessions);
      expect(rec.sessions[0]!.messages.user).toBe(want.prompts);
      expect(rec.sessions[0]!.turns.filter((t) => t.prompt)).toHaveLength(want.prompts);
      expect(rec.sessions.reduce((n, x) => n + x.messages.assistant, 0)).toBe(want.assistant);
      expect(s.toolCalls).toBe(want.toolCalls);
      expect(s.toolErrors).toBe(want.toolErrors);
      expect([...s.models].sort()).toEqual(want.models);
      expect(s.filesWritten).toEqual([...want.files].sort());
      // The file's own lines, walked plainly, agree with its root session.
      const raw = rawCounts(rawLines(path));
      const root = rec.sessions[0]!;
      const rootTools = root.turns.flatMap((t) => t.events).filter((e): e is ToolEvent => e.kind === 'tool');
      expect(root.messages.assistant).toBe(raw.assistant);
      expect(new Set(rootTools.map((t) => t.callId)).size).toBe(raw.toolCalls);
      expect(rootTools.filter((t) => t.status === 'error')).toHaveLength(raw.toolErrors);
      // Every event belongs to its session and to a known participant.
      const ids = new Set(rec.participants.map((p) => p.id));
      for (const session of rec.sessions) {
        for (const ev of session.turns.flatMap((t) => t.events)) {
          expect(ev.sessionId).toBe(session.id);
          expect(ids.has(ev.participantId)).toBe(true);
        }
      }
    });
  }
});

describe('a written session: streamed responses, a subagent, a compaction', () => {
  const dir = mkdtempSync(join(tmpdir(), 'playback-cc-session-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const w = writeSession(dir);

  it('counts messages, tool calls, errors, models and files as written', async () => {
    expect(claudeCodeReader.detect(readFileSync(w.main).subarray(0, 65536), w.main)).toBe(true);
    const rec = await loadRecording(w.main);
    expect(rec.format).toBe('claude-code');
    expect(rec.warnings).toEqual([]);
    const s = summarize(rec);
    expect(rec.sessions.map((x) => x.id)).toEqual([w.sessionId, w.subagentId, w.compactionRunId]);
    expect(rec.sessions[0]!.messages).toEqual({ user: w.prompts, assistant: w.assistant.main });
    expect(rec.sessions[0]!.turns.filter((t) => t.prompt)).toHaveLength(w.prompts);
    expect(rec.sessions[1]!.messages.assistant).toBe(w.assistant.subagent);
    expect(s.toolCalls).toBe(w.toolCalls.main + w.toolCalls.subagent);
    expect(s.toolErrors).toBe(w.toolErrors.main + w.toolErrors.subagent);
    expect([...s.models].sort()).toEqual([`anthropic/${HAIKU}`, `anthropic/${OPUS}`]);
    expect(s.filesWritten).toEqual(w.filesWritten);
    // The file's own lines, walked plainly, agree with its root session.
    const raw = rawCounts(rawLines(w.main));
    expect(raw).toEqual({ assistant: w.assistant.main, toolCalls: w.toolCalls.main, toolErrors: w.toolErrors.main });
  });

  it('counts usage once per message.id:requestId, subagents included', async () => {
    const rec = await loadRecording(w.main);
    expect(rec.tokens).toEqual(w.tokens);
    const lines = rawLines(w.main).filter((l) => l.type === 'assistant');
    expect(lines).toHaveLength(w.assistant.main + w.streamedLines - 2);
  });

  it('loads the subagent file and links it to its Task call', async () => {
    const rec = await loadRecording(w.main);
    const root = rec.sessions[0]!;
    const child = rec.sessions.find((s) => s.id === w.subagentId)!;
    expect(child.parentId).toBe(root.id);
    expect(child.parentCallId).toBe(w.taskCallId);
    expect(child.title).toBe(w.subagentTitle);
    const call = tools(rec).find((t) => t.callId === w.taskCallId)!;
    expect(call.tool).toBe('Task');
    expect(call.childSessionId).toBe(w.subagentId);
    const link = events(rec).find((e): e is SubagentEvent => e.kind === 'subagent' && e.callId === call.callId)!;
    expect(link.agent).toBe('Explore');
    const guest = rec.participants.find((p) => p.id === `guest:${w.subagentId}`)!;
    expect(guest).toMatchObject({ kind: 'guest', name: 'Explore (subagent)', models: [`anthropic/${HAIKU}`] });
    expect(child.turns.every((t) => t.participantId === `guest:${w.subagentId}`)).toBe(true);
    expect(rec.participants.find((p) => p.id === 'agent:claude')).toMatchObject({ name: 'Claude', models: [`anthropic/${OPUS}`] });
  });

  it('marks the compaction, its summary and the run that wrote it', async () => {
    const rec = await loadRecording(w.main);
    const compactions = events(rec).filter((e): e is CompactionEvent => e.kind === 'compaction');
    expect(compactions).toHaveLength(1);
    expect(compactions[0]).toMatchObject({ auto: true, summary: w.compactionSummary, time: w.compactionTime });
    const run = rec.sessions.find((s) => s.id === w.compactionRunId)!;
    expect(run.parentId).toBe(rec.sessions[0]!.id);
    expect(events(rec).some((e) => e.kind === 'subagent' && e.childSessionId === w.compactionRunId)).toBe(true);
    // The summary line opens no turn.
    expect(rec.sessions[0]!.turns).toHaveLength(w.prompts);
  });

  it('pairs tool calls with results, with durations, and records edits as file changes', async () => {
    const rec = await loadRecording(w.main);
    const all = tools(rec);
    expect(all.every((t) => t.status === 'completed' || t.status === 'error')).toBe(true);
    expect(all.find((t) => t.callId === w.slowCall.id)!.durationMs).toBe(w.slowCall.durationMs);
    const changes = events(rec).filter((e) => e.kind === 'file-change');
    expect(changes.map((e) => e.kind === 'file-change' && [e.op, e.path])).toEqual([
      ['write', '/home/dev/tidepool/src/format.mjs'],
      ['edit', '/home/dev/tidepool/test/format.test.mjs'],
    ]);
    const edit = changes[1]!;
    if (edit.kind === 'file-change') {
      expect(edit.newString).toBe("test('metres')\ntest('negative')");
      expect(edit.patch).toBe("@@ -1,1 +1,2 @@\n test('metres')\n+test('negative')");
    }
    const failed = all.filter((x) => x.status === 'error');
    expect(failed.map((x) => x.error)).toEqual(['npm ERR! missing script: lint', 'File does not exist.']);
  });
});

describeSamples('the full spotter session', () => {
  it('counts usage once per message.id:requestId, subagents included', async () => {
    const rec = await loadRecording(SPOTTER_MAIN);
    // python: max of each usage field per (message.id, requestId), summed; main file + subagents/.
    expect(rec.tokens).toEqual({ input: 2578, output: 40359, reasoning: 0, cacheRead: 16207141, cacheWrite: 276819 });
    // Streamed lines of one response share message.id: 278 assistant lines, 143 messages.
    const lines = rawLines(SPOTTER_MAIN).filter((l) => l.type === 'assistant');
    expect(lines).toHaveLength(278);
    expect(rec.sessions[0]!.messages.assistant).toBe(143);
  });

  it('loads the subagent file and links it to its Task call', async () => {
    const rec = await loadRecording(SPOTTER_MAIN);
    const root = rec.sessions[0]!;
    const child = rec.sessions.find((s) => s.id === 'a7be2f0')!;
    expect(child.parentId).toBe(root.id);
    expect(child.parentCallId).toBe('toolu_017SvvKc8KLbhGMG3tXkf21Z');
    expect(child.title).toBe('Explore Tmux module and test setup');
    const call = tools(rec).find((t) => t.callId === 'toolu_017SvvKc8KLbhGMG3tXkf21Z')!;
    expect(call.tool).toBe('Task');
    expect(call.childSessionId).toBe('a7be2f0');
    const link = events(rec).find((e): e is SubagentEvent => e.kind === 'subagent' && e.callId === call.callId)!;
    expect(link.childSessionId).toBe('a7be2f0');
    expect(link.agent).toBe('Explore');
    const guest = rec.participants.find((p) => p.id === 'guest:a7be2f0')!;
    expect(guest.kind).toBe('guest');
    expect(guest.name).toBe('Explore (subagent)');
    expect(guest.models).toEqual([HAIKU45]);
    expect(child.turns.every((t) => t.participantId === 'guest:a7be2f0')).toBe(true);
    expect(rec.participants.find((p) => p.id === 'agent:claude')).toMatchObject({ name: 'Claude', models: [OPUS46] });
  });

  it('marks the compaction, its summary and the run that wrote it', async () => {
    const rec = await loadRecording(SPOTTER_MAIN);
    const compactions = rec.sessions[0]!.turns.flatMap((t) => t.events).filter((e): e is CompactionEvent => e.kind === 'compaction');
    expect(compactions).toHaveLength(1);
    expect(compactions[0]!.auto).toBe(true);
    expect(compactions[0]!.summary).toMatch(/^This session is being continued from a previous conversation/);
    expect(compactions[0]!.time).toBe(Date.parse('2026-02-11T22:31:35.739Z'));
    const run = rec.sessions.find((s) => s.id === 'acompact-f46190')!;
    expect(run.parentId).toBe(rec.sessions[0]!.id);
    expect(events(rec).some((e) => e.kind === 'subagent' && e.childSessionId === 'acompact-f46190')).toBe(true);
    // Neither the summary line nor the background task's report opens a turn: 1 prompt, 1 turn.
    expect(rec.sessions[0]!.turns).toHaveLength(1);
  });

  it('pairs tool calls with results, with durations, and records edits as file changes', async () => {
    const rec = await loadRecording(SPOTTER_MAIN);
    const all = tools(rec);
    expect(all.every((t) => t.status === 'completed' || t.status === 'error')).toBe(true);
    // toolu_01Eh1BcVaWiY5tdgmLnAEoXk: tool_use line 40, tool_result line 50 of the raw file.
    const lines = rawLines(SPOTTER_MAIN);
    expect(lines[39]!.message.content[0].id).toBe('toolu_01Eh1BcVaWiY5tdgmLnAEoXk');
    expect(lines[49]!.message.content[0].tool_use_id).toBe('toolu_01Eh1BcVaWiY5tdgmLnAEoXk');
    const t = all.find((x) => x.callId === 'toolu_01Eh1BcVaWiY5tdgmLnAEoXk')!;
    expect(t.durationMs).toBe(Date.parse(lines[49]!.timestamp) - Date.parse(lines[39]!.timestamp));
    const edits = events(rec).filter((e) => e.kind === 'file-change');
    const editCalls = all.filter((x) => ['Write', 'Edit', 'MultiEdit', 'NotebookEdit'].includes(x.tool) && x.status !== 'error');
    expect(edits).toHaveLength(editCalls.length);
    for (const e of edits) {
      if (e.kind !== 'file-change') continue;
      const call = editCalls.find((c) => c.callId === e.callId)!;
      expect(call).toBeDefined();
      expect(e.path).toBe((call.input as { file_path: string }).file_path);
      if (e.op === 'edit') {
        expect(e.oldString).toBe((call.input as { old_string: string }).old_string);
        expect(e.newString).toBe((call.input as { new_string: string }).new_string);
        expect(e.patch).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@/);
      } else {
        expect(e.op).toBe('write');
        expect(e.content).toBe((call.input as { content: string }).content);
      }
    }
    // Bash errors carry the error text.
    const failed = all.filter((x) => x.status === 'error');
    expect(failed.every((x) => typeof x.error === 'string' && x.error.length > 0)).toBe(true);
  });
});

describeSamples('subagents from agent_progress lines', () => {
  it('rebuilds a subagent from agent_progress lines and links it', async () => {
    const rec = await loadRecording(join(CC, 'spotter', 'subagent.jsonl'));
    const child = rec.sessions[1]!;
    expect(child.id).toBe('afb92ff');
    expect(child.parentCallId).toBe('toolu_01Cz2Pnv7qNcnK1ZiocxWhQX');
    expect(child.title).toBe('Draft beads for linting setup');
    expect(rec.participants.find((p) => p.id === 'guest:afb92ff')!.name).toBe('Plan (subagent)');
    // The Task result says totalToolUseCount 9.
    const childTools = child.turns.flatMap((t) => t.events).filter((e) => e.kind === 'tool');
    expect(childTools).toHaveLength(9);
  });
});

describe('a subagent kept only in agent_progress lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'playback-cc-progress-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const prompt = 'Draft beads for setting up the linters.';
  const progress = (message: Record<string, unknown>) => ({
    type: 'progress', parentToolUseID: 'toolu_plan', toolUseID: 'agent_msg_plan',
    data: { type: 'agent_progress', agentId: 'afb92ff', prompt, normalizedMessages: [], message },
  });
  const usage = { input_tokens: 2, output_tokens: 5 };
  const haiku = (id: string, content: unknown[]) => ({ type: 'assistant', message: { model: HAIKU, id, type: 'message', role: 'assistant', content, usage } });
  const file = new Transcript('3c4d5e6f-7081-4923-8a4b-5c6d7e8f9012')
    .user('Set up the linters.')
    .assistant('m1', OPUS, [tool('toolu_plan', 'Task', { description: 'Draft beads for linting setup', prompt, subagent_type: 'Plan' })], usage)
    .raw(progress({ type: 'user', message: { role: 'user', content: [{ type: 'text', text: prompt }] } }))
    .raw(progress(haiku('msg_p1', [tool('toolu_p1', 'Read', { file_path: '/w' })])))
    .raw(progress({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', content: 'EISDIR: illegal operation on a directory, read', is_error: true, tool_use_id: 'toolu_p1' }] } }))
    .raw(progress(haiku('msg_p2', [tool('toolu_p2', 'Bash', { command: 'ls /w' })])))
    .raw(progress({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', content: 'mix.exs', tool_use_id: 'toolu_p2' }] } }))
    .raw(progress(haiku('msg_p3', [text('Two beads: add the deps, add a quality alias.')])))
    .result('toolu_plan', 'Two beads: add the deps, add a quality alias.', { toolUseResult: { status: 'completed', prompt, agentId: 'afb92ff', totalToolUseCount: 2 } })
    .write(join(dir, 'progress.jsonl'));

  it('rebuilds the subagent from its agent_progress lines and links it to the Task call', async () => {
    const rec = await loadRecording(file);
    expect(rec.sessions.map((s) => s.id)).toEqual(['3c4d5e6f-7081-4923-8a4b-5c6d7e8f9012', 'afb92ff']);
    const child = rec.sessions[1]!;
    expect(child.parentCallId).toBe('toolu_plan');
    expect(child.title).toBe('Draft beads for linting setup');
    expect(rec.participants.find((p) => p.id === 'guest:afb92ff')).toMatchObject({ name: 'Plan (subagent)', models: [`anthropic/${HAIKU}`] });
    const childTools = child.turns.flatMap((t) => t.events).filter((e): e is ToolEvent => e.kind === 'tool');
    expect(childTools.map((t) => [t.callId, t.status])).toEqual([['toolu_p1', 'error'], ['toolu_p2', 'completed']]);
  });
});

describe('subagents in older layouts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'playback-cc-layout-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A subagent as older Claude Code kept it: agent-<id>.jsonl, every line isSidechain.
  const agent = new Transcript('7d6c5b4a-1111-4222-8333-444455556666', { agentId: 'aae161c', cwd: '/w', start: '2026-02-03T10:00:06.000Z' });
  agent.user('Fix the lint errors in src/ and report what you changed.');
  agent.assistant('g1', OPUS, [tool('toolu_g1', 'Bash', { command: 'npm run lint' })], { input_tokens: 1, output_tokens: 5 });
  agent.result('toolu_g1', '3 problems');
  agent.assistant('g2', OPUS, [tool('toolu_g2', 'Bash', { command: 'npm run lint -- --fix' })], { input_tokens: 1, output_tokens: 5 });
  agent.result('toolu_g2', '0 problems');
  agent.assistant('g3', OPUS, [text('Fixed 3 lint problems.')], { input_tokens: 1, output_tokens: 5 });
  const agentFile = agent.write(join(dir, 'agent-aae161c.jsonl'));
  const agentLines = readFileSync(agentFile, 'utf8').trimEnd().split('\n');
  const first = JSON.parse(agentLines[0]!) as Line;
  const sessionId = first.sessionId as string;
  const prompt = first.message.content as string;
  const mainLines = (sidechainInline: boolean) => [
    { type: 'user', uuid: 'm1', parentUuid: null, sessionId, cwd: first.cwd, timestamp: '2026-02-03T10:00:00.000Z', message: { role: 'user', content: 'Please fix the lint errors' } },
    { type: 'assistant', uuid: 'm2', parentUuid: 'm1', sessionId, requestId: 'req_m2', timestamp: '2026-02-03T10:00:05.000Z', message: { id: 'msg_m2', role: 'assistant', model: 'claude-opus-4-5-20251101', content: [{ type: 'tool_use', id: 'toolu_task1', name: 'Task', input: { description: 'Fix lint', subagent_type: 'general-purpose', prompt: typeof prompt === 'string' ? prompt : '' } }], usage: { input_tokens: 1, output_tokens: 2 } } },
    ...(sidechainInline ? agentLines.map((l) => JSON.parse(l)) : []),
    { type: 'user', uuid: 'm3', parentUuid: 'm2', sessionId, timestamp: '2026-02-03T10:09:00.000Z', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_task1', content: 'done' }] } },
  ].map((l) => JSON.stringify(l)).join('\n') + '\n';

  it('links agent-*.jsonl beside the session by its prompt', async () => {
    const folder = join(dir, 'beside');
    mkdirSync(folder);
    writeFileSync(join(folder, `${sessionId}.jsonl`), mainLines(false));
    copyFileSync(agentFile, join(folder, 'agent-aae161c.jsonl'));
    const rec = await loadRecording(join(folder, `${sessionId}.jsonl`));
    expect(rec.sessions.map((s) => s.id)).toEqual([sessionId, 'aae161c']);
    expect(rec.sessions[1]!.parentCallId).toBe('toolu_task1');
    expect(tools(rec).find((t) => t.callId === 'toolu_task1')!.childSessionId).toBe('aae161c');
    expect(summarize(rec).toolCalls).toBe(1 + 2);
  });

  it('splits inline sidechain lines into a child session', async () => {
    const file = join(dir, 'inline.jsonl');
    writeFileSync(file, mainLines(true));
    const rec = await loadRecording(file);
    expect(rec.sessions.map((s) => s.id)).toEqual([sessionId, 'aae161c']);
    expect(rec.sessions[0]!.messages.assistant).toBe(1);
    expect(rec.sessions[1]!.messages.assistant).toBe(3);
    expect(rec.sessions[1]!.parentCallId).toBe('toolu_task1');
  });
});

describe('/rewind branches', () => {
  const dir = mkdtempSync(join(tmpdir(), 'playback-cc-rewind-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const line = (uuid: string, parent: string | null, type: 'user' | 'assistant', text: string, sec: number) =>
    JSON.stringify({
      type, uuid, parentUuid: parent, sessionId: 's-rewind', cwd: '/w', timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, sec)).toISOString(),
      ...(type === 'assistant' ? { requestId: `req_${uuid}` } : {}),
      message: type === 'user' ? { role: 'user', content: text } : { id: `msg_${uuid}`, role: 'assistant', model: 'claude-opus-4-6', content: [{ type: 'text', text }] },
    });

  it('follows the branch of the last line and says how many lines were left', async () => {
    const file = join(dir, 'rewind.jsonl');
    writeFileSync(file, [
      line('u1', null, 'user', 'first question', 1),
      line('a1', 'u1', 'assistant', 'first answer', 2),
      line('u2', 'a1', 'user', 'a prompt later rewound', 3),
      line('a2', 'u2', 'assistant', 'an answer later rewound', 4),
      line('u3', 'a2', 'user', 'more on the old branch', 5),
      line('u4', 'a1', 'user', 'the prompt after /rewind', 6),
      line('a4', 'u4', 'assistant', 'the answer that stays', 7),
    ].join('\n') + '\n');
    const rec = await loadRecording(file);
    const texts = events(rec).filter((e) => e.kind === 'text').map((e) => (e as { text: string }).text);
    expect(texts).toEqual(['first question', 'first answer', 'the prompt after /rewind', 'the answer that stays']);
    expect(rec.sessions[0]!.messages).toEqual({ user: 2, assistant: 2 });
    const w = rec.warnings.find((x) => /rewind/.test(x.message))!;
    expect(w.message).toMatch(/^3 line\(s\)/);
    expect(w.line).toBe(3);
  });
});

describe('bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'playback-cc-bad-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const short = shortSession().text();
  const shortLines = short.trimEnd().split('\n');

  it('a truncated last line is a warning naming the line, and the rest is read', async () => {
    const file = join(dir, 'truncated.jsonl');
    const lastLine = shortLines[shortLines.length - 1]!;
    writeFileSync(file, [...shortLines.slice(0, -1), lastLine.slice(0, Math.floor(lastLine.length / 2))].join('\n'));
    const rec = await loadRecording(file);
    const w = rec.warnings.find((x) => /incomplete/.test(x.message))!;
    expect(w).toMatchObject({ file, line: shortLines.length });
    expect(rec.sessions[0]!.messages.user).toBe(1);
  });

  it('garbage lines are counted and named, the rest is read', async () => {
    const file = join(dir, 'garbage.jsonl');
    const lines = [...shortLines];
    lines.splice(3, 0, 'this is not json {');
    for (let i = 0; i < 30; i++) lines.push(`garbage ${i}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const rec = await loadRecording(file);
    const named = rec.warnings.filter((x) => /not valid JSON; line skipped/.test(x.message));
    expect(named).toHaveLength(20);
    expect(named[0]!.line).toBe(4);
    const rest = rec.warnings.find((x) => /^11 more unreadable lines skipped/.test(x.message));
    expect(rest).toBeDefined();
    expect(summarize(rec).toolCalls).toBe(2);
  });

  it('a 50 MB line neither crashes the reader nor is kept whole', async () => {
    const file = join(dir, 'huge.jsonl');
    writeFileSync(file, short);
    const big = {
      type: 'user', uuid: 'huge-1', parentUuid: null, sessionId: 'x', timestamp: '2026-02-10T21:20:00.000Z',
      message: { role: 'user', content: `a pasted log: ${'x'.repeat(50 * 1024 * 1024)}` },
    };
    appendFileSync(file, `${JSON.stringify(big)}\n`);
    expect(statSync(file).size).toBeGreaterThan(50 * 1024 * 1024);
    const rec = await loadRecording(file);
    const text = events(rec).find((e) => e.id === 'huge-1');
    expect(text?.kind).toBe('text');
    const kept = (text as { text: string }).text;
    expect(kept.length).toBeLessThan(MAX_KEPT_CHARS + 200);
    expect(kept).toMatch(/\[cut: \d+ more characters not kept\]$/);
    expect(rec.warnings.some((w) => /longer than the kept maximum were cut/.test(w.message))).toBe(true);
  });

  it('invalid UTF-8 is replaced and reported', async () => {
    const file = join(dir, 'utf8.jsonl');
    const line = Buffer.from(JSON.stringify({
      type: 'user', uuid: 'bad-utf8', parentUuid: null, sessionId: 'x', timestamp: '2026-02-10T21:20:00.000Z',
      message: { role: 'user', content: 'before MARK after' },
    }));
    const at = line.indexOf('MARK');
    const broken = Buffer.concat([line.subarray(0, at), Buffer.from([0xff, 0xfe, 0xc3]), line.subarray(at + 4), Buffer.from('\n')]);
    writeFileSync(file, Buffer.concat([Buffer.from(short), broken]));
    const rec = await loadRecording(file);
    const ev = events(rec).find((e) => e.id === 'bad-utf8') as { text: string };
    expect(ev.text).toMatch(/^before \uFFFD+ after$/);
    const w = rec.warnings.find((x) => /not valid UTF-8/.test(x.message))!;
    expect(w.line).toBe(shortLines.length + 1);
  });

  it('an empty file and a file of garbage are clear errors', async () => {
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    await expect(loadRecording(empty)).rejects.toBeInstanceOf(InputError);
    await expect(claudeCodeReader.read(empty, {})).rejects.toThrow(/no Claude Code messages found/);
    const junk = join(dir, 'junk.jsonl');
    writeFileSync(junk, 'hello\nworld\n');
    const err = await loadRecording(junk).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).toContain(junk);
  });

  it('does not claim opencode exports', () => {
    const exports = [DEMO_EXPORT, VIOLATIONS_EXPORT];
    if (SAMPLES_FOUND) exports.push(...readdirSync(sample('opencode')).filter((n) => n.endsWith('.json')).map((n) => sample('opencode', n)));
    for (const path of exports) {
      expect(claudeCodeReader.detect(readFileSync(path).subarray(0, 65536), path)).toBe(false);
    }
  });
});
