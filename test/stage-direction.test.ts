// The stage as directed, checked as a viewer would: who the badge, the chip and the seat say is
// working (a subagent is itself, not its host), entrances and exits (a sign-out steps back, the
// conch travels), words that fit the session (no conch outside a party), and file names that
// stay legible. Pixels are read from the canvas; words are read from the frame with tesseract.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRecording } from '../src/prepare/index.js';
import { createNodeStage, type NodeStage } from '../src/render/node-host.js';
import { describeScene } from '../src/scene/index.js';
import { colors } from '../src/scene/theme.js';
import { buildTimeline, type Timeline } from '../src/timeline/index.js';
import type { Cue } from '../src/timeline/model.js';
import { writeSession } from './helpers/claude-code-transcript.js';
import { DEMO } from './helpers/demo.js';
import { hexToRgb, near, pixel, type RGB } from './helpers/pixels.js';
import { describeSamples, itSamples, sample } from './helpers/samples.js';
import { HAS_TESSERACT } from './helpers/tesseract.js';

const EXPLORE = sample('claude-code/spotter/8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl');
const RIVER = sample('opencode/session__hidden-river__ses_39b709b7fffea1aT6PAuEvX6Zq.json');
const VIEW = { width: 1280, height: 720 };

const scratch = mkdtempSync(join(tmpdir(), 'pm-stage-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Mean brightness (0-255) of the disc of radius r around (x, y). */
function discBrightness(stage: NodeStage, x: number, y: number, r: number): number {
  const x0 = Math.round(x - r);
  const y0 = Math.round(y - r);
  const size = Math.round(2 * r);
  const d = stage.ctx.getImageData(x0, y0, size, size).data;
  let sum = 0;
  let n = 0;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      if ((i - r) ** 2 + (j - r) ** 2 > r * r) continue;
      const k = (j * size + i) * 4;
      sum += 0.299 * d[k]! + 0.587 * d[k + 1]! + 0.114 * d[k + 2]!;
      n++;
    }
  }
  return sum / Math.max(1, n);
}

/** Pixels near `color` in a rectangle of the frame. */
function countColor(stage: NodeStage, rect: { x: number; y: number; w: number; h: number }, color: RGB, tolerance = 20): number {
  const d = stage.ctx.getImageData(rect.x, rect.y, rect.w, rect.h).data;
  let n = 0;
  for (let k = 0; k < d.length; k += 4) if (near([d[k]!, d[k + 1]!, d[k + 2]!], color, tolerance)) n++;
  return n;
}

