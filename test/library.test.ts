// `playback library` on this machine: kits for the demo parties, a real opencode database (made
// by `opencode import`, a root with its child), Claude Code transcripts written here and a broken
// file; re-runs that skip, a run killed with -9 that resumes, the gallery in headless Chromium,
// and watch.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, playback, REPO, requireBuiltCli } from './helpers/cli.js';
import { launchBrowser } from './helpers/browser.js';
import { makeOpencodeHome, opencodeImport, type OpencodeHome } from './helpers/opencode.js';
import { claudeTranscript, writeTranscript } from './helpers/library.js';
import { expectWholeKits, ffprobe, kitFolders, renderInFlight } from './helpers/library-kits.js';
import { LibraryState } from '../src/library/state.js';
import type { LibraryIndex } from '../src/library/gallery.js';

// A root session and its subagent, made by the real opencode CLI (examples/workflow-demo).
const WORKFLOW = join(REPO, 'examples', 'workflow-demo');
const PARENT = 'ses_dc0d47a6dffegnjl4IUMGJAqkQ';
const CHILD = 'ses_dc0d38b80ffeUA2mvogpV4umEr';
const TIDEPOOL = 'ses_df3a4fee8ffeDNntvxI1dRFMz4';
const NIGHT_SHIFT = 'ses_df3d5d7f5ffe9QJwFP4pCJ1nUO';
const XSS_TITLE = '<img src=x onerror=alert(1)>';
const SECRET = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
const SIZE = { width: 640, height: 360 };
const FPS = 5;
const SHORT_LENGTH = 6;
const RENDER = ['--width', '640', '--height', '360', '--fps', String(FPS), '--to', '8', '--short-size', '360x640', '--short-length', String(SHORT_LENGTH)];

/** Caption times (seconds) of a WebVTT or SRT file, and its text. */
function captionTimes(text: string, comma: boolean): Array<[number, number]> {
  const sep = comma ? ',' : '\\.';
  const re = new RegExp(`(\\d+):(\\d\\d):(\\d\\d)${sep}(\\d{3}) --> (\\d+):(\\d\\d):(\\d\\d)${sep}(\\d{3})`, 'g');
  const secs = (h: string, m: string, s: string, ms: string) => Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000;
  return [...text.matchAll(re)].map((m) => [secs(m[1]!, m[2]!, m[3]!, m[4]!), secs(m[5]!, m[6]!, m[7]!, m[8]!)]);
}

let root: string;
let home: OpencodeHome;
let projects: string;
let broken: string;
let sources: string[];

beforeAll(async () => {
  requireBuiltCli();
  root = mkdtempSync(join(tmpdir(), 'playback-library-'));
  home = makeOpencodeHome();
  await opencodeImport(home, [join(WORKFLOW, `main-${PARENT}.json`), join(WORKFLOW, `explore-${CHILD}.json`)]);
  projects = join(root, 'claude-projects');
  writeTranscript(join(projects, '-tmp-project'), {
    id: '11111111-aaaa-4bbb-8ccc-000000000001', title: 'Deploy notes',
    turns: [{ prompt: `Push with ${SECRET} please`, reply: 'Pushed. The token stays out of the log.' }],
  });
  writeTranscript(join(projects, '-tmp-project'), {
    id: '11111111-aaaa-4bbb-8ccc-000000000002', title: XSS_TITLE, startedAt: '2026-03-02T10:00:00Z',
    turns: [{ prompt: 'Say hello', reply: 'Hello.' }, { prompt: 'Again', reply: 'Hello again.' }],
  });
  broken = join(root, 'broken.json');
  writeFileSync(broken, '{"info": {"id": "ses_broken", "title": "cut off');
  sources = [join(REPO, 'examples/party-demo'), join(REPO, 'examples/party-demo-violations'), home.dbPath, projects, broken];
}, 900_000);

afterAll(() => {
  home?.remove();
  if (root) rmSync(root, { recursive: true, force: true });
});

