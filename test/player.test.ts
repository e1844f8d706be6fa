// The web player in real headless Chromium, on the demo party exported to HTML: no network,
// keyboard, turn markers, deep links, search, injection attempts, redaction; and `playback play
// --follow` as a subprocess streaming a growing Claude Code transcript into an open page.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEmbeddedPayload } from '../src/player/export-html.js';
import type { Timeline } from '../src/timeline/model.js';
import { describeScene } from '../src/scene/index.js';
import { shapeOf } from '../src/scene/theme.js';
import { canvasHash, canvasStats, countColor, launchBrowser, openEmbedded, openPlayer, openUrl } from './helpers/browser.js';
import { OPUS, text, tool, Transcript } from './helpers/claude-code-transcript.js';
import { runMain } from './helpers/cli.js';
import { DEMO, DEMO_EXPORT } from './helpers/demo.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

const temp = mkdtempSync(join(tmpdir(), 'playback-player-'));
let browser: Browser;

/** GET with a chosen Host header (fetch does not let one set it). */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

async function exportHtml(source: string, name: string, extra: string[] = []): Promise<string> {
  const target = join(temp, name);
  const r = await runMain(['export', source, '-o', target, ...extra]);
  expect(r.stderr.replace(/^\d+ warning.*\n/m, '')).toBe('');
  expect(r.code).toBe(0);
  return readFileSync(target, 'utf8');
}

