// The scene in Node, checked on pixels: what a viewer would see at a given time.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRecording } from '../src/prepare/index.js';
import { createNodeStage, type NodeStage } from '../src/render/node-host.js';
import { describeScene } from '../src/scene/index.js';
import { colors } from '../src/scene/theme.js';
import { buildTimeline, type Timeline } from '../src/timeline/index.js';
import { hexToRgb, near, pixel, type RGB } from './helpers/pixels.js';
import { writeSession } from './helpers/claude-code-transcript.js';
import { describeSamples, sample } from './helpers/samples.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DEMO = `${ROOT}examples/party-demo`;
const VIEW = { width: 1280, height: 720 };


/** Pixels on the ring around a seat: the ring is drawn 5 units outside the avatar. */
function ringSamples(stage: NodeStage, seat: { x: number; y: number; r: number }): RGB[] {
  const u = VIEW.height / 720;
  const d = seat.r + 5 * u;
  return [0, Math.PI / 2, Math.PI, (3 * Math.PI) / 2].map((a) => pixel(stage, seat.x + Math.cos(a) * d, seat.y + Math.sin(a) * d));
}

async function stageFor(source: string): Promise<{ tl: Timeline; stage: NodeStage }> {
  const tl = buildTimeline(await loadRecording(source));
  return { tl, stage: await createNodeStage(tl, VIEW) };
}

function checkRings(tl: Timeline, stage: NodeStage): void {
  for (const ch of tl.chapters) {
    const mid = (ch.start + ch.end) / 2;
    stage.draw(mid);
    const geo = describeScene(tl, mid, VIEW);
    const speaker = tl.cues.find((c) => c.start <= mid && mid < c.end)?.participantId ?? ch.participantId;
    const seat = geo.seats.find((s) => s.id === speaker)!;
    expect(seat.activeness).toBe(1);
    const want = hexToRgb(tl.participants.find((p) => p.id === speaker)!.color);
    const ring = ringSamples(stage, seat);
    expect(ring.filter((px) => near(px, want)).length, `turn ${ch.turn + 1} ring of ${speaker}`).toBeGreaterThanOrEqual(3);
  }
}

function checkModelChip(tl: Timeline, stage: NodeStage): void {
  const ch = tl.chapters.find((c) => c.models.length)!;
  const mid = (ch.start + ch.end) / 2;
  stage.draw(mid);
  const chip = describeScene(tl, mid, VIEW).modelChip!;
  const model = tl.models.find((m) => m.id === chip.modelId)!;
  // The indicator dot sits at the chip's left end, in the model's colour.
  const dot = pixel(stage, chip.x + chip.h / 2, chip.y + chip.h / 2 - chip.h * 0.2);
  expect(near(dot, hexToRgb(model.color)), `chip ${model.id} ${model.color} got ${dot}`).toBe(true);
}

/** Count the blame bars drawn in the file panel by scanning a pixel column for coloured runs. */
function countBlameBars(stage: NodeStage, x: number, top: number, bottom: number): number {
  const column = stage.ctx.getImageData(Math.round(x) + 2, 0, 1, VIEW.height).data;
  const panel = hexToRgb(colors.panel);
  let bars = 0;
  let run = 0;
  for (let y = Math.floor(top); y < bottom; y++) {
    const px: RGB = [column[y * 4]!, column[y * 4 + 1]!, column[y * 4 + 2]!];
    const saturated = Math.max(...px) - Math.min(...px) > 40 && !near(px, panel, 20);
    if (saturated) run++;
    else {
      if (run >= 5 && run <= 14) bars++;
      run = 0;
    }
  }
  return bars;
}

async function checkGuestRing(source: string): Promise<void> {
  const { tl, stage } = await stageFor(source);
  checkRings(tl, stage);
  // The guest's longest cue: its middle is past the seat's entrance animation.
  const guestCue = tl.cues
    .filter((c) => tl.participants.find((p) => p.id === c.participantId)?.kind === 'guest')
    .reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  const t = (guestCue.start + guestCue.end) / 2;
  stage.draw(t);
  const seat = describeScene(tl, t, VIEW).seats.find((s) => s.id === guestCue.participantId)!;
  const want = hexToRgb(tl.participants.find((p) => p.id === guestCue.participantId)!.color);
  expect(ringSamples(stage, seat).filter((px) => near(px, want)).length).toBeGreaterThanOrEqual(3);
}

describeSamples('scene on a real Claude Code session', () => {
  it('rings the active speaker in its colour at every turn and for the guest', () => checkGuestRing(sample('claude-code', 'spotter', 'subagent.jsonl')));
});