interface Summary {
  found: number; rendered: number; skipped: number; failed: number;
  sessions: Array<{ id: string; status: string; error?: string }>;
}

describe('playback library build', () => {
  let out: string;

  it('has help for the group and each command, and says what is missing', async () => {
    expect((await playback(['library'])).code).toBe(2);
    const unknown = await playback(['library', 'compile']);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('unknown command "compile"')]);
    for (const sub of ['build', 'worker', 'status', 'watch']) {
      const help = await playback(['library', sub, '--help']);
      expect([help.code, help.stdout]).toEqual([0, expect.stringContaining(`Usage: playback library ${sub}`)]);
    }
    const noOut = await playback(['library', 'build', projects]);
    expect([noOut.code, noOut.stderr]).toEqual([2, expect.stringContaining('missing --out <dir>')]);
    const noQueue = await playback(['library', 'status']);
    expect([noQueue.code, noQueue.stderr]).toEqual([2, expect.stringContaining('missing --queue')]);
  }, 60_000);

  it('makes a whole kit for every session, redacted, and records the broken file as failed', async () => {
    out = join(root, 'library');
    const run = await playback(['library', 'build', ...sources, '--out', out, ...RENDER, '--json'], { timeoutMs: 600_000 });
    expect(run.code, run.stderr).toBe(1);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary).toMatchObject({ found: 6, rendered: 5, skipped: 0, failed: 1 });
    const failed = summary.sessions.find((s) => s.status === 'failed')!;
    expect(failed.id).toBe('ses_broken');
    expect(failed.error).toContain(broken);

    const kits = expectWholeKits(out, SIZE);
    expect(kits.map((k) => k.id)).toEqual([
      '11111111-aaaa-4bbb-8ccc-000000000001', '11111111-aaaa-4bbb-8ccc-000000000002', PARENT, TIDEPOOL, NIGHT_SHIFT,
    ].sort());
    for (const k of kits) expect(Object.keys(k.parts).sort()).toEqual(['chapters', 'html', 'mp4', 'poster', 'short', 'srt', 'vtt']);
    // The short: portrait, cut to the asked length (a session shorter than that stays as long as it is).
    for (const k of kits) {
      const short = ffprobe(join(out, k.id, 'short.mp4'));
      expect(short, k.id).toMatchObject({ codec: 'h264', width: 360, height: 640 });
      expect(short.duration, k.id).toBeLessThanOrEqual(SHORT_LENGTH + 1 / FPS);
    }
    for (const id of [TIDEPOOL, NIGHT_SHIFT]) expect(Math.abs(ffprobe(join(out, id, 'short.mp4')).duration - SHORT_LENGTH), id).toBeLessThanOrEqual(1 / FPS);
    // Captions of the landscape video: increasing times within its length, naming the speakers.
    for (const k of kits) {
      const length = ffprobe(join(out, k.id, 'video.mp4')).duration;
      const vtt = readFileSync(join(out, k.id, 'video.vtt'), 'utf8');
      const srt = readFileSync(join(out, k.id, 'video.srt'), 'utf8');
      expect(vtt.startsWith('WEBVTT\n'), k.id).toBe(true);
      for (const [text, times] of [[vtt, captionTimes(vtt, false)], [srt, captionTimes(srt, true)]] as const) {
        expect(times.length, k.id).toBeGreaterThan(0);
        expect(times.length, k.id).toBe(text.split('-->').length - 1);
        times.forEach(([a, b], i) => {
          expect(b, k.id).toBeGreaterThan(a);
          expect(b, k.id).toBeLessThanOrEqual(length + 1 / FPS);
          if (i) expect(a, k.id).toBeGreaterThanOrEqual(times[i - 1]![0]);
        });
      }
    }
    // Every voice is one of the kit's participants or the prompt's sender; the party's first lines are the orchestrator's.
    const voices = (id: string) => [...readFileSync(join(out, id, 'video.vtt'), 'utf8').matchAll(/<v ([^>]+)>/g)].map((m) => m[1]!);
    for (const k of kits) {
      for (const v of voices(k.id)) expect([...k.meta.participants.map((p) => p.name), 'User', 'Orchestrator'], k.id).toContain(v);
    }
    expect(new Set(voices('11111111-aaaa-4bbb-8ccc-000000000001'))).toEqual(new Set(['User', 'Claude']));
    expect(readFileSync(join(out, TIDEPOOL, 'video.vtt'), 'utf8')).toContain('<v Orchestrator>Orchestrator: Party "tidepool" starts now.');
    expect(readFileSync(join(out, TIDEPOOL, 'video.srt'), 'utf8')).toContain('Orchestrator: Party "tidepool" starts now.');
    const byId = new Map(kits.map((k) => [k.id, k]));
    expect(byId.get(TIDEPOOL)!.meta).toMatchObject({ kind: 'party', turns: 7, files: 6 });
    expect(byId.get(TIDEPOOL)!.meta.participants.filter((p) => p.kind === 'entity').map((p) => p.name)).toEqual(['Juno', 'Iris', 'Alice', 'Vesta']);
    // The database's root session comes with its child: an agent session with a guest.
    expect(byId.get(PARENT)!.meta.kind).toBe('agent');
    expect(kitFolders(out)).not.toContain(CHILD);
    // Redacted by default: the token is in no part of the kit.
    const deploy = join(out, '11111111-aaaa-4bbb-8ccc-000000000001');
    expect(byId.get('11111111-aaaa-4bbb-8ccc-000000000001')!.meta.redactions).toBeGreaterThanOrEqual(1);
    for (const f of readdirSync(deploy)) expect(readFileSync(join(deploy, f)).includes(SECRET), f).toBe(false);
    // The captions carry the prompt, with the token taken out.
    expect(readFileSync(join(deploy, 'video.vtt'), 'utf8')).toMatch(/Push with \S*REDACTED/);
    expect(readFileSync(join(out, TIDEPOOL, 'chapters.txt'), 'utf8')).toMatch(/^0:00 (tidepool|Turn 1 · Juno)\n$/);

    const index = JSON.parse(readFileSync(join(out, 'library.json'), 'utf8')) as LibraryIndex;
    expect(index.sessions).toHaveLength(6);
    expect(index.sessions.find((s) => s.id === 'ses_broken')).toMatchObject({ status: 'failed', error: expect.stringContaining(broken) });
    const state = new LibraryState(out);
    try {
      expect(state.job('ses_broken')).toMatchObject({ status: 'failed', error: expect.stringContaining(broken) });
      expect(state.jobs().filter((j) => j.status === 'done')).toHaveLength(5);
      const written = state.attempts().filter((a) => a.outcome === 'written');
      expect(written).toHaveLength(5);
      for (const a of written) expect(a.duration_ms).toBeGreaterThan(0);
    } finally {
      state.close();
    }
  }, 600_000);

  it('renders only what changed on a re-run, and says how many it skipped', async () => {
    const again = await playback(['library', 'build', ...sources, '--out', out, ...RENDER], { timeoutMs: 120_000 });
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('0 made, 5 skipped (unchanged), 1 failed');
    const before = JSON.parse(readFileSync(join(out, TIDEPOOL, 'manifest.json'), 'utf8')) as { made: { at: string } };

    appendFileSync(join(projects, '-tmp-project', '11111111-aaaa-4bbb-8ccc-000000000002.jsonl'), claudeTranscript({
      id: '11111111-aaaa-4bbb-8ccc-000000000002', startedAt: '2026-03-02T11:00:00Z', turns: [{ prompt: 'One more', reply: 'Done.' }],
    }).replace(/"parentUuid":null/, '"parentUuid":"a1-11111111-aaaa-4bbb-8ccc-000000000002"').replace(/u0-/g, 'u9-').replace(/a0-/g, 'a9-'));
    const changed = await playback(['library', 'build', ...sources, '--out', out, ...RENDER, '--json'], { timeoutMs: 300_000 });
    const summary = JSON.parse(changed.stdout) as Summary;
    expect(summary).toMatchObject({ rendered: 1, skipped: 4, failed: 1 });
    expect(summary.sessions.find((s) => s.status === 'written')!.id).toBe('11111111-aaaa-4bbb-8ccc-000000000002');
    const made = expectWholeKits(out, SIZE).find((k) => k.id === '11111111-aaaa-4bbb-8ccc-000000000002')!;
    expect(made.meta.turns).toBe(3);
    expect(JSON.parse(readFileSync(join(out, TIDEPOOL, 'manifest.json'), 'utf8'))).toMatchObject({ made: { at: before.made.at } });

    // Other options make other kits: the key holds them.
    const smaller = await playback(['library', 'build', join(REPO, 'examples/party-demo'), '--out', out, ...RENDER, '--parts', 'poster', '--json'], { timeoutMs: 120_000 });
    expect(JSON.parse(smaller.stdout)).toMatchObject({ rendered: 1, skipped: 0 });
    expect(Object.keys((JSON.parse(readFileSync(join(out, TIDEPOOL, 'manifest.json'), 'utf8')) as { parts: object }).parts)).toEqual(['poster']);
  }, 600_000);

  it('filters by entity, party and date, and refuses kit parts that do not exist', async () => {
    const dir = join(root, 'filtered');
    const ceres = await playback(['library', 'build', ...sources.slice(0, 4), '--out', dir, '--parts', 'poster', ...RENDER, '--entity', 'ceres', '--json'], { timeoutMs: 300_000 });
    expect(JSON.parse(ceres.stdout)).toMatchObject({ rendered: 1, filtered: 4 });
    expect(kitFolders(dir)).toEqual([NIGHT_SHIFT]);
    const party = await playback(['library', 'build', ...sources.slice(0, 4), '--out', dir, '--parts', 'poster', ...RENDER, '--party-only', '--json'], { timeoutMs: 300_000 });
    expect(JSON.parse(party.stdout)).toMatchObject({ rendered: 1, skipped: 1, filtered: 3 });
    const recent = await playback(['library', 'build', projects, '--out', dir, '--parts', 'poster', ...RENDER, '--since', '2026-03-02', '--json'], { timeoutMs: 300_000 });
    expect(JSON.parse(recent.stdout)).toMatchObject({ found: 2, rendered: 1, filtered: 1 });
    const unknown = await playback(['library', 'build', projects, '--out', dir, '--parts', 'mp4,webm']);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('--parts takes mp4, short, html, poster, chapters, vtt, srt, not "webm"')]);
    const landscapeShort = await playback(['library', 'build', projects, '--out', dir, '--short-size', '640x360']);
    expect([landscapeShort.code, landscapeShort.stderr]).toEqual([2, expect.stringContaining('--short-size is a portrait frame')]);
  }, 600_000);
});