/** The demo party's export as raw data, for checks made independently of our reader. */
const demo = JSON.parse(readFileSync(DEMO_EXPORT, 'utf8')) as {
  info: { title: string };
  messages: Array<{ info: { role: string; agent?: string }; parts: Array<{ type: string; text?: string }> }>;
};
const demoPrompts = demo.messages.filter((m) => m.info.role === 'user');
/** The entity each turn hands the conch to, from the PARTY-LINE header of its prompt. */
const demoEntities = demoPrompts.map((m) => /^\[PARTY-LINE: You are now (\S+?)\./.exec(m.parts.find((p) => p.type === 'text')!.text!)![1]!);

let demoHtml: string;
let demoTimeline: Timeline;

beforeAll(async () => {
  browser = await launchBrowser();
  demoHtml = await exportHtml(DEMO, 'demo-party.html');
  demoTimeline = readEmbeddedPayload(demoHtml).timeline;
});

afterAll(async () => {
  await browser?.close();
  rmSync(temp, { recursive: true, force: true });
});

/** Pixels of one colour in the band of the stage where the table of seats is drawn (above the badge). */
function colorInTable(page: import('playwright-core').Page, hex: string): Promise<number> {
  return countColor(page, hex, { top: 0.08, bottom: 0.27 });
}

describe('exported player', () => {
  it('is one file with a no-network policy, and loads with no request and no console error', async () => {
    expect(demoHtml).toContain(`content="default-src 'none'`);
    expect(demoHtml).not.toMatch(/<(link|iframe|img)\b/i);
    const { page, blockedRequests, consoleErrors, pageErrors } = await openPlayer(browser, demoHtml);
    await page.waitForTimeout(500);
    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    // The party card's title (PRIMER.md: "# Party: tidepool").
    expect(await page.title()).toBe('tidepool · Playback');
    expect(await page.evaluate(() => window.playback!.getTurnCount())).toBe(demoPrompts.length);
    // The poster frame is drawn: the canvas is not a blank fill.
    const stats = await canvasStats(page);
    expect(stats.width).toBeGreaterThan(300);
    expect(stats.distinctReds).toBeGreaterThan(8);
    // The embedded fonts are the ones the scene draws with.
    expect(await page.evaluate(() => document.fonts.check('16px "PM Sans"') && document.fonts.check('13px "PM Mono"'))).toBe(true);
    await page.context().close();
  });

  it('draws its first frame from the head of the session, before the whole timeline is read, then holds all of it', async () => {
    const head = JSON.parse(/<script type="application\/json" id="pm-head">(.*?)<\/script>/s.exec(demoHtml)![1]!) as {
      packed: { timeline: Timeline };
      until: number;
    };
    // The head is the session's first seconds: a prefix of the cues, with every chapter for the seek bar.
    const headCues = head.packed.timeline.cues;
    expect(headCues.length).toBeGreaterThan(1);
    expect(headCues.length).toBeLessThan(demoTimeline.cues.length / 4);
    expect(headCues.map((c) => c.start)).toEqual(demoTimeline.cues.slice(0, headCues.length).map((c) => c.start));
    expect(demoTimeline.cues[headCues.length]!.start).toBeGreaterThan(head.until);
    expect(head.packed.timeline.chapters.length).toBe(demoTimeline.chapters.length);
    // Head before the player's script, the whole timeline after it.
    const script = demoHtml.indexOf('<script>');
    expect(demoHtml.indexOf('id="pm-head"')).toBeLessThan(script);
    expect(demoHtml.indexOf('class="pm-data"')).toBeGreaterThan(script);

    const { page, consoleErrors, pageErrors } = await openPlayer(browser, demoHtml);
    const marks = await page.evaluate(() => ({
      frame: performance.getEntriesByName('playback:first-frame')[0]!.startTime,
      data: performance.getEntriesByName('playback:data')[0]!.startTime,
    }));
    expect(marks.frame).toBeLessThan(marks.data);
    // Then the whole session is in: the transcript lists every cue, and a seek past the head
    // shows the cue there.
    await expect.poll(() => page.locator('.pm-row').count()).toBe(demoTimeline.cues.length);
    const late = demoTimeline.cues.findIndex((c) => c.start > head.until * 3 && c.kind === 'prompt');
    expect(late).toBeGreaterThan(headCues.length);
    await page.evaluate((t) => window.playback!.seek(t), demoTimeline.cues[late]!.start + 0.5);
    await expect.poll(() => page.locator('.pm-row.pm-current').getAttribute('data-cue')).toBe(String(late));
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('past the head, while the rest is still being read, holds the head\'s last frame and says so', async () => {
    // The whole timeline takes 1.5 s longer to inflate than it would.
    const slowInflate = `const text = Response.prototype.text;
      Response.prototype.text = async function () { await new Promise((r) => setTimeout(r, 1500)); return text.call(this); };`;
    const { page, pageErrors } = await openPlayer(browser, demoHtml, { waitReady: false, initScript: slowInflate });
    await page.waitForFunction(() => performance.getEntriesByName('playback:first-frame').length > 0);
    expect(await page.evaluate(() => window.playback)).toBeUndefined();
    await page.keyboard.press('5');
    expect(await page.locator('#pm-player').getAttribute('class')).toContain('pm-waiting');
    expect(await page.locator('.pm-wait').isVisible()).toBe(true);
    const waiting = await canvasHash(page);
    await page.waitForFunction(() => Boolean(window.playback), undefined, { timeout: 15_000 });
    // The whole timeline is in: the frame at 50 % is drawn, on its turn.
    expect(await page.locator('.pm-wait').isVisible()).toBe(false);
    const half = demoTimeline.duration * 0.5;
    expect(await page.evaluate(() => window.playback!.getCurrentTime())).toBeCloseTo(half, 3);
    const chapter = demoTimeline.chapters.find((c) => c.start <= half && half < c.end)!;
    expect(await page.evaluate(() => window.playback!.getTurn())).toBe(chapter.turn + 1);
    // What was shown while waiting is exactly the frame at the head's end.
    const until = (JSON.parse(/<script type="application\/json" id="pm-head">(.*?)<\/script>/s.exec(demoHtml)![1]!) as { until: number }).until;
    expect(half).toBeGreaterThan(until);
    await page.evaluate((t) => window.playback!.seek(t), until);
    expect(await canvasHash(page)).toBe(waiting);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('Space plays, and the canvas changes', async () => {
    const { page } = await openPlayer(browser, demoHtml);
    const before = await canvasHash(page);
    expect(await page.evaluate(() => window.playback!.isPlaying())).toBe(false);
    await page.keyboard.press(' ');
    await page.waitForFunction(() => window.playback!.getCurrentTime() > 1.2, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => window.playback!.isPlaying())).toBe(true);
    expect(await canvasHash(page)).not.toBe(before);
    await page.keyboard.press(' ');
    expect(await page.evaluate(() => window.playback!.isPlaying())).toBe(false);
    await page.context().close();
  });

  it('] moves to the next turn, and the ring of that turn\'s entity shows its colour', async () => {
    // Turn 2 hands the conch to Iris, turn 3 to Alice (checked on the raw file).
    expect(demoEntities.slice(1, 3)).toEqual(['Iris', 'Alice']);
    const colorOf = (name: string): string => demoTimeline.participants.find((p) => p.name === name)!.color;
    const iris = colorOf('Iris');
    const alice = colorOf('Alice');
    expect(iris).not.toBe(alice);

    const { page } = await openPlayer(browser, demoHtml, { hash: '#turn=2' });
    const ch2 = demoTimeline.chapters[1]!;
    const ch3 = demoTimeline.chapters[2]!;
    await page.evaluate((t) => window.playback!.seek(t), ch2.start + 3);
    expect(await page.evaluate(() => window.playback!.getTurn())).toBe(2);
    expect(await colorInTable(page, iris)).toBeGreaterThan(300);
    expect(await colorInTable(page, alice)).toBeLessThan(50);

    await page.keyboard.press(']');
    expect(await page.evaluate(() => window.playback!.getTurn())).toBe(3);
    expect(await page.evaluate(() => window.playback!.getCurrentTime())).toBeCloseTo(ch3.start, 3);
    expect(await page.locator('.pm-turn-text').textContent()).toBe(`Turn 3/${demoPrompts.length} · Alice`);
    // The turn opens with the conch passing; once it lands, Alice holds the ring.
    const handOff = demoTimeline.cues[ch3.cues[0]]!;
    expect(handOff.kind).toBe('conch');
    await page.evaluate((t) => window.playback!.seek(t), handOff.end + 0.6);
    expect(await colorInTable(page, alice)).toBeGreaterThan(300);
    expect(await colorInTable(page, iris)).toBeLessThan(50);

    await page.keyboard.press('[');
    expect(await page.evaluate(() => window.playback!.getTurn())).toBe(3);
    await page.keyboard.press('[');
    expect(await page.evaluate(() => window.playback!.getTurn())).toBe(2);
    // The seek bar carries one marker per turn, in its entity's colour.
    const markers = await page.$$eval('.pm-seek-chapter', (els) => els.map((e) => getComputedStyle(e).backgroundColor));
    const rgb = (hex: string): string => `rgb(${parseInt(hex.slice(1, 3), 16)}, ${parseInt(hex.slice(3, 5), 16)}, ${parseInt(hex.slice(5, 7), 16)})`;
    expect(markers).toEqual(demoEntities.map((name) => rgb(colorOf(name))));
    await page.context().close();
  });

  it('#turn=N opens on turn N, #t= at a time, and the rest of the keyboard map works', async () => {
    const { page } = await openPlayer(browser, demoHtml, { hash: '#turn=3' });
    expect(await page.evaluate(() => window.playback!.getTurn())).toBe(3);
    expect(await page.evaluate(() => window.playback!.getCurrentTime())).toBeCloseTo(demoTimeline.chapters[2]!.start, 3);
    // The transcript highlights turn 3's first row: the conch passing to its entity.
    const current = await page.locator('.pm-row.pm-current .pm-row-text').textContent();
    expect(current).toBe(`${demoEntities[1]} passes the conch to ${demoEntities[2]}`);

    await page.evaluate(() => (location.hash = '#t=42'));
    await page.waitForFunction(() => Math.abs(window.playback!.getCurrentTime() - 42) < 1e-6);
    const d = demoTimeline.duration;
    await page.keyboard.press('5');
    expect(await page.evaluate(() => window.playback!.getCurrentTime())).toBeCloseTo(d * 0.5, 3);
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => window.playback!.getCurrentTime())).toBeCloseTo(d * 0.5 + 5, 3);
    await page.keyboard.press('Shift+ArrowLeft');
    expect(await page.evaluate(() => window.playback!.getCurrentTime())).toBeCloseTo(d * 0.4 + 5, 3);
    await page.keyboard.press('.');
    expect(await page.evaluate(() => window.playback!.getCurrentTime())).toBeCloseTo(d * 0.4 + 5 + 1 / 30, 3);
    await page.keyboard.press('?');
    await expect.poll(() => page.locator('.pm-help').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.pm-help').isVisible()).toBe(false);
    await page.context().close();

    // A link to a turn that does not exist opens on the poster frame (the title card).
    const missing = await openPlayer(browser, demoHtml, { hash: '#turn=99' });
    const title = demoTimeline.cues[0]!;
    expect(title.kind).toBe('title');
    const poster = await missing.page.evaluate(() => window.playback!.getCurrentTime());
    expect(poster).toBeGreaterThan(title.start);
    expect(poster).toBeLessThan(title.end);
    expect(await missing.page.evaluate(() => window.playback!.getTurn())).toBeUndefined();
    expect(missing.pageErrors).toEqual([]);
    await missing.page.context().close();
  });

  it('search finds text and seeks to it', async () => {
    // "people will want to plan a week ahead" is the 5th prompt of the raw file.
    const at = demoPrompts.findIndex((m) => m.parts.some((p) => p.text?.includes('people will want to plan a week ahead')));
    expect(at).toBe(4);
    const { page } = await openPlayer(browser, demoHtml);
    // At 1280x800 the stage has the window; the transcript opens on demand.
    await page.click('.pm-transcript-btn');
    await page.fill('.pm-search-input', 'PEOPLE will want to PLAN');
    await page.press('.pm-search-input', 'Enter');
    await page.waitForFunction(() => window.playback!.getTurn() === 5);
    const cue = demoTimeline.cues.find((c) => c.kind === 'prompt' && c.label.includes('people will want to plan'))!;
    expect(await page.evaluate(() => window.playback!.getCurrentTime())).toBeCloseTo(cue.start, 3);
    expect(await page.locator('.pm-search-count').textContent()).toBe('1 of 1');
    expect(await page.locator('.pm-row.pm-match-current .pm-row-text').textContent()).toContain('people will want to plan a week ahead');
    // Clicking a transcript row seeks to it.
    const row = page.locator('.pm-row', { hasText: 'bring the changelog up to date' }).first();
    await row.click();
    expect(await page.evaluate(() => window.playback!.getTurn())).toBe(6);
    expect(await page.evaluate(() => window.playback!.search('no such words anywhere'))).toBe(0);
    await page.context().close();
  });

  it('a session full of <script> and onerror= payloads runs nothing and shows them as text', async () => {
    const raw = JSON.parse(readFileSync(DEMO_EXPORT, 'utf8'));
    const payload = (n: number): string =>
      `<script>window.__pwned=${n}</script><img src=x onerror="window.__pwned=${n}"><svg onload="window.__pwned=${n}">`;
    raw.info.title = `Evil ${payload(1)}`;
    let n = 2;
    for (const m of raw.messages) {
      for (const p of m.parts) {
        if (typeof p.text === 'string') p.text = `${p.text} ${payload(n++)}`;
        if (p.type === 'tool' && p.state) {
          p.state.title = `tool ${payload(n++)}`;
          if (typeof p.state.output === 'string') p.state.output = `${payload(n++)}\n${p.state.output}`;
        }
      }
    }
    const source = join(temp, 'evil.json');
    writeFileSync(source, JSON.stringify(raw));
    const html = await exportHtml(source, 'evil.html');
    const { page, blockedRequests, pageErrors } = await openPlayer(browser, html);
    await page.evaluate(() => window.playback!.setSpeed(4));
    await page.keyboard.press(' ');
    await page.waitForTimeout(1500);
    await page.evaluate(() => window.playback!.seek(window.playback!.getDuration() / 2));
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(blockedRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await page.title()).toBe(`Evil ${payload(1)} · Playback`);
    expect(await page.locator('#pm-player script, #pm-player img, #pm-player iframe, #pm-player [onerror]').count()).toBe(0);
    const texts = await page.locator('.pm-row-text').allTextContents();
    expect(texts.some((t) => t.includes('<script>window.__pwned='))).toBe(true);
    expect(texts.some((t) => t.includes('onerror="window.__pwned='))).toBe(true);
    await page.context().close();
  });
});

describe('the player fits the screen it is on', () => {
  const screens = [
    { name: 'a phone held upright', width: 390, height: 844, shape: 'portrait' },
    { name: 'a small phone', width: 360, height: 780, shape: 'portrait' },
    { name: 'a phone on its side', width: 844, height: 390, shape: 'landscape' },
    { name: 'a 1280x800 desktop', width: 1280, height: 800, shape: 'landscape' },
  ] as const;
  for (const screen of screens) {
    it(`on ${screen.name} (${screen.width}x${screen.height}) the stage fills the screen in its shape, nothing over it, the transcript closed`, async () => {
      const { page, pageErrors } = await openPlayer(browser, demoHtml, { viewport: { width: screen.width, height: screen.height }, hash: '#turn=5' });
      const boxes = await page.evaluate(() => {
        const box = (e: Element) => {
          const r = e.getBoundingClientRect();
          return { x: r.x, y: r.y, w: r.width, h: r.height };
        };
        const canvas = document.querySelector('canvas')!;
        const shown = [...document.querySelectorAll('.pm-controls > *, .pm-stage > :not(canvas)')].filter((e) => {
          const style = getComputedStyle(e);
          // The screen readers' live region (1 px, clipped) draws nothing over the stage.
          const r = e.getBoundingClientRect();
          return style.display !== 'none' && style.visibility !== 'hidden' && r.width > 1 && r.height > 1;
        });
        return { canvas: box(canvas), pixels: [canvas.width, canvas.height], controls: shown.map((e) => ({ name: e.className, ...box(e) })), transcript: getComputedStyle(document.querySelector('.pm-transcript')!).display };
      });
      const { canvas } = boxes;
      // As large as the window allows: the whole width, and all the height but the control bar's.
      expect(canvas.w).toBeGreaterThanOrEqual(screen.width * (screen.shape === 'portrait' ? 1 : 0.9) - 1);
      expect(canvas.h).toBeGreaterThanOrEqual(screen.height - 50);
      // The scene lays out for the canvas's own shape.
      const [pw, ph] = boxes.pixels;
      expect(shapeOf(pw!, ph!)).toBe(screen.shape);
      const seats = describeScene(demoTimeline, demoTimeline.chapters[4]!.start + 2, { width: pw!, height: ph! }).seats;
      const xs = seats.map((s) => s.x).sort((a, b) => a - b);
      for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThan(2 * Math.max(...seats.map((s) => s.r)));
      // No control lies over the stage.
      const overlaps = (a: typeof canvas, b: typeof canvas) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
      expect(boxes.controls.filter((c) => overlaps(c, canvas)).map((c) => c.name)).toEqual([]);
      expect(boxes.controls.length).toBeGreaterThanOrEqual(4);
      expect(boxes.transcript).toBe('none');
      await page.screenshot({ path: join(temp, `player-${screen.width}x${screen.height}.png`) });
      expect(pageErrors).toEqual([]);
      await page.context().close();
    });
  }

  it('keeps the seek bar one width whatever is playing, and the transcript sheet leaves the stage its size', async () => {
    const { page } = await openPlayer(browser, demoHtml, { viewport: { width: 1280, height: 800 } });
    const widths: number[] = [];
    for (const t of [0.5, ...demoTimeline.chapters.map((c) => c.start + 1), demoTimeline.duration - 0.5]) {
      await page.evaluate((at) => window.playback!.seek(at), t);
      await page.waitForTimeout(30);
      widths.push(await page.evaluate(() => document.querySelector('.pm-seek')!.getBoundingClientRect().width));
    }
    expect(new Set(widths).size, widths.join(', ')).toBe(1);
    await page.context().close();
    const phone = await openPlayer(browser, demoHtml, { viewport: { width: 390, height: 844 } });
    const canvasSize = () => phone.page.evaluate(() => [document.querySelector('canvas')!.width, document.querySelector('canvas')!.height]);
    const before = await canvasSize();
    await phone.page.keyboard.press('t');
    await phone.page.waitForFunction(() => getComputedStyle(document.querySelector('.pm-transcript')!).display !== 'none');
    await phone.page.waitForTimeout(100);
    expect(await canvasSize()).toEqual(before);
    await phone.page.context().close();
  });
});

describe('embedding and the demo', () => {
  it('fits an iframe, opens on its #turn link, and takes postMessage commands from the host page', async () => {
    const { page, frame, blockedRequests, consoleErrors, pageErrors } = await openEmbedded(browser, demoHtml, '/party.html#turn=2');
    expect(await frame.evaluate(() => window.playback!.getTurn())).toBe(2);
    // The stage fills the frame, above a control bar that fits too.
    const canvas = await frame.evaluate(() => {
      const r = document.querySelector('canvas')!.getBoundingClientRect();
      const c = document.querySelector('.pm-controls')!.getBoundingClientRect();
      return { w: r.width, h: r.height, controlsBottom: c.bottom, vw: innerWidth, vh: innerHeight };
    });
    expect(canvas.vw).toBe(640);
    expect(canvas.w).toBeGreaterThan(600);
    expect(canvas.h).toBeGreaterThan(canvas.vh - 60);
    expect(canvas.controlsBottom).toBeLessThanOrEqual(canvas.vh);
    // A narrow frame opens without the transcript panel.
    expect(await frame.locator('.pm-transcript').isVisible()).toBe(false);
    await page.evaluate(() => (document.getElementById('player') as HTMLIFrameElement).contentWindow!.postMessage({ playback: 'seekTurn', value: 6 }, '*'));
    await frame.waitForFunction(() => window.playback!.getTurn() === 6);
    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('`playback demo --export` writes the bundled party demo, which plays with no error', async () => {
    const target = join(temp, 'demo.html');
    const r = await runMain(['demo', '--export', '-o', target]);
    expect(r.code).toBe(0);
    const html = readFileSync(target, 'utf8');
    const demo = readEmbeddedPayload(html).timeline;
    expect(demo.meta.party).toBe(true);
    expect(new Set(demo.chapters.map((c) => c.participantId)).size).toBeGreaterThan(1);
    // The avatars travel once, beside the timelines, and come back onto their participants.
    expect(demo.participants.filter((p) => p.avatar?.startsWith('data:image/png;base64,')).map((p) => p.name).sort())
      .toEqual(['Alice', 'Iris', 'Juno', 'Vesta']);
    expect(html.match(/data:image\/png;base64,/g)?.length).toBe(4);
    const { page, blockedRequests, consoleErrors, pageErrors } = await openPlayer(browser, html);
    await page.keyboard.press(']');
    await page.keyboard.press(']');
    expect(await page.evaluate(() => window.playback!.getTurn())).toBe(2);
    expect(await page.locator('.pm-turn-text').textContent()).toContain(demo.chapters[1]!.entity);
    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});

describe('redaction', () => {
  const secrets = {
    anthropic: 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGhIjKlMn',
    openai: 'sk-proj-Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8L9',
    github: 'ghp_0123456789abcdefghijABCDEFGHIJ012345',
    aws: 'AKIAIOSFODNN7EXAMPLE',
    google: 'AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q',
    slack: 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
    jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    password: 'hunter2-correct-horse',
    bearer: 'abcdef0123456789ABCDEF0123456789',
    pem: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
  };

  function plantedSession(): string {
    const raw = JSON.parse(readFileSync(DEMO_EXPORT, 'utf8'));
    const parts = raw.messages.flatMap((m: { parts: unknown[] }) => m.parts) as Array<Record<string, any>>;
    const prompt = parts.find((p) => p.type === 'text');
    prompt!.text = prompt!.text.replace('[MESSAGE FROM ORCHESTRATOR]\n', `[MESSAGE FROM ORCHESTRATOR]\nuse ${secrets.anthropic} now. `);
    const answer = parts.filter((p) => p.type === 'text').at(-1)!;
    answer.text = [
      `Set OPENAI_API_KEY=${secrets.openai} and AWS_ACCESS_KEY_ID=${secrets.aws}`,
      `password=${secrets.password}`,
      `curl -H "Authorization: Bearer ${secrets.bearer}" with GOOGLE=${secrets.google} SLACK=${secrets.slack}`,
      `session ${secrets.jwt}`,
      `-----BEGIN RSA PRIVATE KEY-----\n${secrets.pem}\n-----END RSA PRIVATE KEY-----`,
      answer.text,
    ].join('\n\n');
    const tool = parts.find((p) => p.type === 'tool')!;
    tool.state.output = `token ${secrets.github}\n${tool.state.output}`;
    tool.state.input = { note: `the key is ${secrets.openai}` };
    const source = join(temp, 'secrets.json');
    writeFileSync(source, JSON.stringify(raw));
    return source;
  }

  it('removes planted secrets from the file; --no-redact keeps them; --redact adds text', async () => {
    const source = plantedSession();
    const kept = await exportHtml(source, 'kept.html', ['--no-redact']);
    const keptData = JSON.stringify(readEmbeddedPayload(kept));
    // Without redaction every secret reaches the player, so the checks below can fail.
    for (const s of Object.values(secrets)) expect(keptData).toContain(s);

    const r = await runMain(['export', source, '-o', join(temp, 'clean.html'), '--redact', 'Rules of the line']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/redacted \d+ secrets/);
    const clean = readFileSync(join(temp, 'clean.html'), 'utf8');
    const cleanData = JSON.stringify(readEmbeddedPayload(clean));
    for (const s of Object.values(secrets)) {
      expect(clean).not.toContain(s);
      expect(cleanData).not.toContain(s);
    }
    expect(cleanData).toContain('[REDACTED]');
    expect(cleanData).toContain('Authorization: Bearer [REDACTED]');
    expect(cleanData).not.toContain('Rules of the line');
    expect(keptData).toContain('Rules of the line');
    // The rest of the text survives.
    expect(cleanData).toContain('a tide table for the terminal, built by four of you');
  });
});

describe('playback play', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGTERM');
  });

  it('serves on 127.0.0.1, and --follow streams an appended turn into the open page', async () => {
    const source = join(temp, 'growing.jsonl');
    const session = new Transcript('9a8b7c6d-1234-4abc-8def-0123456789ab')
      .user('Is the dev server configured to listen on a port?')
      .assistant('p1', OPUS, [text('Let me look at the config.'), tool('toolu_p1', 'Read', { file_path: '/home/dev/app/server.config.json' })], { input_tokens: 5, output_tokens: 30 })
      .result('toolu_p1', '{ "port": 4000 }')
      .assistant('p2', OPUS, [text('It listens on port 4000.')], { input_tokens: 6, output_tokens: 12 });
    session.write(source);
    const written = session.lines.length;
    const runner = join(temp, 'run-cli.mts');
    writeFileSync(runner, `import { main } from ${JSON.stringify(pathToFileURL(join(ROOT, 'src/cli/main.ts')).href)};\nmain(process.argv.slice(2)).then((c) => { process.exitCode = c; });\n`);
    child = spawn(process.execPath, ['--import', 'tsx', runner, 'play', source, '--no-open', '--follow', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 60_000);
      const check = (): void => {
        const m = /at (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      child!.stdout!.on('data', check);
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("connect-src 'self'");
    expect(await statusWithHost(url, 'evil.example')).toBe(421);

    const { page, consoleErrors, pageErrors } = await openUrl(browser, url);
    const turnsBefore = await page.evaluate(() => window.playback!.getTurnCount());
    expect(turnsBefore).toBeGreaterThan(0);
    await page.evaluate(() => window.playback!.seek(3));

    // Append one more prompt and answer, the way Claude Code writes them.
    session.wait(60).user('FOLLOWMARKER is the server up now?');
    session.wait(3).assistant('follow1', OPUS, [text('Yes: FOLLOWMARKER reply, it listens on 4000.')], { input_tokens: 7, output_tokens: 14 });
    appendFileSync(source, session.lines.slice(written).map((l) => `${JSON.stringify(l)}\n`).join(''));

    await page.waitForFunction((n) => window.playback!.getTurnCount() === n + 1, turnsBefore, { timeout: 20_000 });
    expect(await page.evaluate(() => window.playback!.getCurrentTime())).toBeCloseTo(3, 3);
    expect(await page.evaluate(() => window.playback!.search('FOLLOWMARKER'))).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate(() => window.playback!.getTurn())).toBe(turnsBefore + 1);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(out).toMatch(/updated: \d+ turns/);
    await page.context().close();

    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child!.once('exit', (c) => resolve(c)));
    expect(code).toBe(0);
  });
});
