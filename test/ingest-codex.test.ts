// The Codex CLI reader on the two real rollouts (0.34 and 0.57) and on small rollouts written
// here, one per rule. Expected sample counts were taken by a separate python walk over the raw
// lines: event_msg user_message records; function_call / custom_tool_call ids; outputs failing
// by metadata.exit_code, an "exit code N" first line or failure text; "*** Add/Update/Delete
// File:" headers of patches not answered by a failure (updates counted per @@ hunk); and the
// growth of total_token_usage between token_count records (last_token_usage where it restarts).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectReader } from '../src/ingest/index.js';
import { loadRecording } from '../src/prepare/index.js';
import type { Recording, TextEvent } from '../src/recording/model.js';
import { changes, events, texts, tools } from './helpers/events.js';
import { playback, requireBuiltCli } from './helpers/cli.js';
import { listCodexSessions } from '../src/ingest/discover-agents.js';
import { describeSamples, sample } from './helpers/samples.js';

const V034 = sample('codex', 'rollout-2025-10-31T19-02-58-c61729d4-da6d-46a4-9a29-ec2c614e5e23.jsonl');
const V057 = sample('codex', 'rollout-2025-11-12T17-48-11-019a7ae6-1945-7c63-98f2-210adb922af9.jsonl');
const temp = mkdtempSync(join(tmpdir(), 'playback-codex-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const prompts = (rec: Recording) => rec.sessions.flatMap((s) => s.turns.flatMap((t) => (t.prompt ? [t.prompt.text] : [])));

describeSamples('Codex CLI reader on the real rollouts', () => {
  it('reads the 0.34 rollout: prompts, tools, errors, patches, tokens, no model recorded', async () => {
    const rec = await loadRecording(V034);
    expect(rec.format).toBe('codex');
    expect(rec.warnings).toEqual([]);
    expect(rec.sessions).toHaveLength(1);
    const s = rec.sessions[0]!;
    expect(s.id).toBe('c61729d4-da6d-46a4-9a29-ec2c614e5e23');
    expect(s.version).toBe('0.34.0');
    expect(s.directory).toBe('/home/randy/projects/python-3/OpenPrintKit');
    expect(s.turns).toHaveLength(63);
    expect(prompts(rec)).toHaveLength(63);
    expect(prompts(rec)[0]).toBe('Can we continue from where we left off?');
    expect(s.messages).toEqual({ user: 63, assistant: 62 });
    expect(tools(rec)).toHaveLength(400);
    expect(tools(rec).filter((t) => t.status === 'error')).toHaveLength(38);
    expect(tools(rec).filter((t) => t.status === 'running')).toHaveLength(0);
    const files = changes(rec);
    expect(files.filter((f) => f.op === 'write')).toHaveLength(65); // Add File
    expect(files.filter((f) => f.op === 'edit')).toHaveLength(384); // Update File hunks
    expect(files.filter((f) => f.op === 'patch')).toHaveLength(1); // Delete File
    // One injected <environment_context>, the rest prompts and answers.
    expect(texts(rec).filter((t) => t.synthetic)).toHaveLength(1);
    expect(rec.tokens).toEqual({ input: 3402915, output: 170314, reasoning: 52736, cacheRead: 59491328, cacheWrite: 0 });
    expect(rec.participants.find((p) => p.id === 'agent:codex')!.models).toEqual([]);
  });

  it('reads the 0.57 rollout: model per turn, custom apply_patch, verification failures, the aborted turn', async () => {
    const rec = await loadRecording(V057);
    expect(rec.warnings).toEqual([]);
    const s = rec.sessions[0]!;
    expect(s.turns).toHaveLength(6);
    expect(s.messages).toEqual({ user: 6, assistant: 5 });
    expect(tools(rec)).toHaveLength(97);
    expect(tools(rec).filter((t) => t.tool === 'apply_patch')).toHaveLength(13);
    const failed = tools(rec).filter((t) => t.status === 'error');
    expect(failed).toHaveLength(15);
    expect(failed.some((t) => t.error!.startsWith('apply_patch verification failed'))).toBe(true);
    expect(changes(rec)).toHaveLength(22);
    expect(new Set(changes(rec).map((c) => c.relPath)).size).toBeGreaterThan(1);
    expect(changes(rec).every((c) => !c.relPath.startsWith('/'))).toBe(true);
    expect(events(rec).filter((e) => e.kind === 'error').map((e) => e.kind === 'error' && e.name)).toEqual(['aborted']);
    // AGENTS.md and <environment_context> are context, not prompts.
    expect(texts(rec).filter((t) => t.synthetic).map((t) => t.text.slice(0, 12))).toEqual(['# AGENTS.md ', '<environment']);
    expect(rec.participants.find((p) => p.id === 'agent:codex')!.models).toEqual(['openai/gpt-5-codex']);
    expect(s.turns.every((t) => t.models.includes('openai/gpt-5-codex'))).toBe(true);
    expect(rec.tokens).toEqual({ input: 385593, output: 26280, reasoning: 18816, cacheRead: 3248000, cacheWrite: 0 });
  });
});

// ---- small rollouts, one per rule ----

const T0 = Date.parse('2026-01-05T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const line = (ms: number, type: string, payload: object) => JSON.stringify({ timestamp: at(ms), type, payload });
const meta = (ms: number, id: string, extra: object = {}) => line(ms, 'session_meta', { id, timestamp: at(ms), cwd: '/work/app', originator: 'codex_cli_rs', cli_version: '0.60.0', ...extra });
const user = (ms: number, text: string) => [
  line(ms, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text }] }),
  line(ms + 1, 'event_msg', { type: 'user_message', message: text, images: [] }),
];
const injected = (ms: number, text: string) => line(ms, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
const say = (ms: number, text: string) => line(ms, 'response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
const call = (ms: number, id: string, name: string, args: object) => line(ms, 'response_item', { type: 'function_call', name, arguments: JSON.stringify(args), call_id: id });
const output = (ms: number, id: string, out: unknown) => line(ms, 'response_item', { type: 'function_call_output', call_id: id, output: out });
const tokens = (ms: number, total: number[], last: number[]) => {
  const u = ([i, c, o, r]: number[]) => ({ input_tokens: i, cached_input_tokens: c, output_tokens: o, reasoning_output_tokens: r, total_tokens: i! + o! });
  return line(ms, 'event_msg', { type: 'token_count', info: { total_token_usage: u(total), last_token_usage: u(last) } });
};
const ok = (text: string) => JSON.stringify({ output: text, metadata: { exit_code: 0, duration_seconds: 0.1 } });

function write(name: string, lines: string[], end = '\n'): string {
  const path = join(temp, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, lines.join('\n') + end);
  return path;
}

const PATCH_ADD = '*** Begin Patch\n*** Add File: src/new.ts\n+export const a = 1;\n+export const b = 2;\n*** End Patch';
const PATCH_UPDATE = '*** Begin Patch\n*** Update File: src/old.ts\n@@ function f\n-  return 1;\n+  return 2;\n@@ function g\n   keep();\n-  drop();\n*** Delete File: src/gone.ts\n*** Update File: src/a.ts\n*** Move to: src/b.ts\n@@\n-x\n+y\n*** End Patch';

describe('Codex CLI reader rules', () => {
  it('turns every patch form into file changes, and failed ones into none', async () => {
    const path = write('patches/rollout-2026-01-05T10-00-00-p.jsonl', [
      meta(0, 'p'),
      line(1, 'turn_context', { cwd: '/work/app', model: 'gpt-5-codex' }),
      ...user(10, 'patch it'),
      line(20, 'response_item', { type: 'custom_tool_call', status: 'completed', call_id: 'c1', name: 'apply_patch', input: PATCH_ADD }),
      line(30, 'response_item', { type: 'custom_tool_call_output', call_id: 'c1', output: ok('Success. Updated the following files:\nA src/new.ts\n') }),
      call(40, 'c2', 'shell', { command: ['apply_patch', PATCH_UPDATE] }),
      output(50, 'c2', ok('Success.')),
      call(60, 'c3', 'shell', { command: ['bash', '-lc', `apply_patch <<'PATCH'\n${PATCH_ADD.replace('new.ts', 'heredoc.ts')}\nPATCH`] }),
      output(70, 'c3', ok('Success.')),
      call(80, 'c4', 'shell', { command: ['bash', '-lc', PATCH_ADD.replace('new.ts', 'bare.ts')] }),
      output(90, 'c4', ok('Success.')),
      line(100, 'response_item', { type: 'custom_tool_call', call_id: 'c5', name: 'apply_patch', input: PATCH_ADD.replace('new.ts', 'rejected.ts') }),
      line(110, 'response_item', { type: 'custom_tool_call_output', call_id: 'c5', output: 'apply_patch verification failed: Failed to find expected lines in /work/app/src/rejected.ts' }),
      call(120, 'c6', 'shell', { command: ['bash', '-lc', 'false'] }),
      output(130, 'c6', JSON.stringify({ output: '', metadata: { exit_code: 1 } })),
      call(140, 'c7', 'shell_command', { command: 'make test' }),
      output(150, 'c7', 'Exit code: 2\nWall time: 1.2 seconds\nOutput:\nFAIL'),
      call(160, 'c8', 'exec_command', { cmd: 'ls' }),
      output(170, 'c8', 'Chunk ID: 1\nWall time: 0.1 seconds\nProcess exited with code 0\nOutput:\na b'),
      call(180, 'c9', 'shell', { command: ['bash', '-lc', 'rm -rf /'] }),
      output(190, 'c9', 'failed in sandbox LinuxSeccomp with execution error: sandbox denied exec error, exit code: 1, stdout: '),
      say(200, 'done'),
    ]);
    const rec = await loadRecording(path);
    expect(rec.warnings).toEqual([]);
    expect(tools(rec).map((t) => `${t.callId}:${t.status}`)).toEqual([
      'c1:completed', 'c2:completed', 'c3:completed', 'c4:completed', 'c5:error', 'c6:error', 'c7:error', 'c8:completed', 'c9:error',
    ]);
    expect(tools(rec)[0]!.title).toBe('apply_patch src/new.ts');
    expect(tools(rec)[6]!.title).toBe('make test');
    expect(tools(rec)[6]!.durationMs).toBe(1200); // "Wall time: 1.2 seconds"
    expect(tools(rec)[1]!.durationMs).toBe(100); // metadata.duration_seconds
    const files = changes(rec).map((c) => [c.callId, c.op, c.relPath]);
    expect(files).toEqual([
      ['c1', 'write', 'src/new.ts'],
      ['c2', 'edit', 'src/old.ts'],
      ['c2', 'edit', 'src/old.ts'],
      ['c2', 'patch', 'src/gone.ts'],
      ['c2', 'edit', 'src/b.ts'],
      ['c3', 'write', 'src/heredoc.ts'],
      ['c4', 'write', 'src/bare.ts'],
    ]);
    const [add, hunk1, hunk2] = changes(rec);
    expect(add!.path).toBe('/work/app/src/new.ts');
    expect(add!.content).toBe('export const a = 1;\nexport const b = 2;\n');
    expect([hunk1!.oldString, hunk1!.newString]).toEqual(['  return 1;', '  return 2;']);
    expect([hunk2!.oldString, hunk2!.newString]).toEqual(['  keep();\n  drop();', '  keep();']);
    // Each change follows its call in the turn.
    const order = events(rec).map((e) => (e.kind === 'tool' ? e.callId : e.kind === 'file-change' ? `+${e.callId}` : e.kind));
    expect(order.indexOf('+c1')).toBe(order.indexOf('c1') + 1);
  });

  it('keeps injected context out of the prompts, and each prompt once', async () => {
    const path = write('context/rollout-2026-01-05T10-00-00-c.jsonl', [
      meta(0, 'c'),
      injected(1, '# AGENTS.md instructions for /work/app\n\n<INSTRUCTIONS>be brief</INSTRUCTIONS>'),
      injected(2, '<environment_context>\n  <cwd>/work/app</cwd>\n</environment_context>'),
      ...user(10, 'first prompt'),
      say(20, 'answer one'),
      injected(30, '<turn_aborted>\n  The user interrupted.\n</turn_aborted>'),
      ...user(40, 'second prompt'),
      injected(50, '<subagent_notification>{"agent_id":"x","status":"completed"}</subagent_notification>'),
      say(60, 'answer two'),
      injected(69, '<user_instructions>be kind</user_instructions>'),
      line(70, 'event_msg', { type: 'user_message', message: '<user_instructions>be kind</user_instructions>', kind: 'user_instructions' }),
      line(71, 'event_msg', { type: 'user_message', message: '<environment_context>\n  <cwd>/w</cwd>\n</environment_context>', kind: 'environment_context' }),
    ]);
    const rec = await loadRecording(path);
    expect(prompts(rec)).toEqual(['first prompt', 'second prompt']);
    expect(rec.sessions[0]!.turns).toHaveLength(2);
    const synthetic = texts(rec).filter((t) => t.synthetic).map((t) => t.text.split('\n')[0]);
    expect(synthetic).toEqual(['# AGENTS.md instructions for /work/app', '<environment_context>', '<turn_aborted>', '<subagent_notification>{"agent_id":"x","status":"completed"}</subagent_notification>', '<user_instructions>be kind</user_instructions>', '<environment_context>']);
    // The model's copy of each prompt is not shown a second time.
    expect(texts(rec).filter((t) => t.text === 'first prompt')).toHaveLength(1);
    // Context before the first prompt opens no turn of its own: it leads the first.
    expect(rec.sessions[0]!.turns[0]!.events[0]!.kind).toBe('text');
    expect((rec.sessions[0]!.turns[0]!.events[0] as TextEvent).synthetic).toBe(true);
  });

  it('reads the newer shapes: developer context, local shell, web search, MCP outputs, compaction, errors', async () => {
    const path = write('newer/rollout-2026-01-05T10-00-00-n.jsonl', [
      meta(0, 'n'),
      line(1, 'response_item', { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<permissions instructions>sandboxed</permissions instructions>' }] }),
      ...user(10, 'look it up'),
      line(20, 'response_item', { type: 'reasoning', summary: [{ type: 'summary_text', text: '**Searching** first' }], encrypted_content: 'x' }),
      line(21, 'response_item', { type: 'ghost_snapshot', ghost_commit: { id: 'abc' } }),
      line(30, 'response_item', { type: 'local_shell_call', call_id: 'l1', status: 'completed', action: { type: 'exec', command: ['bash', '-lc', 'pwd'] } }),
      output(40, 'l1', ok('/work/app')),
      line(50, 'response_item', { type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'codex rollout format' } }),
      call(60, 'm1', 'docs__search', { query: 'x' }),
      output(70, 'm1', [{ type: 'input_text', text: 'found it' }]),
      call(80, 'm2', 'docs__fetch', { url: 'y' }),
      output(90, 'm2', { content: 'err: timeout', success: false }),
      call(95, 'u1', 'update_plan', { plan: [{ step: 'Search', status: 'completed' }, { step: 'Summarise', status: 'in_progress' }] }),
      output(96, 'u1', 'Plan updated'),
      line(100, 'compacted', { message: 'Summary of the work so far.' }),
      line(101, 'event_msg', { type: 'context_compacted' }),
      line(110, 'event_msg', { type: 'error', message: 'stream disconnected' }),
      line(111, 'event_msg', { type: 'agent_reasoning', text: '**Searching** first' }),
    ]);
    const rec = await loadRecording(path);
    expect(rec.warnings).toEqual([]);
    expect(texts(rec).filter((t) => t.synthetic).map((t) => t.text)).toEqual(['<permissions instructions>sandboxed</permissions instructions>']);
    expect(events(rec).filter((e) => e.kind === 'reasoning').map((e) => e.kind === 'reasoning' && e.text)).toEqual(['**Searching** first']);
    expect(tools(rec).map((t) => [t.callId, t.tool, t.status, t.title ?? null])).toEqual([
      ['l1', 'shell', 'completed', 'pwd'],
      ['web_search_call#9', 'web_search', 'completed', 'codex rollout format'],
      ['m1', 'docs__search', 'completed', 'x'],
      ['m2', 'docs__fetch', 'error', null],
      ['u1', 'update_plan', 'completed', 'Summarise'],
    ]);
    expect(tools(rec)[2]!.output).toBe('found it');
    expect(tools(rec)[3]!.error).toBe('err: timeout');
    const compactions = events(rec).filter((e) => e.kind === 'compaction');
    expect(compactions.map((c) => c.kind === 'compaction' && c.summary)).toEqual(['Summary of the work so far.']);
    expect(events(rec).filter((e) => e.kind === 'error').map((e) => e.kind === 'error' && e.message)).toEqual(['stream disconnected']);
  });

  it('counts token totals once however often they repeat, and follows the model per turn', async () => {
    const path = write('tokens/rollout-2026-01-05T10-00-00-t.jsonl', [
      meta(0, 't', { model_provider: 'openai' }),
      line(1, 'turn_context', { model: 'gpt-5-codex' }),
      ...user(10, 'one'),
      line(11, 'event_msg', { type: 'token_count', info: null }),
      tokens(20, [100, 40, 10, 4], [100, 40, 10, 4]),
      tokens(21, [100, 40, 10, 4], [100, 40, 10, 4]),
      say(22, 'a'),
      line(30, 'turn_context', { model: 'gpt-5.1-codex-mini' }),
      ...user(31, 'two'),
      tokens(40, [250, 100, 30, 10], [150, 60, 20, 6]),
      say(41, 'b'),
    ]);
    const rec = await loadRecording(path);
    const [t1, t2] = rec.sessions[0]!.turns;
    expect(t1!.tokens).toEqual({ input: 60, output: 6, reasoning: 4, cacheRead: 40, cacheWrite: 0 });
    expect(t2!.tokens).toEqual({ input: 90, output: 14, reasoning: 6, cacheRead: 60, cacheWrite: 0 });
    expect(t1!.models).toEqual(['openai/gpt-5-codex']);
    expect(t2!.models).toEqual(['openai/gpt-5.1-codex-mini']);
  });

  it('warns, with the line, about a record type it does not know and a last line cut short', async () => {
    const path = write('damaged/rollout-2026-01-05T10-00-00-d.jsonl', [
      meta(0, 'd'),
      ...user(10, 'go'),
      line(20, 'mystery_record', { x: 1 }),
      line(30, 'event_msg', { type: 'brand_new_event', detail: 'y' }),
      'not json at all',
      say(40, 'kept'),
      line(50, 'response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'cut' }] }).slice(0, 40),
    ], '');
    const rec = await loadRecording(path);
    const warned = rec.warnings.map((w) => `${w.line}: ${w.message}`);
    expect(warned).toEqual([
      '8: the last line is incomplete (the session may still be running); it was left out',
      '6: not valid JSON; line skipped',
      '4: line type "mystery_record" is not known; skipped (once)',
      '5: event type "brand_new_event" is not known; kept as an unknown event (once)',
    ]);
    expect(rec.warnings.every((w) => w.file === path)).toBe(true);
    expect(texts(rec).map((t) => t.text)).toEqual(['go', 'kept']);
    expect(events(rec).filter((e) => e.kind === 'unknown')).toHaveLength(1);
  });

  describe('a sub-agent rollout', () => {
    const parentLines = [
      meta(0, 'parent-1'),
      line(1, 'turn_context', { model: 'gpt-5-codex' }),
      ...user(10, 'parent prompt'),
      call(20, 'spawn1', 'spawn_agent', { message: 'look around', agent_type: 'explorer' }),
      output(30, 'spawn1', JSON.stringify({ agent_id: 'child-1' })),
      tokens(40, [100, 0, 10, 0], [100, 0, 10, 0]),
      say(50, 'spawned'),
    ];
    const FORK = 60_000;
    const childLines = [
      meta(FORK, 'child-1', { forked_from_id: 'parent-1', source: { subagent: { thread_spawn: { parent_thread_id: 'parent-1', agent_role: 'explorer' } } } }),
      // The parent's header and history, copied in within milliseconds of the fork.
      line(FORK + 1, 'session_meta', { id: 'parent-1', timestamp: at(0), cwd: '/work/app' }),
      line(FORK + 2, 'turn_context', { model: 'gpt-5-codex' }),
      ...user(FORK + 3, 'parent prompt').map((l) => l.replace(at(FORK + 4), at(FORK + 4))),
      call(FORK + 5, 'spawn1', 'spawn_agent', { message: 'look around' }),
      tokens(FORK + 6, [100, 0, 10, 0], [100, 0, 10, 0]),
      // The sub-agent's own work, seconds later.
      ...user(FORK + 3000, 'look around'),
      call(FORK + 3100, 'k1', 'shell', { command: ['bash', '-lc', 'ls'] }),
      output(FORK + 3200, 'k1', ok('a b')),
      tokens(FORK + 3300, [160, 0, 15, 0], [60, 0, 5, 0]),
      say(FORK + 3400, 'found a and b'),
    ];

    it('read alone: the copied history is context, not new work', async () => {
      const path = write('alone/rollout-2026-01-05T10-01-00-child-1.jsonl', childLines);
      const rec = await loadRecording(path);
      expect(rec.warnings).toEqual([]);
      expect(rec.sessions).toHaveLength(1);
      expect(prompts(rec)).toEqual(['look around']);
      expect(tools(rec).map((t) => t.callId)).toEqual(['k1']);
      expect(rec.tokens).toEqual({ input: 60, output: 5, reasoning: 0, cacheRead: 0, cacheWrite: 0 });
      const note = texts(rec)[0]!;
      expect(note.synthetic).toBe(true);
      expect(note.text).toContain('Forked from session parent-1');
      expect(note.text).toContain('6 lines, 1 prompt, lines 2-7');
    });

    it('beside its parent: a child session linked to the call that spawned it', async () => {
      const parent = write('together/rollout-2026-01-05T10-00-00-parent-1.jsonl', parentLines);
      write('together/rollout-2026-01-05T10-01-00-child-1.jsonl', childLines);
      const rec = await loadRecording(parent);
      expect(rec.sessions.map((s) => [s.id, s.parentId ?? null, s.turns.length])).toEqual([['parent-1', null, 1], ['child-1', 'parent-1', 1]]);
      const spawn = tools(rec).find((t) => t.callId === 'spawn1')!;
      expect(spawn.childSessionId).toBe('child-1');
      expect(spawn.title).toBe('look around');
      expect(rec.sessions[1]!.parentCallId).toBe('spawn1');
      expect(events(rec).filter((e) => e.kind === 'subagent')).toHaveLength(1);
      const guest = rec.participants.find((p) => p.id === 'guest:child-1')!;
      expect(guest.name).toBe('explorer (subagent)');
      expect(rec.sessions[1]!.turns[0]!.participantId).toBe('guest:child-1');
      // Parent 100+10, child 60+5: the replayed count is not added again.
      expect(rec.tokens.input + rec.tokens.output).toBe(175);
    });

    it('a folder of rollouts: its one root with the children; several roots need --session', async () => {
      const folder = join(temp, 'together');
      const rec = await loadRecording(folder);
      expect(rec.sessions.map((s) => s.id)).toEqual(['parent-1', 'child-1']);
      write('together/rollout-2026-01-05T11-00-00-other.jsonl', [meta(3_600_000, 'other'), ...user(3_600_010, 'unrelated')]);
      await expect(loadRecording(folder)).rejects.toThrow(/2 Codex sessions in this folder \(parent-1, other\)/);
      const other = await loadRecording(folder, { sessionId: 'other' });
      expect(prompts(other)).toEqual(['unrelated']);
    });
  });

  it('finds a sub-agent beside its parent when the header line is longer than the head read', async () => {
    const long = 'x'.repeat(70 * 1024);
    const parent = write('long/rollout-2026-01-05T10-00-00-lp.jsonl', [meta(0, 'lp', { instructions: long }), ...user(10, 'go'), say(20, 'ok')]);
    write('long/rollout-2026-01-05T10-01-00-lc.jsonl', [meta(60_000, 'lc', { instructions: `say "hi" ${long}`, forked_from_id: 'lp' }), ...user(63_000, 'child work'), say(63_100, 'done')]);
    const rec = await loadRecording(parent);
    expect(rec.sessions.map((s) => [s.id, s.parentId ?? null])).toEqual([['lp', null], ['lc', 'lp']]);
    // Listed from the head alone: the prompts lie past it, so the file names are the titles.
    expect(listCodexSessions(join(temp, 'long'), []).map((l) => [l.title, l.participants])).toEqual([
      ['rollout-2026-01-05T10-00-00-lp', ['User', 'Codex']], ['rollout-2026-01-05T10-01-00-lc', ['User', 'Codex (sub-agent)']],
    ]);
  });

  it('is picked for rollouts and for the oldest bare shape, and not for other JSONL', () => {
    const bare = write('bare/rollout-old.jsonl', [
      JSON.stringify({ id: 'old-1', timestamp: at(0), instructions: null }),
      JSON.stringify({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] }),
      JSON.stringify({ record_type: 'state' }),
    ]);
    expect(detectReader(bare).format).toBe('codex');
    const claude = write('claude.jsonl', [JSON.stringify({ type: 'user', sessionId: 's', uuid: 'u', message: { role: 'user', content: 'hi' } })]);
    expect(detectReader(claude).format).toBe('claude-code');
  });

  it('reads the oldest bare shape: a header line, then bare items', async () => {
    const rec = await loadRecording(join(temp, 'bare/rollout-old.jsonl'));
    expect(rec.sessions[0]!.id).toBe('old-1');
    expect(prompts(rec)).toEqual(['hello']); // no user_message events: the user item is the prompt
    expect(rec.warnings).toEqual([]);
  });
});

describeSamples('playback CLI on a Codex rollout and a Gemini session', () => {
  beforeAll(() => requireBuiltCli());
  it.each([
    ['codex', V057, [6, 97, 15], 'openai/gpt-5-codex'],
    ['gemini', sample('gemini', 'test_conversation_gemini.json'), [1, 7, 0], 'google/gemini-3.1-pro-preview-customtools'],
  ] as const)('inspect --json reports the %s format and counts', async (format, path, counts, model) => {
    const r = await playback(['inspect', path, '--json'], { cwd: temp });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.format).toBe(format);
    expect([s.turns, s.toolCalls, s.toolErrors]).toEqual(counts);
    expect(s.models).toEqual([model]);
  });
});

describeSamples('playback list finds Codex and Gemini sessions in their default places', () => {
  beforeAll(() => requireBuiltCli());
  it('lists ~/.codex/sessions/YYYY/MM/DD rollouts and ~/.gemini/tmp/<hash>/chats sessions', async () => {
    const home = join(temp, 'home');
    const day = join(home, '.codex', 'sessions', '2025', '11', '12');
    mkdirSync(day, { recursive: true });
    copyFileSync(V057, join(day, 'rollout-2025-11-12T17-48-11-019a7ae6-1945-7c63-98f2-210adb922af9.jsonl'));
    const gemini = sample('gemini', 'test_conversation_gemini.json');
    const chats = join(home, '.gemini', 'tmp', 'ab14fe397f91', 'chats');
    mkdirSync(chats, { recursive: true });
    copyFileSync(gemini, join(chats, 'session-2026-03-27T10-19-8a20078e.json'));
    const env = { PATH: process.env.PATH, HOME: home, XDG_DATA_HOME: join(home, 'data') };
    const r = await playback(['list', '--json'], { cwd: home, env, inheritEnv: false });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ id: string; format: string; title: string }>;
    expect(rows.map((x) => [x.format, x.title.slice(0, 30)])).toEqual(expect.arrayContaining([
      ['codex', 'Responding to the note below, '],
      ['gemini', '請幫我依照專案實際狀況更新 README.md README'],
    ]));
    expect(rows).toHaveLength(2);
    const read = await playback(['inspect', rows.find((x) => x.format === 'codex')!.id, '--json'], { cwd: home, env, inheritEnv: false });
    expect(JSON.parse(read.stdout).turns).toBe(6);
  });
});
