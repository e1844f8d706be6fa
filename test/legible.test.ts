// A legible minimum on every screen, checked as a viewer would: the type scale's floors on a
// phone and in a phone-shaped video, the height of the words tesseract reads off a 360x780 and a
// 390x844 player, and a message too long for a phone's screen shown whole, screen after screen.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecording } from '../src/prepare/index.js';
import { readEmbeddedPayload } from '../src/player/export-html.js';
import { createNodeStage } from '../src/render/node-host.js';
import { filesOpenAt } from '../src/scene/index.js';
import { layoutFor } from '../src/scene/theme.js';
import { FLOOR_PX, type TextRole } from '../src/scene/type.js';
import { buildTimeline } from '../src/timeline/index.js';
import { FINAL_HOLD } from '../src/timeline/pacing.js';
import type { ReasoningCue, SessionCue, TextBlock, TextCue, Timeline } from '../src/timeline/model.js';
import { launchBrowser, openPlayer } from './helpers/browser.js';
import { OPUS, text, thinking, tool, Transcript } from './helpers/claude-code-transcript.js';
import { runMain } from './helpers/cli.js';
import { DEMO } from './helpers/demo.js';
import { DEMO as WORKFLOW_DEMO } from './helpers/workflow-demo.js';
import { bare, HAS_TESSERACT, ocrText, ocrWords, readWords, type ReadWord } from './helpers/tesseract.js';
import { PRESETS } from '../src/cli/size-options.js';

