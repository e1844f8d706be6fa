// Secrets stay out of every output: a secret of each kind planted in every text field (prompt,
// reply, reasoning, tool input and output, file content, edit strings, the title, a subagent) of
// a Claude Code transcript and an opencode export, then looked for where a user would find
// them: the exported page (its payload decoded), `timeline --json`, `inspect`, and frames read
// back with tesseract. `--no-redact` shows them, so each look can see a secret when there is one.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playback, requireBuiltCli } from './helpers/cli.js';
import { PLANTED, TITLE_LINE, writeClaudeCodeSession, writeOpencodeExport } from './helpers/secret-sessions.js';
import { readEmbeddedPayload } from '../src/player/export-html.js';
import { ocrText } from './helpers/tesseract.js';
import { HEAD_ID } from '../src/player/payload.js';

const MARKER = '[REDACTED]';
let dir: string;
const sources: Record<string, string> = {};

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'playback-secrets-'));
  sources['Claude Code'] = writeClaudeCodeSession(dir);
  sources.opencode = writeOpencodeExport(dir);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The planted secrets (or fragments of them) found in `text`. */
function leaked(text: string): string[] {
  return PLANTED.flatMap((p) => [p.secret, p.fragment].filter((s) => text.includes(s)).map((s) => `${p.kind}: ${s.slice(0, 24)}`));
}

/** Every string the exported page carries: the raw page, the whole payload decoded, and the head island. */
function pageText(html: string): string {
  const payload = readEmbeddedPayload(html);
  const head = new RegExp(`<script type="application/json" id="${HEAD_ID}">(.*?)</script>`, 's').exec(html)?.[1] ?? '';
  return [html, JSON.stringify(payload), JSON.stringify(JSON.parse(head || '{}'))].join('\n');
}

/** The words tesseract reads on a frame: light text on the dark stage, negated first (about a third less work for it). */
async function ocr(png: string): Promise<string> {
  return ocrText(readFileSync(png), { negate: true });
}

/** Prefixes OCR reads reliably: none of them may be legible on a redacted frame. */
const LEGIBLE_PREFIXES = ['AKIA', 'ghp_', 'github_pat', 'sk-ant', 'sk-proj', 'xoxb', 'xapp', 'hooks.slack', 'PRIVATE KEY', 'wJalr', 'Xk9mP2'];

interface CueJson {
  kind: string;
  start: number;
  end: number;
  label: string;
  /** Text and prompts longer than the work area come in pages, each shown whole before its end. */
  pages?: Array<{ end: number }>;
}

/** Just before the end of every page of a cue (or of the cue, when it is one page): the text is whole there. */
function pageEnds(c: CueJson): number[] {
  return (c.pages?.length ? c.pages.map((p) => p.end) : [c.end]).map((end) => end - 0.1);
}

