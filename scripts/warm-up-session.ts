// The session the build exports once to fill the CLI's code cache (bin/playback.cjs): a short
// Claude Code session in the shape Claude Code 2.1 writes, touching what an export of a real one
// compiles: prompts and streamed answers, thinking, code in fences, files written and edited,
// reads, searches, a to-do list, a failing command, a subagent with its own file, a compaction,
// a token in plain sight for the redaction, and models priced from both catalogs. A function
// the warm-up never runs is compiled when first called, as without the cache.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SESSION = '0c0de0ca-c4e0-4a11-9e5e-000000000001';
const SUBAGENT = 'a0c0de1';
const CWD = '/home/dev/tidepool';
const START = Date.parse('2026-02-10T09:00:00.000Z');

type Block = Record<string, unknown>;

class Lines {
  readonly lines: object[] = [];
  private parent: string | null = null;
  constructor(private readonly agentId?: string) {}

  push(line: object): void {
    const uuid = `${this.agentId ?? 'warm'}-${String(this.lines.length + 1).padStart(4, '0')}`;
    this.lines.push({
      parentUuid: this.parent, isSidechain: Boolean(this.agentId), userType: 'external', cwd: CWD, sessionId: SESSION, version: '2.1.39',
      ...(this.agentId ? { agentId: this.agentId } : {}), ...line, timestamp: new Date(START + this.lines.length * 4000).toISOString(), uuid,
    });
    this.parent = uuid;
  }

  user(text: string): void {
    this.push({ type: 'user', message: { role: 'user', content: text } });
  }

  /** One response; streamed, each block is its own line sharing the message id, as Claude Code writes them. */
  assistant(id: string, model: string, content: Block[], streamed = false): void {
    const usage = { input_tokens: 1200, output_tokens: 340, cache_read_input_tokens: 5000, cache_creation_input_tokens: 800 };
    const line = (blocks: Block[]) => ({ type: 'assistant', requestId: `req_${id}`, message: { model, id: `msg_${id}`, type: 'message', role: 'assistant', content: blocks, stop_reason: null, usage } });
    if (streamed) for (const block of content) this.push(line([block]));
    else this.push(line(content));
  }

  result(callId: string, content: string, toolUseResult: unknown = { stdout: content, stderr: '' }, isError = false): void {
    this.push({ type: 'user', message: { role: 'user', content: [{ tool_use_id: callId, type: 'tool_result', content, ...(isError ? { is_error: true } : {}) }] }, toolUseResult });
  }

  text(): string {
    return `${this.lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
  }
}

const tool = (id: string, name: string, input: Block): Block => ({ type: 'tool_use', id, name, input });

/** Write the session (and its subagent's file) into `dir`; returns the main transcript's path. */
export function writeWarmUpSession(dir: string): string {
  const main = new Lines();
  main.user('Write the tide table module, with a README, and fix the rounding in tides.py.');
  main.assistant('a1', 'claude-opus-4-6', [
    { type: 'thinking', thinking: 'The table needs the high and low waters per day.', signature: 'sig' },
    { type: 'text', text: 'Here is the plan:\n\n```ts\nexport function highWater(day: number): number {\n  return 6.2 + Math.sin(day / 14) * 0.4;\n}\n```\n\nand in Python:\n\n```python\ndef low_water(day):\n    return round(0.8 - day * 0.01, 2)\n```' },
    tool('toolu_t1', 'TodoWrite', { todos: [{ content: 'Write the module', status: 'in_progress', activeForm: 'Writing the module' }, { content: 'Fix the rounding', status: 'pending', activeForm: 'Fixing the rounding' }] }),
  ], true);
  main.result('toolu_t1', 'Todos have been modified successfully.');
  main.assistant('a2', 'claude-opus-4-6', [
    { type: 'text', text: 'I will ask a helper where the rounding happens.' },
    tool('toolu_task', 'Task', { description: 'Find the rounding', prompt: 'Find where tides.py rounds heights.', subagent_type: 'Explore' }),
  ]);
  main.result('toolu_task', 'round(x) in tides.py, line 12', { status: 'completed', prompt: 'Find where tides.py rounds heights.', agentId: SUBAGENT, content: [{ type: 'text', text: 'round(x) in tides.py, line 12' }], totalToolUseCount: 2 });
  main.assistant('a3', 'claude-opus-4-6', [
    tool('toolu_w1', 'Write', { file_path: `${CWD}/README.md`, content: '# Tidepool\n\nTide tables for the harbour.\n\n## Use\n\n- `highWater(day)`: metres\n- `low_water(day)`: metres\n\nSet `API_TOKEN=` in `.env` first.\n' }),
  ]);
  main.result('toolu_w1', `File created successfully at: ${CWD}/README.md`, { type: 'create', filePath: `${CWD}/README.md`, content: '# Tidepool\n' });
  main.assistant('a4', 'claude-sonnet-4-20250514', [tool('toolu_e1', 'Edit', { file_path: `${CWD}/tides.py`, old_string: 'round(x)', new_string: 'round(x, 2)' })]);
  main.result('toolu_e1', `The file ${CWD}/tides.py has been updated.`);
  main.assistant('a5', 'claude-sonnet-4-20250514', [tool('toolu_b1', 'Bash', { command: 'python -m pytest -q', description: 'Run the tests' })]);
  main.result('toolu_b1', 'Exit code 1\nE   AssertionError: 0.8 != 0.80', 'Error: Exit code 1', true);
  main.push({ type: 'system', subtype: 'compact_boundary', content: 'Conversation compacted', isMeta: false, level: 'info', compactMetadata: { trigger: 'auto', preTokens: 167_000 } });
  main.push({ type: 'user', isCompactSummary: true, message: { role: 'user', content: 'This session is being continued from a previous conversation. The module and README are written; a test fails.' } });
  main.user('Fix the failing test.');
  main.assistant('a6', 'claude-opus-4-6', [tool('toolu_b2', 'Bash', { command: 'python -m pytest -q', description: 'Run the tests again' })]);
  main.result('toolu_b2', '....\n4 passed in 0.12s\npassword = "s3cret-Tide-Table-2026"');
  main.assistant('a7', 'claude-opus-4-6', [{ type: 'text', text: 'Done: the module, its **README**, and the rounding fix; all four tests pass.' }]);

  const sub = new Lines(SUBAGENT);
  sub.user('Find where tides.py rounds heights.');
  sub.assistant('s1', 'claude-haiku-4-5-20251001', [tool('toolu_g1', 'Grep', { pattern: 'round\\(', path: CWD, output_mode: 'content' })]);
  sub.result('toolu_g1', 'tides.py:12:    return round(x)');
  sub.assistant('s2', 'claude-haiku-4-5-20251001', [tool('toolu_r1', 'Read', { file_path: `${CWD}/tides.py` }), tool('toolu_gl', 'Glob', { pattern: '**/*.py' })]);
  sub.result('toolu_r1', '    10\tdef height(x):\n    11\t    # metres\n    12\t    return round(x)\n');
  sub.result('toolu_gl', `${CWD}/tides.py\n${CWD}/test_tides.py`);
  sub.assistant('s3', 'claude-haiku-4-5-20251001', [{ type: 'text', text: 'round(x) in tides.py, line 12' }]);

  const path = join(dir, `${SESSION}.jsonl`);
  writeFileSync(path, main.text());
  mkdirSync(join(dir, SESSION, 'subagents'), { recursive: true });
  writeFileSync(join(dir, SESSION, 'subagents', `agent-${SUBAGENT}.jsonl`), sub.text());
  return path;
}
