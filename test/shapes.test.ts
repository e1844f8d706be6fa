// A composition for every shape: the demo party drawn at each preset size, checked as a viewer
// would: seats apart, regions that do not overlap, and the words legible where they stand.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRecording } from '../src/prepare/index.js';
import { createNodeStage } from '../src/render/node-host.js';
import { describeScene, filesOpenAt } from '../src/scene/index.js';
import { layoutFor, shapeOf, type Box } from '../src/scene/theme.js';
import { buildTimeline } from '../src/timeline/index.js';
import { PRESETS } from '../src/cli/size-options.js';
import { REPO } from './helpers/cli.js';
import { ocrText, ocrWords } from './helpers/tesseract.js';

const DEMO = join(REPO, 'examples/party-demo');
const work = mkdtempSync(join(tmpdir(), 'playback-shapes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const bottomOf = (b: Box) => b.y + b.h;
const inside = (b: Box, w: number, h: number) => b.x >= 0 && b.y >= 0 && b.x + b.w <= w + 0.01 && bottomOf(b) <= h + 0.01;

const words = ocrWords;

describe('a layout for every shape', () => {
  it('names the shape by its ratio', () => {
    expect(Object.fromEntries(Object.entries(PRESETS).map(([name, s]) => [name, shapeOf(s.width, s.height)]))).toEqual({
      landscape: 'landscape', portrait: 'portrait', square: 'square', feed: 'feed',
    });
  });

  for (const [name, size] of Object.entries(PRESETS)) {
    it(`${name}: the table, header, work area and files each have their own place on the stage`, () => {
      const l = layoutFor(size.width, size.height, 1);
      for (const box of [l.table, l.header, l.work, l.files]) expect(inside(box, l.w, l.progressTop), JSON.stringify(box)).toBe(true);
      expect(bottomOf(l.table)).toBeLessThanOrEqual(l.header.y);
      expect(bottomOf(l.header)).toBeLessThan(l.work.y);
      if (l.shape === 'landscape') expect(l.work.x + l.work.w).toBeLessThan(l.files.x);
      else expect(bottomOf(l.work)).toBeLessThan(l.files.y);
      // The work area keeps room for a page of text.
      expect(l.work.h).toBeGreaterThan(300);
      expect(l.work.w).toBeGreaterThan(540);
      // Closed, the files give their room to the work area, and wait off the stage.
      const closed = layoutFor(size.width, size.height, 0);
      expect(closed.work.w * closed.work.h).toBeGreaterThan(l.work.w * l.work.h * 1.2);
      expect(l.shape === 'landscape' ? closed.files.x >= closed.w : closed.files.y >= closed.progressTop).toBe(true);
    });
  }

  it('seats the demo’s four apart, at every preset (no "JuncVesta")', async () => {
    const timeline = buildTimeline(await loadRecording(DEMO));
    const t = (timeline.chapters[4]!.start + timeline.chapters[4]!.end) / 2;
    for (const size of Object.values(PRESETS)) {
      const seats = describeScene(timeline, t, size).seats;
      expect(seats.length).toBeGreaterThanOrEqual(4);
      const xs = seats.map((s) => s.x).sort((a, b) => a - b);
      const largest = Math.max(...seats.map((s) => s.r));
      for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!, `${size.width}x${size.height}`).toBeGreaterThan(largest * 2);
    }
  });

  it('portrait at 1080x1920 shows every seat’s name and the file strip’s paths, legible', async () => {
    const timeline = buildTimeline(await loadRecording(DEMO));
    const t = (timeline.chapters[4]!.start + timeline.chapters[4]!.end) / 2;
    const size = PRESETS.portrait;
    const stage = await createNodeStage(timeline, size);
    stage.draw(t);
    const full = join(work, 'portrait.png');
    writeFileSync(full, stage.png());
    const l = layoutFor(size.width, size.height, filesOpenAt(timeline, t));
    const read = async (box: Box) => {
      const px = (v: number) => Math.round(v * l.u);
      return words(await ocrText(readFileSync(full), { crop: { x: px(box.x), y: px(box.y), w: px(box.w), h: px(box.h) }, psm: 6 }));
    };
    const table = await read({ x: 0, y: l.table.y, w: l.w, h: l.table.h });
    for (const name of ['juno', 'iris', 'alice', 'vesta']) expect(table).toContain(name);
    const files = (await read(l.files)).join(' ');
    for (const path of ['srcformatmjs', 'bintidepoolmjs', 'testtidestestmjs']) expect(files).toContain(path);
    expect(files).toContain('files written');
  }, 60_000);
});