let ocrCount = 0;
/** The words tesseract reads in a rectangle of the frame; small print is scaled up for legibility. */
function ocr(stage: NodeStage, rect: { x: number; y: number; w: number; h: number }): string {
  const scale = rect.h > 100 ? 1 : 2;
  const crop = createCanvas(rect.w, rect.h);
  crop.getContext('2d').putImageData(stage.ctx.getImageData(rect.x, rect.y, rect.w, rect.h), 0, 0);
  const big = createCanvas(rect.w * scale, rect.h * scale);
  big.getContext('2d').drawImage(crop, 0, 0, rect.w * scale, rect.h * scale);
  const file = join(scratch, `crop-${ocrCount++}.png`);
  writeFileSync(file, big.toBuffer('image/png'));
  return execFileSync('tesseract', [file, 'stdout', '--psm', '6'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).replace(/\s+/g, ' ');
}

async function stageFor(source: string): Promise<{ tl: Timeline; stage: NodeStage }> {
  const tl = buildTimeline(await loadRecording(source));
  return { tl, stage: await createNodeStage(tl, VIEW) };
}

const BADGE = { x: 28, y: 206, w: 514, h: 54 };
const CHIP = { x: 553, y: 206, w: 250, h: 54 };

describeSamples('a subagent at work is itself (Claude Code Explore on Haiku)', () => {
  it('plays its work between the call that started it and that call’s result', async () => {
    const { tl } = await stageFor(EXPLORE);
    const guest = tl.participants.find((p) => p.kind === 'guest' && p.name.startsWith('Explore'))!;
    const calls = tl.cues.filter((c): c is Extract<Cue, { kind: 'tool' }> => c.kind === 'tool' && c.guestId === guest.id);
    expect(calls.map((c) => c.phase)).toEqual(['call', 'result']);
    const [call, result] = calls;
    expect(call!.status).toBe('running');
    expect(call!.summary).toEqual([]);
    const work = tl.cues.filter((c) => c.participantId === guest.id);
    expect(work.length).toBeGreaterThan(3);
    for (const c of work) {
      expect(c.start).toBeGreaterThanOrEqual(call!.end - 1e-6);
      expect(c.end).toBeLessThanOrEqual(result!.start + 1e-6);
    }
    expect(guest.host).toBe('agent:claude');
    expect(guest.models?.[0]).toContain('haiku');
  });

  it('credits its tool calls, tokens and model from its whole session', async () => {
    const rec = await loadRecording(EXPLORE);
    const tl = buildTimeline(rec);
    const guest = tl.participants.find((p) => p.kind === 'guest' && p.name.startsWith('Explore'))!;
    const child = rec.sessions.find((s) => s.turns[0]?.participantId === guest.id)!;
    const calls = child.turns.flatMap((t) => t.events).filter((e) => e.kind === 'tool').length;
    expect(calls).toBe(19);
    const row = tl.credits.find((r) => r.participantId === guest.id)!;
    expect(row.toolCalls).toBe(calls);
    expect(row.turns).toBe(child.turns.length);
    expect(row.tokens).toBe(child.turns.reduce((n, t) => n + t.tokens.input + t.tokens.output + t.tokens.reasoning, 0));
    expect(row.tokens).toBeGreaterThan(0);
    expect(row.models).toEqual(['anthropic/claude-haiku-4-5-20251001']);
  });

  it.runIf(HAS_TESSERACT)('shows the guest’s name, model and colour on the badge, the chip and the seat', async () => {
    const { tl, stage } = await stageFor(EXPLORE);
    const guest = tl.participants.find((p) => p.kind === 'guest' && p.name.startsWith('Explore'))!;
    const cue = tl.cues.filter((c) => c.participantId === guest.id)[2]!;
    const t = (cue.start + cue.end) / 2;
    stage.draw(t);
    const geo = describeScene(tl, t, VIEW);
    const haiku = tl.models.find((m) => m.id.includes('haiku'))!;
    expect(geo.modelChip?.modelId).toBe(haiku.id);
    const chip = geo.modelChip!;
    expect(near(pixel(stage, chip.x + chip.h / 2, chip.y + chip.h / 2 - chip.h * 0.2), hexToRgb(haiku.color))).toBe(true);
    expect(ocr(stage, CHIP)).toMatch(/Haiku 4\.5/);
    expect(ocr(stage, CHIP)).not.toMatch(/Opus/);
    const badge = ocr(stage, BADGE);
    expect(badge).toMatch(/Explore/);
    expect(badge).toMatch(/guest of Claude/);
    // The badge's bar is the guest's colour.
    expect(near(pixel(stage, BADGE.x + 3, BADGE.y + BADGE.h / 2), hexToRgb(guest.color))).toBe(true);
    // The GUEST tag is readable at the foot of the guest's ring.
    const seat = geo.seats.find((s) => s.id === guest.id)!;
    const tag = ocr(stage, { x: Math.round(seat.x - 40), y: Math.round(seat.y + seat.r - 12), w: 80, h: 24 });
    expect(tag).toMatch(/GUEST/);
    // Once its result is back, the turn's own speaker has the chip again.
    const result = tl.cues.find((c) => c.kind === 'tool' && c.guestId === guest.id && c.phase === 'result')!;
    stage.draw(result.start + 0.8);
    expect(ocr(stage, CHIP)).toMatch(/Opus/);
  });
});

describe('entrances and exits on the demo party', () => {
  it('shows each sign-out, then dims the entity until the conch comes back to it', async () => {
    const { tl, stage } = await stageFor(DEMO);
    const signOuts = tl.cues.filter((c) => c.kind === 'notice' && c.what === 'sign-out');
    expect(signOuts.length).toBeGreaterThanOrEqual(6);
    const juno = tl.participants.find((p) => p.name === 'Juno')!;
    const out = signOuts.find((c) => c.participantId === juno.id)!;
    const brightnessAt = (t: number) => {
      stage.draw(t);
      const seat = describeScene(tl, t, VIEW).seats.find((s) => s.id === juno.id)!;
      return { value: discBrightness(stage, seat.x, seat.y, 20), r: seat.r };
    };
    const speaking = brightnessAt(out.start - 1);
    if (HAS_TESSERACT) {
      stage.draw((out.start + out.end) / 2);
      expect(ocr(stage, { x: 28, y: 276, w: 775, h: 420 })).toMatch(/Juno signs out.*juno out/);
    }
    // Two seconds later, another entity holds the conch and Juno has stepped back.
    const away = brightnessAt(out.end + 2);
    // Darker and smaller than a seat that is only waiting its turn (0.64 of the speaker's light, radius 30).
    expect(away.value).toBeLessThan(speaking.value * 0.45);
    expect(away.r).toBeLessThan(30 * 0.85);
    // Juno's next turn: back at the table, lit.
    const back = tl.chapters.filter((c) => c.participantId === juno.id)[1]!;
    const again = brightnessAt(back.start + 3);
    expect(again.value).toBeGreaterThan(away.value * 1.5);
  });

  it('passes the conch as a journey of at least 1.2 s, with the hand-off words on screen', async () => {
    const { tl, stage } = await stageFor(DEMO);
    const pass = tl.cues.find((c): c is Extract<Cue, { kind: 'conch' }> => c.kind === 'conch')!;
    expect(pass.end - pass.start).toBeGreaterThanOrEqual(1.2);
    const gold = hexToRgb(colors.conch);
    const xs: number[] = [];
    for (const k of [0.05, 0.35, 0.65, 0.95]) {
      const t = pass.start + (pass.end - pass.start) * k;
      stage.draw(t);
      const conch = describeScene(tl, t, VIEW).conch!;
      xs.push(conch.x);
      const r = Math.ceil(conch.size);
      expect(countColor(stage, { x: Math.round(conch.x - r), y: Math.round(conch.y - r), w: 2 * r, h: 2 * r }, gold), `conch at ${k}`).toBeGreaterThan(20);
    }
    // Steadily from one seat to the next, across at least a seat's width.
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!);
    expect(xs[3]! - xs[0]!).toBeGreaterThan(100);
    if (HAS_TESSERACT) {
      stage.draw(pass.start + 0.2);
      const early = ocr(stage, { x: 28, y: 276, w: 775, h: 420 });
      expect(early).toMatch(/Juno passes the conch to Iris/);
      expect(early).toMatch(/Conch to Iris/);
      stage.draw(pass.end - 0.2);
      expect(ocr(stage, { x: 28, y: 276, w: 775, h: 420 })).toMatch(/Conch to Iris/);
    }
  });
});