describe('a library build killed with -9', () => {
  it('leaves every kit whole or absent, and the next run finishes the rest', async () => {
    const out = join(root, 'killed');
    const args = [BIN, 'library', 'build', ...sources.slice(0, 4), '--out', out, '--width', '640', '--height', '360', '--fps', '10', '--to', '12', '--short-length', '5', '--jobs', '1'];
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    const staging = join(out, '.staging');
    const renderPid = (await renderInFlight(out, 240_000))?.pid;
    expect(renderPid, 'a render started').toBeGreaterThan(0);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The render process goes with its parent.
    const gone = Date.now() + 10_000;
    let alive = true;
    while (alive && Date.now() < gone) {
      try {
        process.kill(renderPid!, 0);
        await new Promise((r) => setTimeout(r, 100));
      } catch {
        alive = false;
      }
    }
    expect(alive, 'the render process stopped with its parent').toBe(false);
    const before = expectWholeKits(out, SIZE).length;
    expect(before).toBeLessThan(5);
    // What a process killed before it could clean up leaves: a staging folder with part of a kit.
    const torn = join(staging, `${TIDEPOOL}~${hostname()}~${child.pid}~torn`);
    mkdirSync(torn, { recursive: true });
    writeFileSync(join(torn, '.video.mp4.tmp-1'), 'half a video');

    const resumed = await playback(['library', 'build', ...args.slice(3), '--json'], { timeoutMs: 600_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout) as Summary & { staleRemoved: number };
    expect(summary).toMatchObject({ rendered: 5 - before, skipped: before, failed: 0 });
    expect(summary.staleRemoved).toBeGreaterThanOrEqual(1);
    expect(expectWholeKits(out, SIZE)).toHaveLength(5);
    expect(readdirSync(staging)).toEqual([]);
    const state = new LibraryState(out);
    try {
      expect(state.attempts().filter((a) => a.outcome === 'interrupted')).toHaveLength(1);
    } finally {
      state.close();
    }
  }, 900_000);
});

describe('the gallery', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('shows every session, filters them, plays one, runs no session text and requests nothing outside the library', async () => {
    const out = join(root, 'library');
    const origin = 'http://library.invalid';
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const stray: string[] = [];
    const served: string[] = [];
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      const file = join(out, decodeURIComponent(url.pathname));
      if (url.origin === origin && file.startsWith(out) && existsSync(file) && !file.endsWith('/')) {
        served.push(url.pathname);
        const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : file.endsWith('.png') ? 'image/png' : 'application/octet-stream';
        await route.fulfill({ status: 200, contentType: type, body: readFileSync(file) });
      } else {
        stray.push(route.request().url());
        await route.abort();
      }
    });
    const page = await context.newPage();
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => document.querySelectorAll('.card').length > 0);
    await page.waitForLoadState('networkidle');

    expect(await page.locator('.card').count()).toBe(6);
    expect(await page.locator('.card.failed').count()).toBe(1);
    expect(await page.locator('.card.failed .error').textContent()).toContain('broken.json');
    // The title is text on the card, not an element.
    const xssCard = page.locator('.card[data-id="11111111-aaaa-4bbb-8ccc-000000000002"]');
    expect(await xssCard.locator('h2').textContent()).toBe(XSS_TITLE);
    expect(await page.locator('main img[src="x"]').count()).toBe(0);
    const tidepool = page.locator(`.card[data-id="${TIDEPOOL}"]`);
    expect(await tidepool.locator('.person').allTextContents()).toEqual(['Juno', 'Iris', 'Alice', 'Vesta']);
    expect(await tidepool.locator('.model').count()).toBe(4);
    // The tidepool kit was remade with the poster alone; night-shift has every part.
    expect(await tidepool.locator('.links a').count()).toBe(0);
    expect(await page.locator(`.card[data-id="${NIGHT_SHIFT}"] .links a`).evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]))).toEqual([
      ['video', `${NIGHT_SHIFT}/video.mp4`], ['short', `${NIGHT_SHIFT}/short.mp4`], ['captions', `${NIGHT_SHIFT}/video.vtt`], ['chapters', `${NIGHT_SHIFT}/chapters.txt`],
    ]);
    // Avatars in the entity's colour, posters loaded.
    const ring = await tidepool.locator('.avatar').first().evaluate((e) => getComputedStyle(e).borderTopColor);
    expect(ring).toBe('rgb(155, 108, 208)');
    expect(await page.locator('.card a.play img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))).toEqual(Array(5).fill(SIZE.width));

    await page.selectOption('#entity', 'Ceres');
    expect(await page.locator('.card:not([hidden])').evaluateAll((cs) => cs.map((c) => (c as HTMLElement).dataset.id))).toEqual([NIGHT_SHIFT]);
    await page.selectOption('#entity', '');
    await page.selectOption('#kind', 'single');
    expect(await page.locator('.card:not([hidden])').count()).toBe(2);
    await page.selectOption('#kind', 'party');
    await page.selectOption('#model', 'xai/grok-3');
    expect(await page.locator('.card:not([hidden])').evaluateAll((cs) => cs.map((c) => (c as HTMLElement).dataset.id))).toEqual([NIGHT_SHIFT]);
    expect(await page.locator('#count').textContent()).toBe('1 of 6 sessions');

    // A click plays the session's player.
    await page.selectOption('#model', '');
    await page.selectOption('#kind', '');
    await page.locator(`.card[data-id="11111111-aaaa-4bbb-8ccc-000000000002"] a.play`).click();
    await page.waitForURL(/\/11111111-aaaa-4bbb-8ccc-000000000002\/player\.html$/);
    await page.waitForFunction(() => Boolean((window as unknown as { playback?: unknown }).playback), undefined, { timeout: 20_000 });
    await page.waitForTimeout(300);

    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(stray).toEqual([]);
    expect(served).toContain(`/${TIDEPOOL}/poster.png`);
    await context.close();
  }, 120_000);
});

