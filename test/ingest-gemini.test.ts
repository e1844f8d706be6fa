// The Gemini CLI reader on the real JSON session and on small JSON/JSONL sessions written here.
// Expected sample counts were taken with jq over the raw file: messages by type, toolCalls and
// their status, write_file/replace calls not answered by an error, thoughts, and the tokens of
// each gemini message (input includes the cached part; thoughts are reasoning).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectReader } from '../src/ingest/index.js';
import { loadRecording } from '../src/prepare/index.js';
import { InputError } from '../src/ingest/errors.js';
import type { Recording, TextEvent } from '../src/recording/model.js';
import { changes, events, texts, tools } from './helpers/events.js';
import { describeSamples, sample } from './helpers/samples.js';

const SAMPLE = sample('gemini', 'test_conversation_gemini.json');
const temp = mkdtempSync(join(tmpdir(), 'playback-gemini-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));


describeSamples('Gemini CLI reader on the real session', () => {
  it('reads prompts, thoughts, tool calls with results, file writes, tokens and the model', async () => {
    const rec = await loadRecording(SAMPLE);
    expect(rec.format).toBe('gemini');
    expect(rec.warnings).toEqual([]);
    const s = rec.sessions[0]!;
    expect(s.id).toBe('8a20078e-2d5e-4f81-a640-9b879bbb7e6d');
    expect(s.turns).toHaveLength(1);
    expect(s.messages).toEqual({ user: 1, assistant: 3 });
    expect(s.turns[0]!.prompt!.text.startsWith('請幫我依照專案實際狀況更新 README.md')).toBe(true);
    expect(tools(rec).map((t) => `${t.tool}:${t.status}`)).toEqual([
      'read_file:completed', 'read_file:completed', 'read_file:completed',
      'write_file:completed', 'write_file:completed', 'write_file:completed', 'write_file:completed',
    ]);
    expect(tools(rec)[0]!.output!.startsWith('<div align="center"')).toBe(true);
    expect(events(rec).filter((e) => e.kind === 'reasoning')).toHaveLength(39);
    expect(rec.directory).toBe('/home/wei/repo/VibeCodingTracker');
    expect(changes(rec).map((c) => [c.op, c.relPath])).toEqual([
      ['write', 'README.md'], ['write', 'README.zh-CN.md'], ['write', 'README.zh-TW.md'], ['write', 'CONTRIBUTING.md'],
    ]);
    expect(rec.tokens).toEqual({ input: 76348 - 39826, output: 9325, reasoning: 11616, cacheRead: 39826, cacheWrite: 0 });
    expect(rec.participants.find((p) => p.id === 'agent:gemini')!.models).toEqual(['google/gemini-3.1-pro-preview-customtools']);
    // Thoughts come before the calls they led to.
    const kinds = s.turns[0]!.events.map((e) => e.kind);
    expect(kinds.indexOf('reasoning')).toBeLessThan(kinds.indexOf('tool'));
  });
});

const T0 = Date.parse('2026-02-01T09:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const gemini = (id: string, ms: number, extra: object) => JSON.stringify({ id, timestamp: at(ms), type: 'gemini', content: '', model: 'gemini-2.5-pro', ...extra });
const tok = (input: number, cached: number, output: number, thoughts: number) => ({ input, output, cached, thoughts, tool: 0, total: input + output + thoughts });

describe('Gemini CLI reader rules (JSONL)', () => {
  const lines = [
    JSON.stringify({ sessionId: 'g-1', projectHash: 'abc', startTime: at(0), lastUpdated: at(0), kind: 'main' }),
    JSON.stringify({ id: 'u1', timestamp: at(10), type: 'user', content: [{ text: 'fix the bug' }] }),
    // Written first while its tool runs, then again with the result: the last copy wins.
    gemini('m1', 20, { toolCalls: [{ id: 't1', name: 'replace', args: { file_path: '/p/src/a.ts', old_string: 'a', new_string: 'b' }, status: 'executing', timestamp: at(21) }] }),
    JSON.stringify({ id: 'i0', timestamp: at(24), type: 'info', content: 'Approved.' }),
    gemini('m1', 20, {
      thoughts: [{ subject: 'Looking', description: 'at a.ts', timestamp: at(15) }],
      toolCalls: [
        { id: 't1', name: 'replace', args: { file_path: '/p/src/a.ts', old_string: 'a', new_string: 'b' }, status: 'success', timestamp: at(21), result: [{ functionResponse: { id: 't1', name: 'replace', response: { output: 'Successfully modified file: /p/src/a.ts' } } }] },
        { id: 't2', name: 'write_file', args: { file_path: '/p/src/b.ts', content: 'x' }, status: 'error', timestamp: at(22), result: [{ functionResponse: { id: 't2', name: 'write_file', response: { error: 'permission denied' } } }] },
        { id: 't3', name: 'run_shell_command', args: { command: 'npm test' }, status: 'success', timestamp: at(23), result: [{ functionResponse: { id: 't3', name: 'run_shell_command', response: { output: 'ok' } } }] },
      ],
      tokens: tok(1000, 400, 50, 20),
    }),
    JSON.stringify({ id: 'u2', timestamp: at(30), type: 'user', content: [{ text: 'System: Please continue.' }], displayContent: [{ functionResponse: { id: 't3', name: 'run_shell_command', response: { output: 'ok' } } }] }),
    gemini('m2', 40, { content: 'Fixed.', tokens: tok(1200, 1000, 10, 0) }),
    JSON.stringify({ $set: { lastUpdated: at(41), summary: 'Fix the bug in a.ts' } }),
    JSON.stringify({ id: 'i1', timestamp: at(42), type: 'info', content: 'Request cancelled.' }),
    JSON.stringify({ id: 'e1', timestamp: at(43), type: 'error', content: 'Quota exceeded' }),
    JSON.stringify({ id: 'x1', timestamp: at(44), type: 'hologram', content: '?' }),
    JSON.stringify({ id: 'u3', timestamp: at(50), type: 'user', content: 'and the docs' }),
    gemini('m3', 60, { content: 'Docs done.' }),
    JSON.stringify({ id: 'u4', timestamp: at(70), type: 'user', content: 'never mind this' }),
    JSON.stringify({ $rewindTo: 'u4' }),
    gemini('m4', 80, { content: 'cut short' }).slice(0, 50),
  ];
  let rec: Recording;
  let path: string;
  beforeAll(async () => {
    path = join(temp, 'session-2026-02-01T09-00-g1.jsonl');
    writeFileSync(path, lines.join('\n'));
    rec = await loadRecording(path);
  });

  it('keeps the last copy of a message, and counts its tokens once', () => {
    expect(tools(rec).map((t) => `${t.callId}:${t.status}`)).toEqual(['t1:completed', 't2:error', 't3:completed']);
    expect(tools(rec)[1]!.error).toBe('permission denied');
    expect(rec.tokens).toEqual({ input: 600 + 200, output: 60, reasoning: 20, cacheRead: 1400, cacheWrite: 0 });
    expect(rec.participants.find((p) => p.id === 'agent:gemini')!.models).toEqual(['google/gemini-2.5-pro']);
  });

  it('makes file changes of edits that did not fail', () => {
    expect(changes(rec).map((c) => [c.callId, c.op, c.path, c.oldString, c.newString])).toEqual([['t1', 'edit', '/p/src/a.ts', 'a', 'b']]);
  });

  it('opens turns only at real prompts; "Please continue", info and a rewound prompt are not', () => {
    expect(rec.sessions[0]!.turns.map((t) => t.prompt?.text)).toEqual(['fix the bug', 'and the docs']);
    expect(texts(rec).filter((t) => t.synthetic).map((t) => t.text)).toEqual(['[info] Approved.', 'System: Please continue.', '[info] Request cancelled.']);
    // The rewritten message keeps the place of its first copy: before the info written between the copies.
    const first = rec.sessions[0]!.turns[0]!.events.map((e) => (e.kind === 'tool' ? e.callId : e.kind === 'text' ? e.text : e.kind));
    expect(first.indexOf('t3')).toBeLessThan(first.indexOf('[info] Approved.'));
    expect(events(rec).filter((e) => e.kind === 'error').map((e) => e.kind === 'error' && e.message)).toEqual(['Quota exceeded']);
    expect(rec.title).toBe('Fix the bug in a.ts'); // from $set
  });

  it('warns, with the line, about an unknown message type, the rewind and the cut last line', () => {
    expect(rec.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([
      '16: the last line is incomplete (the session may still be running); it was left out',
      '11: message type "hologram" is not known; kept as an unknown event (once)',
      '15: rewound: 1 message(s) from u4 on were left out',
    ]);
    expect(rec.warnings.every((w) => w.file === path)).toBe(true);
  });
});

describe('Gemini CLI reader on the JSON shape', () => {
  it('is picked over the Claude Code reader, and a broken file is one clear error', async () => {
    const path = join(temp, 'session-2026-02-01T09-00-small.json');
    writeFileSync(path, JSON.stringify({
      sessionId: 'g-2', projectHash: 'def', startTime: at(0), lastUpdated: at(1),
      messages: [{ id: 'u', timestamp: at(0), type: 'user', content: 'hi' }, { id: 'g', timestamp: at(1), type: 'gemini', content: 'hello', model: 'gemini-2.5-flash' }],
    }, null, 2));
    expect(detectReader(path).format).toBe('gemini');
    const rec = await loadRecording(path);
    expect(texts(rec).map((t) => t.text)).toEqual(['hi', 'hello']);
    const broken = join(temp, 'session-broken.json');
    writeFileSync(broken, '{\n  "sessionId": "g-3",\n  "projectHash": "x",\n  "messages": [');
    await expect(loadRecording(broken)).rejects.toBeInstanceOf(InputError);
  });
});