describe('words that fit the session', () => {
  it('draws no conch and no orchestrator in a single-agent Claude Code session', async () => {
    const { tl, stage } = await stageFor(writeSession(scratch).main);
    expect(tl.meta.party).toBe(false);
    const gold = hexToRgb(colors.conch);
    const claudeCues = tl.cues.filter((c) => c.participantId === 'agent:claude');
    expect(claudeCues.length).toBeGreaterThan(5);
    for (const cue of claudeCues) {
      const t = (cue.start + cue.end) / 2;
      stage.draw(t);
      expect(describeScene(tl, t, VIEW).conch).toBeUndefined();
      expect(countColor(stage, { x: 0, y: 20, w: 800, h: 180 }, gold, 16), `t=${t}`).toBe(0);
    }
    if (HAS_TESSERACT) {
      const prompt = tl.cues.find((c) => c.kind === 'prompt')!;
      stage.draw(prompt.start + 0.5);
      const words = ocr(stage, { x: 28, y: 276, w: 400, h: 24 });
      expect(words).toMatch(/USER/);
      expect(words).not.toMatch(/ORCHESTRATOR/);
    }
  });

  itSamples('hands over between opencode agents without a conch', async () => {
    const { tl, stage } = await stageFor(RIVER);
    const handOff = tl.cues.find((c): c is Extract<Cue, { kind: 'conch' }> => c.kind === 'conch')!;
    expect(handOff.label).toBe('plan hands over to build');
    // The agent switch it stands for is not told twice.
    expect(tl.cues.filter((c) => c.kind === 'notice' && c.what === 'agent switch' && c.chapter === handOff.chapter)).toEqual([]);
    const t = (handOff.start + handOff.end) / 2;
    stage.draw(t);
    expect(describeScene(tl, t, VIEW).conch).toBeUndefined();
    // Instead, a run of dots in the receiver's colour goes from one seat to the other, over the seats.
    const seats = describeScene(tl, t, VIEW).seats;
    const from = seats.find((s) => s.id === handOff.from)!;
    const to = seats.find((s) => s.id === handOff.to)!;
    const build = hexToRgb(tl.participants.find((p) => p.id === handOff.to)!.color);
    const band = { x: Math.round(from.x), y: Math.round(from.y - 80), w: Math.round(to.x - from.x), h: 26 };
    expect(countColor(stage, band, build, 16)).toBeGreaterThan(60);
    stage.draw(handOff.start + 0.05);
    expect(countColor(stage, band, build, 16)).toBeLessThan(30);
    stage.draw(t);
    expect(countColor(stage, { x: 0, y: 20, w: 800, h: 180 }, hexToRgb(colors.conch), 16)).toBe(0);
    if (HAS_TESSERACT) {
      const words = ocr(stage, { x: 28, y: 276, w: 775, h: 40 });
      expect(words).toMatch(/plan hands over to build/);
      expect(words).not.toMatch(/conch/i);
    }
  });
});

