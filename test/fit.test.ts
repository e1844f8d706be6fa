// Shorts: the demo party cut to 60 s keeps, for every turn, its speaker, its hand-off and its
// final message held readable; the cut is exact to the frame and the same every time.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRecording } from '../src/prepare/index.js';
import { findFfprobe } from '../src/render/ffmpeg.js';
import { fitTimeline } from '../src/timeline/fit.js';
import { blockText } from '../src/timeline/pages.js';
import { READING_WPM } from '../src/timeline/pacing.js';
import { buildTimeline, cueAt, type TextCue } from '../src/timeline/index.js';
import { playback, REPO, requireBuiltCli } from './helpers/cli.js';

const DEMO = join(REPO, 'examples/party-demo');
const temp = mkdtempSync(join(tmpdir(), 'playback-fit-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('render --fit: a short of a set length', () => {
  it('keeps every turn’s speaker, hand-off and final message, readable at the normal pace', async () => {
    const timeline = buildTimeline(await loadRecording(DEMO));
    expect(timeline.duration).toBeGreaterThan(120);
    const { timeline: short, fit } = fitTimeline(timeline, 60);
    expect(short.duration).toBe(60);
    expect(short.cues[short.cues.length - 1]!.end).toBeCloseTo(60, 6);
    expect(short.chapters.map((c) => c.entity)).toEqual(timeline.chapters.map((c) => c.entity));
    for (const [k, chapter] of short.chapters.entries()) {
      const own = short.cues.slice(...chapter.cues);
      if (k > 0) expect(own.some((c) => c.kind === 'conch' && c.to === chapter.participantId), `turn ${k + 1}'s hand-off`).toBe(true);
      const final = own.filter((c): c is TextCue => c.kind === 'text' && c.participantId === chapter.participantId).pop();
      expect(final, `turn ${k + 1}'s final message`).toBeDefined();
      const words = final!.blocks.map(blockText).join(' ').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
      // Held for its reading time at the normal pace, once typed.
      const held = final!.end - (final!.pages?.[0]?.typed ?? final!.start);
      expect(held, `turn ${k + 1}: ${words} words`).toBeGreaterThanOrEqual((words * 60) / READING_WPM - 0.01);
      // The speaker holds the stage over it.
      expect(cueAt(short, (final!.start + final!.end) / 2)?.participantId).toBe(chapter.participantId);
    }
    // File writes keep their blame: the same tracks, the same owners.
    expect(short.files.map((f) => f.versions.map((v) => v.owners))).toEqual(timeline.files.map((f) => f.versions.map((v) => v.owners)));
    // Tool runs went before file writes did.
    const dropped = (kind: string) => fit.cues.filter((c) => c.kind === kind && c.fit === 'dropped').length / fit.cues.filter((c) => c.kind === kind).length;
    expect(dropped('tool')).toBeGreaterThan(dropped('file'));
    expect(fit.readable).toBe(true);
    // Cues stay in order without overlapping.
    for (let i = 1; i < short.cues.length; i++) expect(short.cues[i]!.start).toBeGreaterThanOrEqual(short.cues[i - 1]!.end - 1e-9);
  });

  it('is deterministic, and a session already short enough plays whole', async () => {
    const timeline = buildTimeline(await loadRecording(DEMO));
    expect(JSON.stringify(fitTimeline(timeline, 45))).toBe(JSON.stringify(fitTimeline(timeline, 45)));
    const whole = fitTimeline(timeline, timeline.duration + 10);
    expect(whole.fit.dropped).toBe(0);
    expect(whole.timeline.cues.length).toBe(timeline.cues.length);
    expect(whole.timeline.duration).toBeCloseTo(timeline.duration + 10, 3);
  });

  it('timeline --fit 60 --json says what was kept; render --fit makes a portrait video of that length', async () => {
    requireBuiltCli();
    const tl = await playback(['timeline', DEMO, '--fit', '60', '--json']);
    expect(tl.code, tl.stderr).toBe(0);
    const { duration, fit } = JSON.parse(tl.stdout) as { duration: number; fit: { kept: number; shortened: number; dropped: number; cues: Array<{ fit: string }> } };
    expect(duration).toBe(60);
    expect(fit.kept + fit.shortened + fit.dropped).toBe(fit.cues.length);
    expect(fit.shortened).toBeGreaterThanOrEqual(7);
    const output = join(temp, 'short.mp4');
    const fps = 10;
    const r = await playback(['render', DEMO, '--fit', '20', '--size', '360x640', '--fps', String(fps), '-o', output]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(output)).toBe(true);
    const probe = JSON.parse(execFileSync(findFfprobe()!, ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,nb_read_frames:format=duration', '-of', 'json', output], { encoding: 'utf8' })) as { streams: Array<{ width: number; height: number; nb_read_frames: string }>; format: { duration: string } };
    expect([probe.streams[0]!.width, probe.streams[0]!.height]).toEqual([360, 640]);
    expect(Math.abs(Number(probe.format.duration) - 20)).toBeLessThanOrEqual(1 / fps);
    expect(Number(probe.streams[0]!.nb_read_frames)).toBe(20 * fps);
  }, 120_000);
});
