// Claude Code transcripts written by the tests, line by line in the shape Claude Code 2.1
// writes them: user and assistant lines chained by uuid/parentUuid, one response streamed over
// several lines sharing message.id and requestId (each repeating the usage so far), tool_use
// answered by tool_result (with toolUseResult), compaction boundaries and their summaries, and
// subagents in `<session>/subagents/agent-<id>.jsonl`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type Block = Record<string, unknown>;
export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

export class Transcript {
  readonly lines: Record<string, unknown>[] = [];
  private last: string | null = null;
  private n = 0;
  private clock: number;

  constructor(
    readonly sessionId: string,
    private readonly options: { cwd?: string; start?: string; agentId?: string } = {},
  ) {
    this.clock = Date.parse(options.start ?? '2026-03-02T09:00:00.000Z');
  }

  /** Move the clock on (seconds) before the next line. */
  wait(seconds: number): this {
    this.clock += seconds * 1000;
    return this;
  }

  private push(line: Record<string, unknown>): string {
    const uuid = `${this.options.agentId ?? 'main'}-${String(++this.n).padStart(4, '0')}`;
    this.clock += 1000;
    this.lines.push({
      parentUuid: this.last, isSidechain: Boolean(this.options.agentId), userType: 'external', cwd: this.options.cwd ?? '/home/dev/tidepool',
      sessionId: this.sessionId, version: '2.1.39', ...(this.options.agentId ? { agentId: this.options.agentId } : {}),
      ...line, timestamp: new Date(this.clock).toISOString(), uuid,
    });
    this.last = uuid;
    return uuid;
  }

  /** A prompt typed by the user. */
  user(text: string): this {
    this.push({ type: 'user', message: { role: 'user', content: text } });
    return this;
  }

  /**
   * One assistant response. With `streamed`, each block is its own line, as Claude Code writes
   * them, all sharing message.id and requestId and each carrying the usage so far.
   */
  assistant(id: string, model: string, blocks: Block[], usage: Usage, streamed = false): this {
    const message = (content: Block[], u: Usage) => ({ model, id: `msg_${id}`, type: 'message', role: 'assistant', content, stop_reason: null, usage: u });
    if (!streamed) this.push({ type: 'assistant', requestId: `req_${id}`, message: message(blocks, usage) });
    else {
      blocks.forEach((block, i) => {
        const partial = i === blocks.length - 1 ? usage : { ...usage, output_tokens: Math.min(usage.output_tokens, 10) };
        this.push({ type: 'assistant', requestId: `req_${id}`, message: message([block], partial) });
      });
    }
    return this;
  }

  /** The result of a tool call, as the user line Claude Code writes for it. */
  result(callId: string, content: string, options: { isError?: boolean; toolUseResult?: unknown } = {}): this {
    this.push({
      type: 'user',
      message: { role: 'user', content: [{ tool_use_id: callId, type: 'tool_result', content, ...(options.isError ? { is_error: true } : {}) }] },
      toolUseResult: options.toolUseResult ?? (options.isError ? `Error: ${content}` : { stdout: content, stderr: '' }),
    });
    return this;
  }

  /** An automatic compaction: the boundary line, then the summary as a user line. */
  compaction(summary: string): this {
    this.push({ type: 'system', subtype: 'compact_boundary', content: 'Conversation compacted', isMeta: false, level: 'info', compactMetadata: { trigger: 'auto', preTokens: 167_000 } });
    this.push({ type: 'user', isCompactSummary: true, message: { role: 'user', content: summary } });
    return this;
  }

  /** A line written verbatim (the chain fields are added unless given). */
  raw(line: Record<string, unknown>): this {
    this.push(line);
    return this;
  }

  text(): string {
    return this.lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
  }

  write(path: string): string {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, this.text());
    return path;
  }
}

