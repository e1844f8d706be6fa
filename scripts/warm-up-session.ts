// The session the build exports once to fill the CLI's code cache (bin/playback.js): a short
// Claude Code transcript, in the shape Claude Code writes, touching what an export of a real one
// compiles: prompts and answers, code in fences, a file written and edited, tool results, a
// token in plain sight for the redaction, and models priced from both catalogs.
const SESSION = '0c0de0ca-c4e0-4a11-9e5e-000000000001';
const START = Date.parse('2026-02-10T09:00:00.000Z');

export function warmUpTranscript(): string {
  const lines: object[] = [];
  let parent: string | null = null;
  const push = (line: object): void => {
    const uuid = `warm-${String(lines.length + 1).padStart(4, '0')}`;
    lines.push({
      parentUuid: parent, isSidechain: false, userType: 'external', cwd: '/home/dev/tidepool', sessionId: SESSION, version: '2.1.39',
      ...line, timestamp: new Date(START + lines.length * 4000).toISOString(), uuid,
    });
    parent = uuid;
  };
  const assistant = (id: string, model: string, content: object[]): void =>
    push({ type: 'assistant', requestId: `req_${id}`, message: { model, id: `msg_${id}`, type: 'message', role: 'assistant', content, stop_reason: null, usage: { input_tokens: 1200, output_tokens: 340, cache_read_input_tokens: 5000, cache_creation_input_tokens: 800 } } });
  const result = (callId: string, content: string): void =>
    push({ type: 'user', message: { role: 'user', content: [{ tool_use_id: callId, type: 'tool_result', content }] }, toolUseResult: { stdout: content, stderr: '' } });

  push({ type: 'user', message: { role: 'user', content: 'Write the tide table module, with a README, and fix the rounding in tides.py.' } });
  assistant('a1', 'claude-opus-4-6', [
    { type: 'thinking', thinking: 'The table needs the high and low waters per day.', signature: 'sig' },
    { type: 'text', text: 'Here is the plan:\n\n```ts\nexport function highWater(day: number): number {\n  return 6.2 + Math.sin(day / 14) * 0.4;\n}\n```\n\nand in Python:\n\n```python\ndef low_water(day):\n    return round(0.8 - day * 0.01, 2)\n```' },
    { type: 'tool_use', id: 'toolu_w1', name: 'Write', input: { file_path: '/home/dev/tidepool/README.md', content: '# Tidepool\n\nTide tables for the harbour.\n\n## Use\n\n- `highWater(day)`: metres\n- `low_water(day)`: metres\n\nSet `API_TOKEN=` in `.env` first.\n' } },
  ]);
  result('toolu_w1', 'File created successfully at: /home/dev/tidepool/README.md');
  assistant('a2', 'claude-sonnet-4-20250514', [
    { type: 'tool_use', id: 'toolu_e1', name: 'Edit', input: { file_path: '/home/dev/tidepool/tides.py', old_string: 'round(x)', new_string: 'round(x, 2)' } },
  ]);
  result('toolu_e1', 'The file /home/dev/tidepool/tides.py has been updated.');
  assistant('a3', 'claude-sonnet-4-20250514', [
    { type: 'tool_use', id: 'toolu_b1', name: 'Bash', input: { command: 'python -m pytest -q', description: 'Run the tests' } },
  ]);
  result('toolu_b1', '....\n4 passed in 0.12s\npassword = "s3cret-Tide-Table-2026"');
  assistant('a4', 'claude-opus-4-6', [{ type: 'text', text: 'Done: the module, its **README**, and the rounding fix; all four tests pass.' }]);
  push({ type: 'user', message: { role: 'user', content: 'Thanks.' } });
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}