describe.each(['Claude Code', 'opencode'])('secrets in a %s session', (format) => {
  const source = (): string => sources[format]!;

  it('are not in the exported page, its payload or its title', async () => {
    const out = join(dir, `${format}.html`);
    const r = await playback(['export', source(), '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/redacted \d+ secrets/);
    const html = readFileSync(out, 'utf8');
    expect(leaked(pageText(html))).toEqual([]);
    const { timeline } = readEmbeddedPayload(html);
    // The title is cut from the first prompt: the token in it is redacted, not cut in half.
    const redactedLine = TITLE_LINE.replace(PLANTED.find((p) => p.kind === 'github token')!.secret, MARKER);
    expect(timeline.meta.title.startsWith(redactedLine.slice(0, 75))).toBe(true);
    expect(JSON.stringify(timeline)).toContain('deploy with [REDACTED] tonight');
  });

  it('are not in timeline --json', async () => {
    const r = await playback(['timeline', '--json', source()]);
    expect(r.code, r.stderr).toBe(0);
    expect(leaked(r.stdout + r.stderr)).toEqual([]);
    expect(r.stdout).toContain(MARKER);
  });

  it('are not in inspect, which counts what an export redacts', async () => {
    const json = await playback(['inspect', '--json', source()]);
    expect(json.code, json.stderr).toBe(0);
    expect(leaked(json.stdout + json.stderr)).toEqual([]);
    const summary = JSON.parse(json.stdout) as { title: string; redactions: { total: number; counts: Record<string, number> } };
    expect(summary.title).toContain(MARKER);
    for (const kind of ['aws key', 'github token', 'anthropic key', 'openai key', 'slack token', 'slack webhook', 'private key', 'url password', 'random token']) {
      expect(summary.redactions.counts[kind], kind).toBeGreaterThan(0);
    }
    const text = await playback(['inspect', source()]);
    expect(leaked(text.stdout)).toEqual([]);
    expect(text.stdout).toMatch(new RegExp(`Secrets +export redacts ${summary.redactions.total} secrets`));
  });

  it('are not legible on frames where the text is on screen', async () => {
    const tl = JSON.parse((await playback(['timeline', '--json', source()])).stdout) as { cues: CueJson[] };
    // The end of the first cue of each kind that shows session text: the text is fully typed there.
    const kinds = ['title', 'prompt', 'reasoning', 'text', 'tool', 'file'];
    const moments = kinds.flatMap((kind) => tl.cues.filter((c) => c.kind === kind).slice(0, 1)).flatMap((c) => pageEnds(c).map((t) => ({ kind: c.kind, t })));
    expect(moments.length).toBeGreaterThanOrEqual(5);
    // Two at a time: drawing and reading a frame each keep one core busy.
    const seen: string[] = [];
    for (let i = 0; i < moments.length; i += 2) {
      seen.push(...(await Promise.all(moments.slice(i, i + 2).map(async (m, j) => {
        const png = join(dir, `${format}-${i + j}.png`);
        const r = await playback(['frame', source(), '--at', m.t.toFixed(2), '-o', png]);
        expect(r.code, r.stderr).toBe(0);
        const words = await ocr(png);
        for (const prefix of LEGIBLE_PREFIXES) expect(words, `${m.kind} at ${m.t.toFixed(2)} s shows ${prefix}`).not.toContain(prefix);
        expect(leaked(words)).toEqual([]);
        return words;
      }))));
    }
    // The frames show the text around the secrets, and the marker in their place.
    const all = seen.join('\n');
    expect(all).toContain(MARKER);
    expect(all).toMatch(/deploy with \[REDACTED\] tonight/);
    expect(all).toContain('Please deploy the staging build');
  }, 120_000);

  it('show with --no-redact, where every look above finds them', async () => {
    const out = join(dir, `${format}-raw.html`);
    expect((await playback(['export', source(), '-o', out, '--no-redact'])).code).toBe(0);
    const found = new Set(leaked(pageText(readFileSync(out, 'utf8'))).map((l) => l.split(':')[0]));
    expect([...found].sort()).toEqual(PLANTED.map((p) => p.kind).sort());
    expect(leaked((await playback(['timeline', '--json', '--no-redact', source()])).stdout).length).toBeGreaterThan(0);
    const tl = JSON.parse((await playback(['timeline', '--json', '--no-redact', source()])).stdout) as { cues: CueJson[] };
    // The first prompt and the first text, page by page: a long prompt is shortened on screen,
    // so the secrets at its end show in the text that follows.
    const shown = ['prompt', 'text'].map((kind) => tl.cues.find((c) => c.kind === kind)!);
    const pages: string[] = [];
    for (const [i, t] of shown.flatMap(pageEnds).entries()) {
      const png = join(dir, `${format}-raw-${i}.png`);
      expect((await playback(['frame', source(), '--at', t.toFixed(2), '-o', png, '--no-redact'])).code).toBe(0);
      pages.push(await ocr(png));
    }
    const words = pages.join('\n');
    expect(words).toContain('AKIAZ3MSJV4WMVZQ7BXE');
    expect(words).toContain('ghp_Qw3rTy7u');
  }, 60_000);
});

describe('the sessions list', () => {
  it('shows titles redacted', async () => {
    const config = join(dir, 'claude-config');
    const project = join(config, 'projects', '-work-app');
    mkdirSync(project, { recursive: true });
    writeClaudeCodeSession(project);
    const env = { PATH: process.env.PATH, HOME: join(dir, 'home'), CLAUDE_CONFIG_DIR: config, XDG_DATA_HOME: join(dir, 'data') };
    for (const args of [['list', '--json'], ['list']]) {
      const r = await playback(args, { env, inheritEnv: false, cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('Please deploy the staging build');
      expect(leaked(r.stdout)).toEqual([]);
      expect(r.stdout).not.toContain('ghp_');
    }
    const [row] = JSON.parse((await playback(['list', '--json'], { env, inheritEnv: false, cwd: dir })).stdout) as Array<{ title: string }>;
    expect(row!.title).toBe(TITLE_LINE.replace(PLANTED.find((p) => p.kind === 'github token')!.secret, MARKER));
  });
});

describe('a video of a session with secrets', () => {
  it('shows none on its frames', async () => {
    const source = sources['Claude Code']!;
    const tl = JSON.parse((await playback(['timeline', '--json', source])).stdout) as { cues: CueJson[] };
    const text = tl.cues.find((c) => c.kind === 'text')!;
    const video = join(dir, 'secrets.mp4');
    const r = await playback(['render', source, '-o', video, '--from', (text.end - 1).toFixed(2), '--to', (text.end - 0.1).toFixed(2), '--fps', '2']);
    expect(r.code, r.stderr).toBe(0);
    const png = join(dir, 'video-last.png');
    const ff = spawnSync('ffmpeg', ['-v', 'error', '-i', video, '-update', '1', '-y', png]);
    expect(ff.status, String(ff.stderr)).toBe(0);
    const words = await ocr(png);
    expect(words).toContain(MARKER);
    for (const prefix of LEGIBLE_PREFIXES) expect(words).not.toContain(prefix);
  }, 60_000);
});

describe('a tool input nested 100,000 levels deep', () => {
  it('exports, paces and draws like any other session', async () => {
    const depth = 100_000;
    const deep = '{"a":'.repeat(depth) + `"${PLANTED[0]!.secret}"` + '}'.repeat(depth);
    const line = (o: object): string => JSON.stringify(o);
    const base = { sessionId: 'deep-1', cwd: '/work/app', isSidechain: false };
    const file = join(dir, 'deep.jsonl');
    writeFileSync(file, [
      line({ ...base, type: 'user', uuid: 'u1', parentUuid: null, timestamp: '2026-01-01T12:00:00Z', message: { role: 'user', content: 'run the deep tool' } }),
      line({ ...base, type: 'assistant', uuid: 'a1', parentUuid: 'u1', timestamp: '2026-01-01T12:00:01Z', message: { id: 'm1', role: 'assistant', model: 'claude-opus-4-5', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: '__DEEP__' }], usage: { input_tokens: 1, output_tokens: 1 } } }).replace('"__DEEP__"', deep),
      line({ ...base, type: 'user', uuid: 'u2', parentUuid: 'a1', timestamp: '2026-01-01T12:00:02Z', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' }] } }),
    ].join('\n') + '\n');
    const html = join(dir, 'deep.html');
    const exported = await playback(['export', file, '-o', html]);
    expect(exported.stderr).not.toMatch(/call stack/);
    expect(exported.code, exported.stderr).toBe(0);
    expect(leaked(pageText(readFileSync(html, 'utf8')))).toEqual([]);
    const paced = await playback(['timeline', '--json', file]);
    expect(paced.code, paced.stderr).toBe(0);
    const frame = await playback(['frame', file, '--at', '3', '-o', join(dir, 'deep.png')]);
    expect(frame.code, frame.stderr).toBe(0);
  }, 60_000);
});
