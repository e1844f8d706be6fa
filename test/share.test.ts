// What a video or a page carries when it is posted: chapters ffprobe lists (with the system's
// ffmpeg and the old bundled one), captions that parse and match the words on the frame
// (tesseract), description chapter lines, the exported page's head (escaped, before any
// script), the poster file it references, and the captions offered to screen readers in Chromium.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFfprobe } from '../src/render/ffmpeg.js';
import { launchBrowser, openPlayer } from './helpers/browser.js';
import { playback, REPO, requireBuiltCli } from './helpers/cli.js';

const DEMO = join(REPO, 'examples/party-demo');
const ENTITIES = ['Juno', 'Iris', 'Alice', 'Vesta'];
const ffprobe = findFfprobe() ?? 'ffprobe';
const dir = mkdtempSync(join(tmpdir(), 'playback-share-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => requireBuiltCli());

/** The ffmpeg shipped in @ffmpeg-installer (an old static build), when this platform has one. */
const bundledFfmpeg = (() => {
  try {
    const path = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path?: string }).path;
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
})();

interface ParsedCaption {
  start: number;
  end: number;
  lines: string[];
}

/** A small WebVTT / SRT reader, written from the formats' rules, not from the writer. */
function parseCaptions(text: string, kind: 'vtt' | 'srt'): ParsedCaption[] {
  const body = kind === 'vtt' ? text.replace(/^WEBVTT[^\n]*\n/, '') : text;
  if (kind === 'vtt') expect(text.startsWith('WEBVTT')).toBe(true);
  const sep = kind === 'vtt' ? '\\.' : ',';
  const timing = new RegExp(`^(\\d\\d):(\\d\\d):(\\d\\d)${sep}(\\d{3}) --> (\\d\\d):(\\d\\d):(\\d\\d)${sep}(\\d{3})$`);
  const out: ParsedCaption[] = [];
  for (const block of body.split(/\n\n+/).map((b) => b.trim()).filter(Boolean)) {
    const rows = block.split('\n');
    const at = rows.findIndex((r) => r.includes('-->'));
    const m = timing.exec(rows[at] ?? '');
    if (!m) throw new Error(`bad ${kind} timing in block: ${block}`);
    const n = m.slice(1).map(Number);
    const start = n[0]! * 3600 + n[1]! * 60 + n[2]! + n[3]! / 1000;
    const end = n[4]! * 3600 + n[5]! * 60 + n[6]! + n[7]! / 1000;
    const lines = rows.slice(at + 1).map((l) => (kind === 'vtt' ? l.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : l));
    out.push({ start, end, lines });
  }
  return out;
}

function duration(file: string): number {
  return Number(execFileSync(ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }));
}

function chapters(file: string): Array<{ start: number; end: number; title: string }> {
  const json = JSON.parse(execFileSync(ffprobe, ['-v', 'error', '-show_chapters', '-of', 'json', file], { encoding: 'utf8' })) as {
    chapters: Array<{ start_time: string; end_time: string; tags?: { title?: string } }>;
  };
  return json.chapters.map((c) => ({ start: Number(c.start_time), end: Number(c.end_time), title: c.tags?.title ?? '' }));
}

function words(text: string): string[] {
  return text.split(/\s+/).map((w) => w.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase()).filter((w) => w.length > 2);
}