describe('scene on a Claude Code session with a subagent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'playback-scene-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const source = writeSession(dir).main;

  it('rings the active speaker in its colour at every turn and for the guest', () => checkGuestRing(source));

  it('paints the model chip in the model colour', async () => {
    const { tl, stage } = await stageFor(source);
    checkModelChip(tl, stage);
  });

  it('draws the same pixels for the same t, in any order', async () => {
    const { tl, stage } = await stageFor(source);
    const times = [tl.duration * 0.6, 1.2, tl.duration * 0.3];
    const first = times.map((t) => (stage.draw(t), stage.rgba()));
    const again = [...times].reverse().map((t) => (stage.draw(t), stage.rgba())).reverse();
    first.forEach((buf, i) => expect(buf.equals(again[i]!), `t=${times[i]}`).toBe(true));
    expect(first[0]!.equals(first[2]!)).toBe(false);
  });

  it('fades the backdrop from the top colour to the bottom one, one colour level at a time', async () => {
    const { tl, stage } = await stageFor(source);
    stage.draw(tl.duration * 0.5);
    // The left margin, top to just above the progress strip.
    const column = Array.from({ length: 700 }, (_, y) => pixel(stage, 3, y));
    expect(near(column[0]!, hexToRgb(colors.backgroundTop), 1)).toBe(true);
    expect(near(column[699]!, hexToRgb(colors.background), 1)).toBe(true);
    for (let y = 1; y < column.length; y++) {
      column[y]!.forEach((v, i) => {
        const step = v - column[y - 1]![i]!;
        expect(step <= 0 && step >= -1, `row ${y}, channel ${i}`).toBe(true);
      });
    }
    expect(new Set(column.map((px) => px.join())).size).toBeGreaterThan(8);
  });
});

describe.runIf(existsSync(`${DEMO}/.koad-io`))('scene on the demo party', () => {
  it('rings each turn’s entity in its own colour', async () => {
    const { tl, stage } = await stageFor(DEMO);
    expect(tl.chapters.length).toBe(7);
    checkRings(tl, stage);
  });

  it('moves the conch between the two avatars during a pass', async () => {
    const { tl, stage } = await stageFor(DEMO);
    const passes = tl.cues.filter((c) => c.kind === 'conch');
    expect(passes.length).toBeGreaterThanOrEqual(6);
    for (const pass of passes) {
      if (pass.kind !== 'conch') continue;
      const t = (pass.start + pass.end) / 2;
      stage.draw(t);
      const geo = describeScene(tl, t, VIEW);
      const from = geo.seats.find((s) => s.id === pass.from)!;
      const to = geo.seats.find((s) => s.id === pass.to)!;
      const conch = geo.conch!;
      expect(conch.x).toBeGreaterThan(Math.min(from.x, to.x));
      expect(conch.x).toBeLessThan(Math.max(from.x, to.x));
      // The shell's gold is really there, above the row of avatars.
      const gold = hexToRgb(colors.conch);
      let found = false;
      for (let dx = -conch.size; dx <= conch.size && !found; dx += 2) {
        for (let dy = -conch.size; dy <= conch.size && !found; dy += 2) {
          found = near(pixel(stage, conch.x + dx, conch.y + dy), gold, 20);
        }
      }
      expect(found, `conch pass ${pass.label}`).toBe(true);
    }
  });

  it('paints Opus purple, big-pickle green and Grok blue', async () => {
    const { tl, stage } = await stageFor(DEMO);
    checkModelChip(tl, stage);
    const hue = (hex: string) => {
      const [r, g, b] = hexToRgb(hex).map((v) => v / 255) as RGB;
      const max = Math.max(r, g, b);
      const min = Math.min(r, g, b);
      const d = max - min;
      const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
      return (h * 60 + 360) % 360;
    };
    const colorOf = (needle: string) => tl.models.find((m) => m.id.includes(needle))!.color;
    expect(hue(colorOf('opus'))).toBeGreaterThan(255);
    expect(hue(colorOf('opus'))).toBeLessThan(300);
    expect(hue(colorOf('big-pickle'))).toBeGreaterThan(90);
    expect(hue(colorOf('big-pickle'))).toBeLessThan(160);
    expect(hue(colorOf('grok'))).toBeGreaterThan(190);
    expect(hue(colorOf('grok'))).toBeLessThan(250);
  });

  it('shows as many files in the panel as have been written by then', async () => {
    const { tl, stage } = await stageFor(DEMO);
    const fileCues = tl.cues.filter((c) => c.kind === 'file');
    const checkpoints = [...tl.chapters.map((c) => c.end - 0.05), fileCues[0]!.start - 0.05];
    for (const t of checkpoints) {
      const written = new Set(fileCues.filter((c) => c.start <= t).map((c) => (c.kind === 'file' ? c.file : -1))).size;
      stage.draw(t);
      const rows = describeScene(tl, t, VIEW).fileRows;
      expect(rows.length).toBe(written);
      if (!rows.length) continue;
      const last = rows[rows.length - 1]!;
      const bottom = last.barY + last.barH + 4;
      expect(countBlameBars(stage, rows[0]!.x, rows[0]!.y, bottom), `t=${t.toFixed(1)}`).toBe(written);
    }
  });
});
