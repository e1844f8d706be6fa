// Options, counts, durations and signals that several commands share, checked through the built
// CLI as a user runs it and against what the raw files say: the demo party, sessions the tests
// write, and the real samples when they are there.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatClock, formatCount, formatDuration, plural } from '../src/util/text.js';
import { listenForStop } from '../src/cli/stop-signals.js';
import { OPUS, shortSession, text, Transcript, writeSession } from './helpers/claude-code-transcript.js';
import { BIN as CLI, playback as run, requireBuiltCli } from './helpers/cli.js';
import { DEMO, DEMO_EXPORT } from './helpers/demo.js';
import { itSamples, sample } from './helpers/samples.js';

const temp = mkdtempSync(join(tmpdir(), 'playback-cli-options-'));
const SHORT = shortSession().write(join(temp, 'short.jsonl'));
/** A Claude Code session with idle gaps of 6 and 20 s. */
const GAPS = writeSession(mkdtempSync(join(temp, 'gaps-'))).main;

/** `inspect` on a Claude Code session gives its duration as the raw lines say, in h/m/s. */
async function expectInspectDuration(file: string, atLeast: number): Promise<void> {
  // Claude Code: from the first user or assistant line to the last timestamped line.
  const stamps = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type?: string; timestamp?: string });
  const first = Date.parse(stamps.find((o) => o.type === 'user' || o.type === 'assistant')!.timestamp!);
  const last = Math.max(...stamps.filter((o) => o.timestamp).map((o) => Date.parse(o.timestamp!)));
  const secs = Math.round((last - first) / 1000);
  const expected = `${Math.floor(secs / 3600)}h ${Math.floor((secs % 3600) / 60)}m ${secs % 60}s`;
  expect(secs).toBeGreaterThan(atLeast);
  const r = await playback(['inspect', file]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`Duration    ${expected}\n`);
  expect(r.stdout).toMatch(new RegExp(`^  time .* \\(${expected}\\)$`, 'm'));
}

/** `inspect` on an opencode export counts its tool parts, and those whose state is "error". */
async function expectInspectErrors(file: string, errorsWanted: number): Promise<void> {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { messages: { parts: { type: string; state?: { status: string } }[] }[] };
  const tools = doc.messages.flatMap((m) => m.parts).filter((p) => p.type === 'tool');
  const errors = tools.filter((p) => p.state?.status === 'error').length;
  expect(errors).toBe(errorsWanted);
  const r = await playback(['inspect', file]);
  expect(r.stdout).toContain(`${tools.length} tool calls (1 error)`);
  expect(r.stdout).toMatch(new RegExp(`^Tool calls  ${tools.length} \\(1 error\\)$`, 'm'));
}

const playback = (args: string[]) => run(args, { cwd: temp });