describe('playback library watch', () => {
  it('adds each new session once it has been idle, not while it is being written', async () => {
    const out = join(root, 'watched');
    const dir = join(root, 'watch-projects', '-tmp-w');
    writeTranscript(dir, { id: '22222222-aaaa-4bbb-8ccc-000000000001', turns: [{ prompt: 'First', reply: 'One.' }] });
    const child = spawn(process.execPath, [BIN, 'library', 'watch', join(root, 'watch-projects'), '--out', out, '--idle', '1', '--poll', '0.3', '--parts', 'poster,chapters', ...RENDER], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    const waitFor = async (check: () => boolean, what: string) => {
      const deadline = Date.now() + 120_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`${what} did not happen:\n${log}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    try {
      await waitFor(() => existsSync(join(out, '22222222-aaaa-4bbb-8ccc-000000000001', 'manifest.json')), 'the first kit');
      const second = writeTranscript(dir, { id: '22222222-aaaa-4bbb-8ccc-000000000002', turns: [{ prompt: 'Second', reply: 'Two.' }] });
      // Written to again and again: not idle, so not added yet.
      const busyUntil = Date.now() + 1500;
      while (Date.now() < busyUntil) {
        appendFileSync(second, '');
        writeFileSync(second, claudeTranscript({ id: '22222222-aaaa-4bbb-8ccc-000000000002', turns: [{ prompt: 'Second', reply: 'Two.' }] }));
        expect(existsSync(join(out, '22222222-aaaa-4bbb-8ccc-000000000002'))).toBe(false);
        await new Promise((r) => setTimeout(r, 200));
      }
      await waitFor(() => existsSync(join(out, '22222222-aaaa-4bbb-8ccc-000000000002', 'manifest.json')), 'the second kit');
      await waitFor(() => (JSON.parse(readFileSync(join(out, 'library.json'), 'utf8')) as LibraryIndex).sessions.length === 2, 'the index listing both');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(0);
  }, 300_000);

  it('follows the opencode database while opencode writes to it', async () => {
    const out = join(root, 'watched-db');
    const child = spawn(process.execPath, [BIN, 'library', 'watch', home.dbPath, '--out', out, '--idle', '0', '--poll', '0.3', '--parts', 'chapters'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...home.env } });
    let log = '';
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    const waitFor = async (path: string) => {
      const deadline = Date.now() + 180_000;
      while (!existsSync(path)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${path} did not appear:\n${log}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    try {
      await waitFor(join(out, PARENT, 'manifest.json'));
      // opencode itself adds a session while the watch reads the database.
      const added = 'ses_dc0d33651ffeMBFWIt5cm8793u';
      await opencodeImport(home, [join(WORKFLOW, `fork-1-${added}.json`)]);
      await waitFor(join(out, added, 'manifest.json'));
    } finally {
      child.kill('SIGTERM');
    }
    expect(await new Promise((r) => child.once('exit', r))).toBe(0);
    expect(log).not.toMatch(/could not be listed|SQLITE_BUSY|locked/);
  }, 300_000);
});
