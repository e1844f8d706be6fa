// Damaged input, as found in real sessions that were edited, copied or cut: each case ends in
// the right count, or in a warning naming the file and line, through the built CLI as a user
// runs it. The transcripts and exports are small ones written here for the case at hand.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFfprobe } from '../src/render/ffmpeg.js';
import { BIN, playback as run, REPO, requireBuiltCli } from './helpers/cli.js';

const temp = mkdtempSync(join(tmpdir(), 'playback-damaged-'));
const playback = (args: string[], input?: string) => run(args, { cwd: temp, input });
beforeAll(() => requireBuiltCli());
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const write = (name: string, data: string | Buffer): string => {
  const file = join(temp, name);
  writeFileSync(file, data);
  return file;
};

interface Summary {
  sessions: Array<{ messages: { user: number; assistant: number }; toolCalls: number }>;
  toolCalls: number;
  tokens: { input: number; output: number; reasoning: number; cacheRead: number; cacheWrite: number };
  duration: number;
  end: number;
}

/** `inspect --json`: the counts, and the warnings as printed on stderr. */
async function inspect(file: string): Promise<{ summary: Summary; stderr: string }> {
  const r = await playback(['inspect', file, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return { summary: JSON.parse(r.stdout) as Summary, stderr: r.stderr };
}

/** `timeline --json`: the label of every cue, as the scene shows it. */
async function cueLabels(file: string): Promise<Array<string | undefined>> {
  const r = await playback(['timeline', file, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { cues: Array<{ label?: string }> }).cues.map((c) => c.label);
}

// ---- a Claude Code transcript: a prompt, a tool call and its result, an answer ----

const SESSION = 'aaaaaaaa-1111-2222-3333-444444444444';
const line = (o: Record<string, unknown>) => JSON.stringify({ sessionId: SESSION, cwd: '/w', version: '2.1.0', isSidechain: false, ...o });
function claudeLines(usage: Record<string, unknown> = { input_tokens: 10, output_tokens: 5 }, answer: unknown = 'Two files.'): string[] {
  return [
    line({ type: 'user', uuid: 'u1', parentUuid: null, timestamp: '2026-01-10T10:00:00.000Z', message: { role: 'user', content: 'list the files' } }),
    line({ type: 'assistant', uuid: 'a1', parentUuid: 'u1', requestId: 'req_1', timestamp: '2026-01-10T10:00:05.000Z',
      message: { id: 'msg_1', role: 'assistant', model: 'claude-opus-4-6', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }], usage } }),
    line({ type: 'user', uuid: 'u2', parentUuid: 'a1', timestamp: '2026-01-10T10:00:06.000Z', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a\nb' }] } }),
    line({ type: 'assistant', uuid: 'a2', parentUuid: 'u2', requestId: 'req_2', timestamp: '2026-01-10T10:00:08.000Z',
      message: { id: 'msg_2', role: 'assistant', model: 'claude-opus-4-6', content: [{ type: 'text', text: answer }], usage: { input_tokens: 20, output_tokens: 7 } } }),
  ];
}
const jsonl = (lines: string[]) => `${lines.join('\n')}\n`;

// ---- an opencode export: the same session ----

const T0 = Date.UTC(2026, 0, 10, 10);
const SES = 'ses_damagedAAAAAAAAAAAAAAAAAA';
interface ExportParts { tokens?: Record<string, unknown>; answer?: unknown; answerAt?: number; repeatMessage?: boolean; repeatCall?: boolean }
function opencodeExport({ tokens = { input: 100, output: 50, reasoning: 0, cache: { read: 10, write: 5 } }, answer = 'Two files.', answerAt = T0 + 8000, repeatMessage, repeatCall }: ExportParts = {}): string {
  const tool = { id: 'prt_tool', type: 'tool', tool: 'bash', callID: 'call_1', state: { status: 'completed', input: { command: 'ls' }, output: 'a\nb', time: { start: T0 + 2000, end: T0 + 3000 } } };
  const asked = { info: { id: 'msg_u1', sessionID: SES, role: 'user', agent: 'build', time: { created: T0 } }, parts: [{ id: 'prt_u1', type: 'text', text: 'list the files' }] };
  const called = {
    info: { id: 'msg_a1', sessionID: SES, role: 'assistant', parentID: 'msg_u1', providerID: 'anthropic', modelID: 'claude-opus-4-6', agent: 'build', time: { created: T0 + 1000, completed: T0 + 4000 }, tokens },
    parts: repeatCall ? [tool, { ...tool, id: 'prt_tool_again' }] : [tool],
  };
  const answered = {
    info: { id: 'msg_a2', sessionID: SES, role: 'assistant', parentID: 'msg_u1', providerID: 'anthropic', modelID: 'claude-opus-4-6', agent: 'build', time: { created: answerAt }, tokens: { input: 1, output: 2, reasoning: 0, cache: { read: 0, write: 0 } } },
    parts: [{ id: 'prt_answer', type: 'text', text: answer, time: { start: answerAt, end: answerAt + 500 } }],
  };
  const messages = repeatMessage ? [asked, called, called, answered] : [asked, called, answered];
  return JSON.stringify({ info: { id: SES, title: 'damaged', directory: '/w', version: '1.2.5', time: { created: T0, updated: T0 + 9000 } }, messages }, null, 2);
}
/** 1-based line of the first line of `text` holding `needle` (after the `from`-th match). */
const lineOf = (text: string, needle: string, nth = 1): number => {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1);
  return text.slice(0, at).split('\n').length;
};

describe('Claude Code transcripts', () => {
  it('a byte-order mark keeps the first line: 1 user message, no warning', async () => {
    const file = write('bom.jsonl', `\uFEFF${jsonl(claudeLines())}`);
    const { summary, stderr } = await inspect(file);
    expect(summary.sessions[0]!.messages.user).toBe(1);
    expect(summary.duration).toBe(8000);
    expect(stderr).toBe('');
  });

  it('token counts written as strings are counted; a word is warned at its line and counted as 0', async () => {
    const lines = claudeLines({ input_tokens: '10', output_tokens: '5', cache_read_input_tokens: 'many' });
    const file = write('string-tokens.jsonl', jsonl(lines));
    const { summary, stderr } = await inspect(file);
    expect(summary.tokens).toMatchObject({ input: 30, output: 12, cacheRead: 0 });
    expect(stderr).toBe(`${file}:2: warning: a token count that is not a number (usage.cache_read_input_tokens); counted as 0 (once)\n`);
  });

  it('a line written twice is counted once, with a warning at the repeat', async () => {
    const lines = claudeLines();
    lines.splice(2, 0, lines[1]!); // the tool call's line again
    const file = write('repeated-line.jsonl', jsonl(lines));
    const { summary, stderr } = await inspect(file);
    expect(summary.toolCalls).toBe(1);
    expect(summary.sessions[0]!.messages.assistant).toBe(2);
    expect(stderr).toBe(`${file}:3: warning: a line repeating the uuid of an earlier line; skipped (once)\n`);
  });

  it('a tool call id used again on another line is counted once, with a warning', async () => {
    const lines = claudeLines();
    lines.splice(2, 0, lines[1]!.replace('"uuid":"a1"', '"uuid":"a1b"').replace('"msg_1"', '"msg_1b"'));
    const file = write('repeated-call.jsonl', jsonl(lines));
    const { summary, stderr } = await inspect(file);
    expect(summary.toolCalls).toBe(1);
    expect(stderr).toBe(`${file}:3: warning: a tool call repeating the id of an earlier one; counted once (once)\n`);
  });

  it('a year-9999 timestamp is left out with a warning, and does not stretch the duration', async () => {
    const lines = claudeLines();
    lines[3] = lines[3]!.replace('2026-01-10T10:00:08.000Z', '9999-12-31T00:00:00.000Z');
    const file = write('year-9999.jsonl', jsonl(lines));
    const { summary, stderr } = await inspect(file);
    expect(summary.duration).toBe(6000); // the line before's time stands in
    expect(new Date(summary.end).getUTCFullYear()).toBe(2026);
    expect(stderr).toBe(`${file}:4: warning: a timestamp not between the year 2000 and a day from now; the nearest known time is used (once)\n`);
  });

  it('a year-9999 timestamp on the first line does not stretch the session back to 1970 either', async () => {
    const lines = claudeLines();
    lines[0] = lines[0]!.replace('2026-01-10T10:00:00.000Z', '9999-12-31T00:00:00.000Z');
    const file = write('first-9999.jsonl', jsonl(lines));
    const { summary, stderr } = await inspect(file);
    expect(summary.duration).toBe(3000); // from the next line's time on
    expect(stderr).toBe(`${file}:1: warning: a timestamp not between the year 2000 and a day from now; the nearest known time is used (once)\n`);
  });

  it('a text block whose text is a number is kept as that text', async () => {
    expect(await cueLabels(write('number-text.jsonl', jsonl(claudeLines(undefined, 42))))).toContain('42');
  });
});

describe('opencode exports', () => {
  it('token totals written as strings are counted; a word is warned at its line', async () => {
    const text = opencodeExport({ tokens: { input: '100', output: '50', reasoning: '0', cache: { read: '10', write: 'lots' } } });
    const file = write('string-tokens.json', text);
    const { summary, stderr } = await inspect(file);
    expect(summary.tokens).toEqual({ input: 101, output: 52, reasoning: 0, cacheRead: 10, cacheWrite: 0 });
    expect(stderr).toBe(`${file}:${lineOf(text, '"tokens"')}: warning: a token count that is not a number (tokens.cache.write); counted as 0 (once)\n`);
  });

  it('a message written twice is counted once, with a warning at the repeat', async () => {
    const text = opencodeExport({ repeatMessage: true });
    const file = write('repeated-message.json', text);
    const { summary, stderr } = await inspect(file);
    expect(summary.sessions[0]!.messages.assistant).toBe(2);
    expect(summary.toolCalls).toBe(1);
    expect(summary.tokens.input).toBe(101);
    expect(stderr).toBe(`${file}:${lineOf(text, '"id": "msg_a1"', 2)}: warning: a message repeating the id of an earlier one; counted once (once)\n`);
  });

  it('a tool call id used twice is counted once, with a warning at the repeat', async () => {
    const text = opencodeExport({ repeatCall: true });
    const file = write('repeated-call.json', text);
    const { summary, stderr } = await inspect(file);
    expect(summary.toolCalls).toBe(1);
    expect(stderr).toBe(`${file}:${lineOf(text, '"id": "prt_tool_again"')}: warning: a tool call repeating the id of an earlier one; counted once (once)\n`);
  });

  it('a year-9999 timestamp is left out with a warning, and does not stretch the duration', async () => {
    const text = opencodeExport({ answerAt: Date.UTC(9999, 11, 31) });
    const file = write('year-9999.json', text);
    const { summary, stderr } = await inspect(file);
    expect(summary.duration).toBeLessThan(10_000);
    expect(stderr).toMatch(new RegExp(`^${file}:\\d+: warning: a timestamp not between the year 2000 and a day from now; left out \\(3 times, the first here\\)\\n$`));
  });

  it('year-9999 session and first message times: the session starts at its first known time', async () => {
    const doc = JSON.parse(opencodeExport()) as { info: { time: { created: number } }; messages: Array<{ info: { time: { created: number } } }> };
    doc.info.time.created = Date.UTC(9999, 11, 31);
    doc.messages[0]!.info.time.created = Date.UTC(9999, 11, 31);
    const text = JSON.stringify(doc, null, 2);
    const file = write('first-9999.json', text);
    const { summary, stderr } = await inspect(file);
    expect(new Date(summary.end).getUTCFullYear()).toBe(2026);
    expect(summary.duration).toBe(7000); // from the tool call's start, 2 s in, to the session's update at 9 s
    expect(stderr).toBe(`${file}:${lineOf(text, '"time"')}: warning: a timestamp not between the year 2000 and a day from now; left out (2 times, the first here)\n`);
  });

  it('bytes that are not UTF-8 are warned at their line', async () => {
    const text = opencodeExport({ answer: 'caf\u00e9 ok' });
    const bytes = Buffer.from(text, 'utf8');
    bytes[bytes.indexOf(Buffer.from('caf\u00e9')) + 3] = 0xff; // é's first byte
    const file = write('bad-utf8.json', bytes);
    const { stderr } = await inspect(file);
    expect(stderr).toBe(`${file}:${lineOf(text, 'caf\u00e9')}: warning: a message holds bytes that are not valid UTF-8; shown as U+FFFD (the first here)\n`);
  });

  it('a text part whose text is a number is kept as that text', async () => {
    expect(await cueLabels(write('number-text.json', opencodeExport({ answer: 42 })))).toContain('42');
  });
});

describe('stdin', () => {
  it('`-` with nothing on stdin says so, naming <stdin>, exit 1', async () => {
    const r = await playback(['inspect', '-'], '');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('playback inspect: <stdin>: nothing came in on stdin');
    expect(r.stderr).not.toMatch(/playback-stdin-/);
  });

  it('`-` with garbage names <stdin>, not the spooled copy', async () => {
    const r = await playback(['inspect', '-'], 'not a session\n');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/^playback inspect: <stdin>: not a session file/);
    expect(r.stderr).not.toMatch(/playback-stdin-/);
  });
});

describe('a render killed with SIGKILL', () => {
  const ffprobe = findFfprobe();

  it('leaves its temp file, which the next render to that output removes', async () => {
    const out = join(temp, 'killed');
    mkdirSync(out);
    const target = join(out, 'video.mp4');
    const demo = join(REPO, 'examples', 'party-demo');
    const child = spawn(process.execPath, [BIN, 'render', demo, '-o', target, '--width', '640'], { cwd: temp, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('close', (_code, signal) => res(signal)));
    const temps = () => readdirSync(out).filter((n) => n.startsWith('.video.mp4.tmp-'));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && child.exitCode === null && !(temps()[0] && statSync(join(out, temps()[0]!)).size > 0)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    expect(await exited, stderr).toBe('SIGKILL');
    // Nothing could clean up: the torn temp file is there, named with the killed pid.
    expect(temps()).toEqual([`.video.mp4.tmp-${child.pid}-1`]);

    const again = await playback(['render', demo, '-o', target, '--width', '640', '--to', '2']);
    expect(again.code, again.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['video.mp4']);
    const frames = execFileSync(ffprobe!, ['-v', 'error', '-count_packets', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', target], { encoding: 'utf8' });
    expect(Number(frames.trim())).toBe(60); // 2 s at 30 fps, whole
  }, 120_000);

  it('a temp file of a render still running is left alone', async () => {
    const out = join(temp, 'alive');
    mkdirSync(out);
    // This test's own process is alive: its pid in the name marks a write under way.
    const live = `.video.mp4.tmp-${process.pid}-7`;
    writeFileSync(join(out, live), 'being written');
    const r = await playback(['render', join(REPO, 'examples', 'party-demo'), '-o', join(out, 'video.mp4'), '--width', '640', '--to', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual([live, 'video.mp4']);
  }, 60_000);
});