describeSamples('the files panel keeps the name', () => {
  it.runIf(HAS_TESSERACT)('shortens long paths in the middle, so each file name is legible', async () => {
    const { tl, stage } = await stageFor(EXPLORE);
    const t = tl.cues.find((c) => c.kind === 'end')!.start - 0.5;
    stage.draw(t);
    const rows = describeScene(tl, t, VIEW).fileRows;
    const long = rows.filter((r) => r.path.length > 40);
    expect(long.length).toBeGreaterThan(2);
    let shortened = 0;
    for (const row of long) {
      const name = row.path.slice(row.path.lastIndexOf('/') + 1);
      const words = ocr(stage, { x: Math.round(row.x) - 4, y: Math.round(row.y), w: 440, h: 24 }).replace(/\s/g, '');
      expect(words, row.path).toContain(name);
      // The middle of the path gives way (tesseract reads the ellipsis as dots).
      if (/…|\.\./.test(words)) shortened++;
    }
    expect(shortened).toBeGreaterThanOrEqual(2);
  });

  it.runIf(HAS_TESSERACT)('says what is known of a file whose content is not, and opens no editor for an empty patch', async () => {
    const { tl, stage } = await stageFor(RIVER);
    const patch = tl.cues.find((c): c is Extract<Cue, { kind: 'file' }> => c.kind === 'file' && !tl.files[c.file]!.versions[c.version]!.lineCount)!;
    expect(patch).toBeDefined();
    const t = (patch.start + patch.end) / 2;
    stage.draw(t);
    const row = describeScene(tl, t, VIEW).fileRows.find((r) => r.path === tl.files[patch.file]!.path)!;
    const words = ocr(stage, { x: Math.round(row.x) - 4, y: Math.round(row.y), w: 440, h: 24 });
    expect(words).toMatch(/patched/);
    expect(words).not.toMatch(/\b0 ln\b/);
    // Under the file's name in the work area: no editor's dark box, where a write has one.
    const editor = hexToRgb(colors.code);
    const work = { x: 28, y: 276, w: 775, h: 420 };
    expect(countColor(stage, work, editor, 0)).toBeLessThan(50);
    const write = tl.cues.find((c) => c.kind === 'file' && tl.files[c.file]!.versions[c.version]!.lineCount > 3)!;
    stage.draw((write.start + write.end) / 2);
    expect(countColor(stage, work, editor, 0)).toBeGreaterThan(5000);
  });
});