const work = mkdtempSync(join(tmpdir(), 'playback-legible-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The smallest design size each role is drawn at anywhere in the scene (a GUEST tag is 10.5). */
const SMALLEST: Record<TextRole, number> = { prose: 15.5, heading: 16, code: 13.5, label: 10.5, mono: 11.5 };

/** Inter's and JetBrains Mono's capitals and ascenders stand about 0.73 of the type size. */
const CAP = 0.72;

function pageText(blocks: TextBlock[]): string {
  return blocks.map((b) => (b.type === 'prose' ? b.text : b.lines.map((l) => l.map((r) => r.text).join('')).join('\n'))).join('\n');
}

const wordsOf = (s: string) => s.split(/\s+/).map(bare).filter((w) => w.length > 2);

/** Words whose box is as tall as a capital or an ascender, and no taller (no descender, no bracket). */
function capHeightWords(read: ReadWord[], among?: Set<string>): ReadWord[] {
  return read.filter((w) => /^[A-Za-z.]+$/.test(w.text) && /[A-Zbdfhkl]/.test(w.text) && !/[gjpqy]/.test(w.text) && w.conf > 70 && (!among || among.has(bare(w.text))));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

describe('type sizes with a legible minimum', () => {
  const phones = [
    { name: 'the player on a 360x780 phone (its stage 360x736)', width: 360, height: 736, pixelRatio: 1 },
    { name: 'the player on a 390x844 phone (its stage 390x800)', width: 390, height: 800, pixelRatio: 1 },
    { name: 'the player on a 360x780 phone at 3 device pixels per px', width: 1080, height: 2208, pixelRatio: 3 },
    { name: 'the player on a phone on its side (844x346)', width: 807, height: 346, pixelRatio: 1 },
    { name: 'a 1080x1920 video, seen across a 360 px phone', width: 1080, height: 1920 },
    { name: 'a 1080x1350 video, seen across a 360 px phone', width: 1080, height: 1350 },
    { name: 'a 1080x1080 video, seen across a 360 px phone', width: 1080, height: 1080 },
  ];
  for (const screen of phones) {
    it(`every role is at least its floor on ${screen.name}`, () => {
      const l = layoutFor(screen.width, screen.height, 1, screen.pixelRatio);
      const devicePerPx = screen.pixelRatio ?? screen.width / 360;
      const px = (units: number) => (units * l.u) / devicePerPx;
      for (const role of Object.keys(FLOOR_PX) as TextRole[]) {
        expect(px(l.type.size(role, SMALLEST[role])), role).toBeGreaterThanOrEqual(FLOOR_PX[role] - 1e-9);
      }
      expect(px(l.type.size('prose'))).toBeGreaterThanOrEqual(14 - 1e-9);
      expect(px(l.type.size('label'))).toBeGreaterThanOrEqual(11 - 1e-9);
      // A page that does not fit shrinks no further than the floor.
      expect(px(l.type.size('prose') * l.type.minScale)).toBeGreaterThanOrEqual(14 - 1e-9);
      expect(px(l.type.size('code') * l.type.minScale)).toBeGreaterThanOrEqual(12 - 1e-9);
    });
  }

  it('keeps a 1920x1080 and a 1280x720 landscape at their design sizes', () => {
    for (const [w, h] of [[1920, 1080], [1280, 720]] as const) {
      const l = layoutFor(w, h);
      expect([l.type.size('prose'), l.type.size('heading'), l.type.size('code'), l.type.size('label'), l.type.size('mono')]).toEqual([17, 17, 13.5, 13, 13]);
      expect(l.type.maxScale).toBe(1);
      expect([l.table.y, l.table.h, l.header.h, l.work.y]).toEqual([58, 148, 54, 276]);
    }
  });
});

describe.skipIf(!HAS_TESSERACT)('the player on a phone, read as a viewer reads it', () => {
  let browser: Browser;
  let html: string;
  let timeline: Timeline;
  beforeAll(async () => {
    browser = await launchBrowser();
    const target = join(work, 'demo.html');
    // Every message whole: Alice's reply below is a page of its own, not a step's lead.
    expect((await runMain(['export', DEMO, '-o', target, '--every-word'])).code).toBe(0);
    html = readFileSync(target, 'utf8');
    timeline = readEmbeddedPayload(html).timeline;
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const screen of [{ width: 360, height: 780 }, { width: 390, height: 844 }]) {
    it(`at ${screen.width}x${screen.height}: prose at least 14 px, the names and file labels at least 11 px, the whole page on screen`, async () => {
      // Alice's reply in turn 3, whole on screen, with the table and the files strip around it.
      const cue = timeline.cues.find((c): c is TextCue => c.kind === 'text' && c.label.startsWith('Two failures'))!;
      const { page } = await openPlayer(browser, html, { viewport: screen });
      await page.evaluate((at) => window.playback!.seek(at), cue.end - 0.3);
      await page.waitForTimeout(200);
      const shot = join(work, `player-${screen.width}x${screen.height}.png`);
      await page.screenshot({ path: shot });
      await page.context().close();
      const read = await readWords(shot);
      const seen = new Set(read.map((w) => bare(w.text)));
      const want = wordsOf(pageText(cue.blocks));
      // OCR may run two short words together ("fora"): all but one must be read.
      expect(want.filter((w) => !seen.has(w)).length, `read: ${[...seen].join(' ')}`).toBeLessThanOrEqual(1);
      // Type size from the height of capitals and ascenders, in CSS px.
      const prose = capHeightWords(read, new Set(want));
      expect(prose.length).toBeGreaterThan(5);
      expect(median(prose.map((w) => w.h)) / CAP).toBeGreaterThanOrEqual(14 - 0.75);
      // The speaker's name on the table and the badge, the strip's heading and its file names.
      const labels = capHeightWords(read, new Set(['alice', 'files', 'readme', 'readmemd', 'changelog', 'changelogmd']));
      expect(new Set(labels.map((w) => bare(w.text).replace(/md$/, '')))).toEqual(new Set(['alice', 'files', 'readme', 'changelog']));
      for (const w of labels) expect(w.h / CAP, w.text).toBeGreaterThanOrEqual(11 - 0.75);
    }, 60_000);
  }
});

describe.skipIf(!HAS_TESSERACT)('a message taller than a phone’s screen', () => {
  it('is shown whole in a 1080x1080 video, screen after screen over its page’s time, at the floor, the same frames every time', async () => {
    const paragraph = (n: number) => `Paragraph ${n} of the plan: the tide model reads the harmonic constants from the station file, then the table prints the highs and the lows for the week, and the sparkline draws the height hour by hour, so that anyone on the pier can read it at a glance.`;
    const session = new Transcript('long-0001');
    session.user('Explain the plan in full.').assistant('01', OPUS, [text([1, 2, 3, 4, 5, 6].map(paragraph).join('\n\n'))], { input_tokens: 10, output_tokens: 400 });
    const source = session.write(join(work, 'long.jsonl'));
    const tl = buildTimeline(await loadRecording(source));
    const cue = tl.cues.find((c): c is TextCue => c.kind === 'text')!;
    // A square post seen across a 360 px phone: its work area holds the fewest lines.
    const view = { width: 1080, height: 1080 };
    const stage = await createNodeStage(tl, view);
    const l = layoutFor(view.width, view.height, filesOpenAt(tl, cue.start));
    const crop = { x: 0, y: Math.floor(l.work.y * l.u), w: view.width, h: Math.floor(l.work.h * l.u) };
    const grab = (t: number) => {
      stage.draw(t);
      return Buffer.from(stage.ctx.getImageData(crop.x, crop.y, crop.w, crop.h).data);
    };
    let screens = 0;
    const seen = new Set<string>();
    const heights: number[] = [];
    for (const [k, page] of cue.pages!.entries()) {
      const start = k === 0 ? cue.start : cue.pages![k - 1]!.end;
      // The frames the page shows, sampled every 0.1 s: a screen held still is a run of equal frames.
      const holds: Array<{ t: number; hash: string }> = [];
      let last = '';
      let run = 0;
      for (let t = start + 0.3; t < page.end; t += 0.1) {
        const hash = createHash('sha1').update(grab(t)).digest('hex');
        run = hash === last ? run + 1 : 0;
        if (run === 5) holds.push({ t, hash });
        last = hash;
      }
      screens += holds.length;
      for (const hold of holds) {
        stage.draw(hold.t);
        const png = join(work, `long-${k}-${hold.t.toFixed(1)}.png`);
        writeFileSync(png, stage.png());
        const read = (await readWords(png, 1)).filter((w) => w.y >= crop.y && w.y <= crop.y + crop.h);
        for (const w of read) seen.add(bare(w.text));
        heights.push(...capHeightWords(read).map((w) => w.h));
        // The frame is a function of t: drawn again after another moment, it is the same.
        grab(start + 0.4);
        expect(createHash('sha1').update(grab(hold.t)).digest('hex')).toBe(hold.hash);
      }
    }
    // More screens than the timeline's pages: some page did not fit the phone and was split, not shrunk.
    expect(screens).toBeGreaterThan(cue.pages!.length);
    const want = wordsOf(pageText(cue.blocks));
    const missing = want.filter((w) => !seen.has(w));
    expect(missing.length, `missing: ${missing.join(' ')}`).toBeLessThanOrEqual(Math.floor(want.length * 0.03));
    // 3 video pixels a CSS px.
    expect(median(heights) / CAP / 3).toBeGreaterThanOrEqual(14 - 0.75);
  }, 120_000);
});

describe.skipIf(!HAS_TESSERACT)('the provenance badge on a square and a 4:5 post', () => {
  for (const preset of ['square', 'feed'] as const) {
    it(`${preset}: the provenance line is read whole, the signed model in full, on its two lines`, async () => {
      const tl = buildTimeline(await loadRecording(DEMO));
      // Juno's first turn: the longest provenance of the demo (signed anthropic/claude-opus-4-6).
      const chapter = tl.chapters[0]!;
      const t = (chapter.start + chapter.end) / 2;
      const view = PRESETS[preset];
      const stage = await createNodeStage(tl, view);
      stage.draw(t);
      const l = layoutFor(view.width, view.height, filesOpenAt(tl, t));
      const px = (v: number) => Math.round(v * l.u);
      const read = ocrWords(await ocrText(stage.png(), { crop: { x: px(l.header.x), y: px(l.header.y), w: px(l.header.w), h: px(l.header.h) }, negate: true, psm: 6 }));
      const b = chapter.badge;
      for (const part of [`${b.signedAt!.slice(11, 19)}z`, `${b.host}${b.user}`, 'signed', bare(b.signedModel!)]) expect(read.join(' '), part).toContain(bare(part));
    }, 60_000);
  }
});

describe('a turn’s last page, split into screens', () => {
  it('keeps its last screen whole on screen for FINAL_HOLD on a square and a 4:5 post, a function of t', async () => {
    // A final message whose last page (a listing) fits a 720p work area but not a phone-sized one.
    const tides = ['06:12', '12:31', '18:40', '00:55', '07:03', '13:20', '19:28', '01:44', '07:51', '14:08', '20:15', '02:31', '08:40', '14:57'];
    const session = new Transcript('hold-0001');
    session.user('List the turning points.').assistant('01', OPUS, [text(`The week's turning points:\n\n\`\`\`\n${tides.join('\n')}\n\`\`\``)], { input_tokens: 10, output_tokens: 100 });
    const tl = buildTimeline(await loadRecording(session.write(join(work, 'hold.jsonl'))));
    const cue = tl.cues.find((c): c is TextCue => c.kind === 'text')!;
    const lastPage = cue.pages!.at(-1)!;
    const pageStart = cue.pages!.length > 1 ? cue.pages!.at(-2)!.end : cue.start;
    // The timeline's promise: the page, whole, holds FINAL_HOLD after it is typed.
    expect(lastPage.end - lastPage.typed).toBeGreaterThanOrEqual(FINAL_HOLD - 1e-9);
    for (const view of [PRESETS.square, PRESETS.feed]) {
      const stage = await createNodeStage(tl, view);
      const l = layoutFor(view.width, view.height, filesOpenAt(tl, cue.start));
      const crop = { x: 0, y: Math.floor(l.work.y * l.u), w: view.width, h: Math.floor(l.work.h * l.u) };
      const frame = (t: number) => {
        stage.draw(t);
        return createHash('sha1').update(Buffer.from(stage.ctx.getImageData(crop.x, crop.y, crop.w, crop.h).data)).digest('hex');
      };
      // Back from the page's end, while the frame is the last screen whole.
      const final = frame(lastPage.end - 0.01);
      let from = lastPage.end - 0.01;
      while (from - 0.02 > pageStart && frame(from - 0.02) === final) from -= 0.02;
      expect(lastPage.end - from, `${view.width}x${view.height}`).toBeGreaterThanOrEqual(FINAL_HOLD - 0.03);
      // The page was split: an earlier screen of it, typed and held still, shows other lines.
      const earlier = frame(pageStart + (from - pageStart) * 0.9);
      expect(earlier).not.toBe(final);
      expect(frame(pageStart + (from - pageStart) * 0.9 - 0.1)).toBe(earlier);
    }
  }, 60_000);
});

describe.skipIf(!HAS_TESSERACT)('a thought too long for a phone-sized work area', () => {
  const thought = 'The station file gives the harmonic constants for each constituent, so the height at any hour is the sum of their cosines; the table only needs the turning points, which fall where the derivative changes sign, and a coarse scan at six minutes followed by a bisection finds every high and low without missing the small ones near the neap tides.';
  for (const preset of ['square', 'feed', 'portrait', 'landscape'] as const) {
    it(`${preset}: is shown at its floor as whole lines that end on a word with "…", none dropped past the box`, async () => {
      const session = new Transcript(`think-${preset}`);
      // A file written first: its strip is open under the work area, which holds fewer lines.
      const file = '/home/dev/tidepool/src/tides.mjs';
      const content = 'export const M2 = 12.42;\n';
      session.user('How do you find the turning points?')
        .assistant('01', OPUS, [text('The constants first.'), tool('toolu_w', 'Write', { file_path: file, content })], { input_tokens: 10, output_tokens: 50 })
        .result('toolu_w', 'File created successfully', { toolUseResult: { type: 'create', filePath: file, content } })
        .assistant('02', OPUS, [thinking(thought), text('A scan, then bisection.')], { input_tokens: 10, output_tokens: 100 });
      const tl = buildTimeline(await loadRecording(session.write(join(work, `think-${preset}.jsonl`))));
      const cue = tl.cues.find((c): c is ReasoningCue => c.kind === 'reasoning')!;
      const view = PRESETS[preset];
      const stage = await createNodeStage(tl, view);
      stage.draw(cue.end - 0.05);
      const png = join(work, `think-${preset}.png`);
      writeFileSync(png, stage.png());
      const l = layoutFor(view.width, view.height, filesOpenAt(tl, cue.end));
      const px = (v: number) => Math.round(v * l.u);
      const raw = await ocrText(readFileSync(png), { crop: { x: px(l.work.x), y: px(l.work.y), w: px(l.work.w), h: px(l.work.h) }, negate: true, psm: 6, scale: 2 });
      // What is read under THINKING (the entries above it are the cues before).
      const read = raw.split(/\s+/).filter(Boolean);
      const after = read.slice(read.findIndex((w) => bare(w) === 'thinking') + 1);
      const shown = after.map(bare).filter((w) => w.length > 2);
      expect(shown.length, raw).toBeGreaterThan(12);
      // The thought's words from its first, in order, each whole: the viewer reads its opening.
      const said = wordsOf(thought);
      let upTo = 0;
      let strange = 0;
      for (const w of shown) {
        const at = said.indexOf(w, upTo);
        if (at < 0) strange++;
        else upTo = at + 1;
      }
      expect(strange, raw).toBeLessThanOrEqual(1);
      const missing = said.slice(0, upTo).filter((w) => !shown.includes(w));
      expect(missing.length, `missing: ${missing.join(' ')}`).toBeLessThanOrEqual(1);
      // Cut short, its last line closes with the ellipsis right after a whole word.
      const lastLine = raw.trim().split('\n').pop()!.trim();
      if (upTo < said.length) expect(lastLine, raw).toMatch(/[A-Za-z](…|\.\.\.?)$/);
      if (upTo < said.length) expect(said).toContain(bare(lastLine.split(/\s+/).pop()!));
    }, 60_000);
  }
});

describe.skipIf(!HAS_TESSERACT)('the title card and the credits on a square and a 4:5 post', () => {
  for (const preset of ['square', 'feed'] as const) {
    it(`${preset}: the roles, the column heads and the names are read whole, the smallest at least 11 px on a 360 px phone`, async () => {
      const tl = buildTimeline(await loadRecording(DEMO));
      const view = PRESETS[preset];
      const stage = await createNodeStage(tl, view);
      const cast = tl.participants.filter((p) => p.kind !== 'guest');
      const end = tl.cues.find((c) => c.kind === 'end')!;
      const cards = [
        // The title card with its cast all seated: the roles are its smallest words.
        { at: tl.cues[0]!.end - 0.6, small: cast.flatMap((p) => wordsOf(p.role ?? '')), names: cast.map((p) => bare(p.name)) },
        // The credits with every row in: the column heads are its smallest.
        { at: end.end - 0.2, small: ['turns', 'lines', 'cost'], names: cast.map((p) => bare(p.name)) },
      ];
      for (const [k, card] of cards.entries()) {
        stage.draw(card.at);
        const png = join(work, `card-${preset}-${k}.png`);
        writeFileSync(png, stage.png());
        const read = await readWords(png, 2);
        const seen = new Set(read.map((w) => bare(w.text)));
        for (const word of card.small) expect(seen, `${word} in ${[...seen].join(' ')}`).toContain(word);
        // OCR reads a capital I as an l ("lris").
        for (const name of card.names) expect(seen.has(name) || seen.has(name.replace(/^i/, 'l')), `${name} in ${[...seen].join(' ')}`).toBe(true);
        const small = capHeightWords(read, new Set(card.small));
        expect(small.length).toBeGreaterThan(2);
        // 3 video pixels a CSS px: the median of the smallest words' capitals.
        expect(median(small.map((w) => w.h)) / CAP / 3, small.map((w) => `${w.text} ${w.h}`).join(', ')).toBeGreaterThanOrEqual(11 - 0.75);
      }
    }, 60_000);
  }
});

describe.skipIf(!HAS_TESSERACT)('the card between a workflow’s sessions on a square and a 4:5 post', () => {
  for (const preset of ['square', 'feed'] as const) {
    it(`${preset}: its kind at least 11 px on a 360 px phone, its detail read whole (on more lines, not cut)`, async () => {
      const tl = buildTimeline(await loadRecording(WORKFLOW_DEMO, { workflow: true }));
      const cue = tl.cues.find((c): c is SessionCue => c.kind === 'session' && Boolean(c.detail))!;
      const view = PRESETS[preset];
      const stage = await createNodeStage(tl, view);
      stage.draw((cue.start + cue.end) / 2);
      const png = join(work, `session-${preset}.png`);
      writeFileSync(png, stage.png());
      const read = await readWords(png, 2);
      const seen = new Set(read.map((w) => bare(w.text)));
      for (const word of wordsOf(cue.detail!)) expect(seen, `${word} in ${[...seen].join(' ')}`).toContain(word);
      const kind = capHeightWords(read, new Set([cue.link === 'start' ? 'session' : bare(cue.link)]));
      // The kind (FORK) is the smaller of the word's two (the label says "fork 1 of 2" too).
      expect(kind.length).toBeGreaterThan(0);
      expect(Math.min(...kind.map((w) => w.h)) / CAP / 3).toBeGreaterThanOrEqual(11 - 0.75);
    }, 60_000);
  }
});