export const tool = (id: string, name: string, input: Record<string, unknown>): Block => ({ type: 'tool_use', id, name, input });
export const text = (t: string): Block => ({ type: 'text', text: t });
export const thinking = (t: string): Block => ({ type: 'thinking', thinking: t, signature: 'sig' });

export const OPUS = 'claude-opus-4-6';
export const HAIKU = 'claude-haiku-4-5-20251001';

/** What a written session holds, counted as it was written (not by the reader). */
export interface WrittenSession {
  main: string;
  sessionId: string;
  subagentId: string;
  compactionRunId: string;
  taskCallId: string;
  prompts: number;
  /** Distinct message.id in the main file, and in the subagent. */
  assistant: { main: number; subagent: number };
  toolCalls: { main: number; subagent: number };
  toolErrors: { main: number; subagent: number };
  /** Final usage per response, summed over the main file and its subagents. */
  tokens: { input: number; output: number; reasoning: number; cacheRead: number; cacheWrite: number };
  filesWritten: string[];
  /** Streamed lines of the main file and the responses they make up. */
  streamedLines: number;
  compactionSummary: string;
  compactionTime: number;
  /** The Bash call that took 7 s, for its duration. */
  slowCall: { id: string; durationMs: number };
  subagentTitle: string;
}

/**
 * A two-prompt Claude Code session on Opus with a Haiku subagent (Task, its own file under
 * subagents/), an automatic compaction and the run that wrote it, streamed responses, Write
 * and Edit calls, and a failing Bash call, all in `dir/<sessionId>.jsonl`.
 */