describe('render: chapters, captions, description lines', () => {
  const mp4 = join(dir, 'demo.mp4');
  let render: Awaited<ReturnType<typeof playback>>;
  beforeAll(async () => {
    render = await playback(['render', DEMO, '-o', mp4, '--width', '640', '--fps', '4', '--captions', '--chapters-text', '--poster', 'turn:2'], { timeoutMs: 240_000 });
  }, 250_000);

  it('lists one chapter per turn, named for its entity, plus title and credits', () => {
    expect(render.code, render.stderr).toBe(0);
    const list = chapters(mp4);
    const turns = list.filter((c) => /^Turn \d+ · /.test(c.title));
    expect(turns.map((c) => c.title)).toEqual([
      'Turn 1 · Juno', 'Turn 2 · Iris', 'Turn 3 · Alice', 'Turn 4 · Vesta', 'Turn 5 · Iris', 'Turn 6 · Alice', 'Turn 7 · Juno',
    ]);
    expect(list[0]).toMatchObject({ start: 0, title: 'tidepool' });
    expect(list[list.length - 1]!.title).toBe('Credits');
    for (let i = 1; i < list.length; i++) expect(list[i]!.start).toBeCloseTo(list[i - 1]!.end, 3);
    expect(list[list.length - 1]!.end).toBeLessThanOrEqual(duration(mp4) + 0.01);
  });

  it('writes .vtt and .srt that parse, in order, inside the video, with the speakers named', () => {
    const length = duration(mp4);
    for (const kind of ['vtt', 'srt'] as const) {
      const captions = parseCaptions(readFileSync(join(dir, `demo.${kind}`), 'utf8'), kind);
      expect(captions.length).toBeGreaterThan(50);
      for (let i = 0; i < captions.length; i++) {
        const c = captions[i]!;
        expect(c.end).toBeGreaterThan(c.start);
        expect(c.end).toBeLessThanOrEqual(length + 0.01);
        if (i) expect(c.start).toBeGreaterThanOrEqual(captions[i - 1]!.end - 1e-9);
        expect(c.lines.length).toBeGreaterThanOrEqual(1);
        expect(c.lines.length).toBeLessThanOrEqual(2);
        for (const line of c.lines) expect(line.length).toBeLessThanOrEqual(42);
      }
      const text = captions.map((c) => c.lines.join(' ')).join('\n');
      for (const name of ENTITIES) expect(text).toContain(`${name}:`);
      expect(text).toContain('passes the conch');
    }
  });

  it('prints description lines: 0:00 first, three or more, each 10 s or longer, merges named', () => {
    const lines = render.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^0:00 /);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const secs = lines.map((l) => {
      const m = /^(\d+):(\d\d) (.+)$/.exec(l);
      expect(m, l).toBeTruthy();
      return Number(m![1]) * 60 + Number(m![2]);
    });
    for (let i = 1; i < secs.length; i++) expect(secs[i]! - secs[i - 1]!).toBeGreaterThanOrEqual(10);
    expect(Math.floor(duration(mp4)) - secs[secs.length - 1]!).toBeGreaterThanOrEqual(10);
    for (const name of ENTITIES) expect(render.stdout).toContain(name);
    // The title card (4 s) and credits are shorter than 10 s: merged, and said so.
    expect(render.stderr).toContain('merged chapters shorter than 10 s with a neighbour: tidepool + Turn 1 · Juno; Turn 7 · Juno + Credits');
    expect(render.stderr).toContain('wrote');
  });

  it('writes the poster beside the video', () => {
    const png = readFileSync(join(dir, 'demo.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('--chapters-text on a fast cut', () => {
  it('folds turns shorter than 10 s into the one before and names them', async () => {
    const out = join(dir, 'fast.webm');
    const r = await playback(['render', DEMO, '-o', out, '--speed', '8', '--width', '640', '--fps', '2', '--chapters-text']);
    expect(r.code, r.stderr).toBe(0);
    // Every turn is a chapter in the file, however short.
    expect(chapters(out).filter((c) => c.title.startsWith('Turn ')).length).toBe(7);
    const lines = r.stdout.trim().split('\n');
    const secs = lines.map((l) => Number(/^0:(\d\d) /.exec(l)?.[1]));
    expect(secs[0]).toBe(0);
    for (let i = 1; i < secs.length; i++) expect(secs[i]! - secs[i - 1]!).toBeGreaterThanOrEqual(10);
    expect(lines.some((l) => /^0:\d\d Turns \d-\d · /.test(l)), r.stdout).toBe(true);
    expect(r.stderr).toMatch(/merged chapters shorter than 10 s with a neighbour: .*Turn \d · \w+ \+ Turn \d · /);
  }, 60_000);
});

describe('captions follow the frame, with --from and --speed', () => {
  it('a text caption holds the words tesseract reads on the frame at its middle', async () => {
    const webm = join(dir, 'cut.webm');
    const env = bundledFfmpeg ? { FFMPEG_PATH: bundledFfmpeg } : undefined;
    const r = await playback(['render', DEMO, '-o', webm, '--speed', '2', '--from', '8', '--to', '22', '--fps', '5', '--captions'], { timeoutMs: 120_000, env });
    expect(r.code, r.stderr).toBe(0);
    // Chapters from the old bundled ffmpeg too: the range starts inside turn 1.
    expect(chapters(webm).map((c) => c.title)).toEqual(['Turn 1 · Juno']);
    const captions = parseCaptions(readFileSync(join(dir, 'cut.vtt'), 'utf8'), 'vtt');
    const spoken = captions.filter((c) => c.lines[0]!.startsWith('Juno: ') && words(c.lines.join(' ')).length >= 5);
    expect(spoken.length).toBeGreaterThan(0);
    let matched = 0;
    for (const c of spoken.slice(0, 3)) {
      const mid = (c.start + c.end) / 2;
      const frame = join(dir, `mid-${matched}.png`);
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', mid.toFixed(3), '-i', webm, '-frames:v', '1', '-vf', 'scale=iw*2:ih*2', frame]);
      const read = new Set(words(execFileSync('tesseract', [frame, '-', '--psm', '6'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })));
      const said = words(c.lines.join(' ').replace(/^Juno: /, ''));
      const seen = said.filter((w) => read.has(w)).length;
      if (seen / said.length >= 0.7) matched++;
    }
    expect(matched).toBeGreaterThan(0);
  }, 130_000);
});

describe('export: the head, the poster, --title', () => {
  const hostile = 'Tide "table"\'s "><script>window.__pwned = 1</script> & more';
  const html = join(dir, 'party.html');
  let page = '';
  let browser: Browser;
  beforeAll(async () => {
    const r = await playback(['export', DEMO, '-o', html, '--title', hostile, '--subtitle', 'A <b>bold</b> subtitle', '--poster', 'auto']);
    expect(r.code, r.stderr).toBe(0);
    page = readFileSync(html, 'utf8');
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => browser?.close());

  it('has a real title, description, og and Twitter tags before any script, all escaped', () => {
    const head = page.slice(0, page.indexOf('<script'));
    const escaped = 'Tide &quot;table&quot;&#39;s &quot;&gt;&lt;script&gt;window.__pwned = 1&lt;/script&gt; &amp; more';
    expect(head).toContain(`<title>${escaped}</title>`);
    expect(head).toContain(`<meta property="og:title" content="${escaped}">`);
    expect(head).toContain(`<meta name="twitter:title" content="${escaped}">`);
    const description = /<meta name="description" content="([^"]*)">/.exec(head)?.[1] ?? '';
    expect(description).toContain('A &lt;b&gt;bold&lt;/b&gt; subtitle');
    expect(description).toContain('Juno, Iris, Alice and Vesta');
    expect(description).toContain('7 turns');
    expect(head).toContain('<meta property="og:type" content="video.other">');
    expect(head).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(page.match(/<script>window.__pwned/g)).toBeNull();
  });

  it('writes the poster PNG beside the page and references it', () => {
    expect(page).toContain('<meta property="og:image" content="party.png">');
    expect(readFileSync(join(dir, 'party.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('shows the title in the player, runs no session script, and reads captions to screen readers as it plays', async () => {
    const { page: tab, pageErrors } = await openPlayer(browser, page);
    expect(await tab.title()).toBe(`${hostile} · Playback`);
    expect(await tab.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const region = tab.locator('[aria-live="polite"].pm-captions');
    expect(await region.count()).toBe(1);
    await tab.evaluate(() => {
      window.playback!.setSpeed(4);
      window.playback!.play();
    });
    const seen = new Set<string>();
    for (let i = 0; i < 16; i++) {
      await tab.waitForTimeout(500);
      const text = (await region.textContent())?.trim();
      if (text) seen.add(text);
    }
    expect(seen.size).toBeGreaterThanOrEqual(3);
    expect([...seen].some((t) => t.startsWith('Juno: '))).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});

describe('--title on frame', () => {
  it('draws the given title and subtitle on the title card', async () => {
    const png = join(dir, 'title.png');
    const r = await playback(['frame', DEMO, '--at', '2', '-o', png, '--title', 'Harbour Almanac', '--subtitle', 'Seven turns of tides']);
    expect(r.code, r.stderr).toBe(0);
    const read = execFileSync('tesseract', [png, '-', '--psm', '3'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(read).toContain('Harbour Almanac');
    expect(read).toContain('Seven turns of tides');
    expect(read).not.toContain('tidepool');
  });
});