beforeAll(() => requireBuiltCli());
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('counts and durations as printed', () => {
  it('plural and formatCount: thousands separators, "s" unless one', () => {
    expect(plural(1, 'error')).toBe('1 error');
    expect(plural(0, 'error')).toBe('0 errors');
    expect(plural(1204, 'line')).toBe('1,204 lines');
    expect(formatCount(1100544)).toBe('1,100,544');
    expect([999, 1000, 100000, -1234567].map(formatCount)).toEqual(['999', '1,000', '100,000', '-1,234,567']);
  });

  it('formatDuration and formatClock split hours, minutes and seconds alike', () => {
    // 3725 s = 1 h + 2 min + 5 s.
    expect(formatDuration(3_725_000)).toBe('1h 2m 5s');
    expect(formatClock(3725)).toBe('1:02:05');
    expect(formatDuration(671_153)).toBe('11m 11s');
    expect(formatClock(671.153)).toBe('11:11');
    expect(formatDuration(59_600)).toBe('1m 0s'); // rounds to the nearest second
    expect(formatClock(59.6)).toBe('0:59'); // a clock counts whole seconds elapsed
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(Number.NaN)).toBe('0s');
    expect(formatClock(Number.POSITIVE_INFINITY)).toBe('--:--');
  });

  it('inspect: a session over an hour long, and "1 error", agree with the raw files', async () => {
    const long = new Transcript('1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b')
      .user('Start the long migration.')
      .assistant('l1', OPUS, [text('Started.')], { input_tokens: 2, output_tokens: 3 })
      .wait(3725)
      .user('Is it done?')
      .assistant('l2', OPUS, [text('Done.')], { input_tokens: 2, output_tokens: 3 });
    await expectInspectDuration(long.write(join(temp, 'long.jsonl')), 3600);

    // The demo export with one tool call turned into a failure.
    const doc = JSON.parse(readFileSync(DEMO_EXPORT, 'utf8')) as { messages: { parts: { type: string; state?: Record<string, unknown> }[] }[] };
    const failed = doc.messages.flatMap((m) => m.parts).find((p) => p.type === 'tool')!;
    failed.state = { ...failed.state, status: 'error', error: 'Error: command exited with code 1' };
    delete failed.state.output;
    const oneError = join(temp, 'one-error.json');
    writeFileSync(oneError, JSON.stringify(doc));
    await expectInspectErrors(oneError, 1);
  });

  itSamples('inspect: the real sessions, over an hour long and with "1 error", agree with the raw files', async () => {
    await expectInspectDuration(sample('claude-code', 'spotter', '8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl'), 3600);
    await expectInspectErrors(sample('opencode', 'session__curious-sailor__ses_39b7f9e89ffe7J0WzLzYrUt4eW.json'), 1);
  });

  it('reader warnings count with thousands separators, as inspect does', async () => {
    const file = join(temp, 'garbage.jsonl');
    const garbage = 1234;
    const lines = readFileSync(SHORT, 'utf8').trim().split('\n');
    for (let i = 0; i < garbage; i++) lines.push(`not json ${i}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await playback(['inspect', file]);
    expect(r.code).toBe(0);
    // The first 20 unreadable lines are named one by one, the rest counted in one warning.
    const rest = garbage - 20;
    expect(rest).toBe(1214);
    expect(r.stderr).toContain(`warning: 1,214 more unreadable lines skipped (lines ${lines.length - garbage + 21}, `);
  });
});

describe('--max-idle: one range for every command', () => {
  it('export accepts --max-idle 7200 like timeline, and both pace the session the same', async () => {
    const tl = await playback(['timeline', GAPS, '--json', '--real-time', '--max-idle', '7200']);
    expect(tl.code, tl.stderr).toBe(0);
    const duration = (JSON.parse(tl.stdout) as { duration: number }).duration;
    const short = JSON.parse((await playback(['timeline', GAPS, '--json', '--real-time'])).stdout) as { duration: number };
    expect(duration).toBeGreaterThan(short.duration); // the longer gaps were kept

    const out = join(temp, 'idle.html');
    const ex = await playback(['export', GAPS, '-o', out, '--real-time', '--max-idle', '7200']);
    expect(ex.code, ex.stderr).toBe(0);
    const whole = Math.floor(duration);
    const clock = `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
    expect(ex.stdout).toContain(`, ${clock} at 1×;`);
    expect(statSync(out).size).toBeGreaterThan(0);
  });

  it('out of range: the same message from export, timeline and render, exit 2', async () => {
    for (const value of ['90000', '-1', 'soon']) {
      const message = `--max-idle takes a number from 0 to 86400, not "${value}"`;
      for (const args of [['export', '-o', join(temp, 'never.html')], ['timeline'], ['render', '-o', join(temp, 'never.mp4')]]) {
        const [command, ...rest] = args;
        const r = await playback([command!, SHORT, ...rest, `--max-idle=${value}`]);
        expect(r.code, `${command} ${value}`).toBe(2);
        expect(r.stderr).toBe(`playback ${command}: ${message} (see playback ${command} --help)\n`);
      }
    }
    expect(readdirSync(temp).filter((n) => n.startsWith('never'))).toEqual([]);
  });
});

describe('SIGINT and SIGTERM', () => {
  it('the first signal aborts and is reported; then Node\'s default handling is back', async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const stop = listenForStop();
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual([before[0]! + 1, before[1]! + 1]);
    expect(stop.signal.aborted).toBe(false);
    // Called directly rather than through process.emit, so the test runner's own listeners stay out of it.
    const ours = process.listeners('SIGINT').at(-1) as (sig: NodeJS.Signals) => void;
    ours('SIGINT');
    expect(await stop.stopped).toBe('SIGINT');
    expect(stop.signal.aborted).toBe(true);
    expect(stop.caught()).toBe('SIGINT');
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
    stop.release(); // after the signal: harmless
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });

  it('release without a signal stops listening', () => {
    const before = process.listenerCount('SIGTERM');
    const stop = listenForStop();
    stop.release();
    expect(process.listenerCount('SIGTERM')).toBe(before);
    expect(stop.signal.aborted).toBe(false);
  });

  it('play: SIGTERM ends the server cleanly, exit 0', async () => {
    const child = spawn(process.execPath, [CLI, 'play', SHORT, '--no-open', '--port', '0'], {
      cwd: temp, env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
    const deadline = Date.now() + 30_000;
    while (!out.includes('press Ctrl+C to stop') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const url = /at (http:\/\/\S+)/.exec(out)?.[1];
    expect(url, out).toBeDefined();
    expect((await fetch(url!)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited, out).toBe(0);
  });

  it('render: Ctrl-C (SIGINT) stops it with exit 130, "interrupted", and no temp file', async () => {
    const out = join(temp, 'interrupted');
    mkdirSync(out);
    const target = join(out, 'video.mp4');
    const child = spawn(process.execPath, [CLI, 'render', DEMO, '-o', target], { cwd: temp, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
    try {
      const deadline = Date.now() + 60_000;
      let tempSeen = false;
      while (Date.now() < deadline && child.exitCode === null) {
        const t = readdirSync(out).find((n) => n.includes('.tmp-'));
        if (t && statSync(join(out, t)).size > 0) { tempSeen = true; break; }
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(tempSeen, stderr).toBe(true);
      child.kill('SIGINT');
      expect(await exited, stderr).toBe(130);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(stderr).toMatch(/^playback render: render interrupted/m);
    expect(readdirSync(out)).toEqual([]);
  });
});