export function writeSession(dir: string): WrittenSession {
  const sessionId = '5f1c2d3e-0a1b-4c2d-8e3f-112233445566';
  const subagentId = 'a1b2c3d';
  const compactionRunId = 'acompact-9f8e7d';
  const cwd = '/home/dev/tidepool';
  const u = (input: number, output: number, cacheRead = 0, cacheWrite = 0): Usage => ({ input_tokens: input, output_tokens: output, cache_read_input_tokens: cacheRead, cache_creation_input_tokens: cacheWrite });
  const taskPrompt = 'Find where the tide table is formatted and report the function names.';
  const summary = 'This session is being continued from a previous conversation that ran out of context. The tide table now prints heights in metres.';

  const main = new Transcript(sessionId, { cwd });
  main.user('Make the tide table print heights in metres, and add a test.');
  main.assistant('01', OPUS, [thinking('The formatter lives somewhere in src.'), text('I will look for the formatter first.'), tool('toolu_task', 'Task', { description: 'Find the tide formatter', prompt: taskPrompt, subagent_type: 'Explore' })], u(3, 120, 1000, 200), true);
  main.wait(20).result('toolu_task', 'formatHeight in src/format.mjs', { toolUseResult: { status: 'completed', prompt: taskPrompt, agentId: subagentId, content: [{ type: 'text', text: 'formatHeight in src/format.mjs' }], totalToolUseCount: 2 } });
  main.assistant('02', OPUS, [text('Writing the new formatter.'), tool('toolu_write', 'Write', { file_path: `${cwd}/src/format.mjs`, content: 'export const formatHeight = (m) => `${m.toFixed(2)} m`;\n' })], u(2, 80, 1500, 100));
  main.result('toolu_write', 'File created successfully', { toolUseResult: { type: 'create', filePath: `${cwd}/src/format.mjs`, content: 'export const formatHeight = (m) => `${m.toFixed(2)} m`;\n' } });
  main.assistant('03', OPUS, [tool('toolu_slow', 'Bash', { command: 'npm test', description: 'Run the tests' })], u(1, 30, 1600));
  main.wait(6).result('toolu_slow', '1 passing');
  main.compaction(summary);
  const compactionTime = Date.parse(main.lines[main.lines.length - 2]!.timestamp as string);
  main.user('Now add a test for negative heights.');
  main.assistant('04', OPUS, [text('Adding the test.'), tool('toolu_edit', 'Edit', { file_path: `${cwd}/test/format.test.mjs`, old_string: "test('metres')", new_string: "test('metres')\ntest('negative')" })], u(4, 60, 2000, 50), true);
  main.result('toolu_edit', 'The file has been updated.', { toolUseResult: { filePath: `${cwd}/test/format.test.mjs`, oldString: "test('metres')", newString: "test('metres')\ntest('negative')", originalFile: "test('metres')\n", structuredPatch: [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 2, lines: [" test('metres')", "+test('negative')"] }] } });
  main.assistant('05', OPUS, [tool('toolu_fail', 'Bash', { command: 'npm run lint', description: 'Lint' })], u(1, 20, 2100));
  main.result('toolu_fail', 'npm ERR! missing script: lint', { isError: true });
  main.assistant('06', OPUS, [text('Heights print in metres, with a test for negative ones.')], u(2, 40, 2200));
  const path = main.write(join(dir, `${sessionId}.jsonl`));

  const sub = new Transcript(sessionId, { cwd, agentId: subagentId, start: '2026-03-02T09:00:05.000Z' });
  sub.user(taskPrompt);
  sub.assistant('s1', HAIKU, [tool('toolu_s_grep', 'Grep', { pattern: 'formatHeight', path: 'src' })], u(10, 15, 300));
  sub.result('toolu_s_grep', 'src/format.mjs');
  sub.assistant('s2', HAIKU, [tool('toolu_s_read', 'Read', { file_path: `${cwd}/src/nope.mjs` })], u(12, 9, 400));
  sub.result('toolu_s_read', 'File does not exist.', { isError: true });
  sub.assistant('s3', HAIKU, [text('formatHeight in src/format.mjs')], u(14, 20, 500));
  sub.write(join(dir, sessionId, 'subagents', `agent-${subagentId}.jsonl`));

  const run = new Transcript(sessionId, { cwd, agentId: compactionRunId, start: '2026-03-02T09:00:30.000Z' });
  run.user('Your task is to create a detailed summary of the conversation so far.');
  run.assistant('c1', OPUS, [text(summary)], u(5, 90, 3000));
  run.write(join(dir, sessionId, 'subagents', `agent-${compactionRunId}.jsonl`));

  return {
    main: path, sessionId, subagentId, compactionRunId, taskCallId: 'toolu_task',
    prompts: 2,
    assistant: { main: 6, subagent: 3 },
    toolCalls: { main: 5, subagent: 2 },
    toolErrors: { main: 1, subagent: 1 },
    // Final usage of each response: main 01-06, subagent s1-s3, compaction run c1.
    tokens: {
      input: 3 + 2 + 1 + 4 + 1 + 2 + 10 + 12 + 14 + 5,
      output: 120 + 80 + 30 + 60 + 20 + 40 + 15 + 9 + 20 + 90,
      reasoning: 0,
      cacheRead: 1000 + 1500 + 1600 + 2000 + 2100 + 2200 + 300 + 400 + 500 + 3000,
      cacheWrite: 200 + 100 + 50,
    },
    filesWritten: ['src/format.mjs', 'test/format.test.mjs'],
    streamedLines: 3 + 2,
    compactionSummary: summary,
    compactionTime,
    slowCall: { id: 'toolu_slow', durationMs: 7000 },
    subagentTitle: 'Find the tide formatter',
  };
}

/** A prompt answered by one response with two tool calls, both failing. */
export function shortSession(): Transcript {
  return new Transcript('0c0d0e0f-aaaa-4bbb-8ccc-ddddeeeeffff')
    .user('Run the tests and the linter.')
    .assistant('b1', OPUS, [text('Running both.'), tool('toolu_b1', 'Bash', { command: 'npm test' }), tool('toolu_b2', 'Bash', { command: 'npm run lint' })], { input_tokens: 3, output_tokens: 40 })
    .result('toolu_b1', 'npm ERR! no test specified', { isError: true })
    .result('toolu_b2', 'npm ERR! missing script: lint', { isError: true });
}
