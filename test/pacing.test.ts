// Pacing as a viewer meets it: every word on screen long enough to read (checked with OCR on
// rendered frames), long text in pages that stand still, runs of lookups as one card, no files
// panel before there are files, and the harness's markup shown as what it means.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRecording } from '../src/prepare/index.js';
import { cueSearchText } from '../src/player/cue-text.js';
import { createNodeStage, type NodeStage } from '../src/render/node-host.js';
import { filesOpenAt } from '../src/scene/index.js';
import { colors, layoutFor } from '../src/scene/theme.js';
import { captionOf, timelineFor, type PromptCue, type TextBlock, type TextCue, type Timeline, type ToolCue } from '../src/timeline/index.js';
import { READING_WPM } from '../src/timeline/pacing.js';
import { captionsFor } from '../src/timeline/captions.js';
import { FIRST_SENTENCE_WORDS } from '../src/timeline/steps.js';
import { DEMO, DEMO_EXPORT } from './helpers/demo.js';
import { HAIKU, Transcript, text } from './helpers/claude-code-transcript.js';
import { describeSamples, itSamples, sample } from './helpers/samples.js';
import { HAS_TESSERACT, ocrText, ocrWords } from './helpers/tesseract.js';

const SPOTTER = sample('claude-code', 'spotter', '8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl');
const VIEW = { width: 1280, height: 720 };

const work = mkdtempSync(join(tmpdir(), 'playback-pacing-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function blocksText(blocks: TextBlock[]): string {
  return blocks.map((b) => (b.type === 'prose' ? b.text : b.lines.map((l) => l.map((r) => r.text).join('')).join('\n'))).join('\n');
}

const words = ocrWords;

/** The words tesseract reads in the work area (the left column under the turn header) at t. */
async function readWorkArea(stage: NodeStage, tl: Timeline, t: number): Promise<string[]> {
  stage.draw(t);
  const layout = layoutFor(VIEW.width, VIEW.height, filesOpenAt(tl, t));
  const crop = { x: 0, y: layout.workY, w: Math.floor(layout.right.x - 4), h: VIEW.height - layout.workY };
  return ocrWords(await ocrText(stage.png(), { crop, scale: 2, psm: 6 }));
}

/** Whether the work area (under the turn header, left of the files panel) shows the same pixels at a and b. */
function workAreaStill(stage: NodeStage, tl: Timeline, a: number, b: number): boolean {
  const layout = layoutFor(VIEW.width, VIEW.height, filesOpenAt(tl, b));
  const read = () => Buffer.from(stage.ctx.getImageData(0, layout.workY, Math.floor(layout.right.x - 4), 720 - 12 - layout.workY).data);
  stage.draw(a);
  const first = read();
  stage.draw(b);
  return Buffer.compare(first, read()) === 0;
}

/** The last words of a text cue, as it ends: its last page's last `n` words. */
function lastWords(cue: TextCue, n: number): string[] {
  const last = cue.pages![cue.pages!.length - 1]!;
  return words(blocksText(cue.blocks.slice(...last.blocks))).slice(-n);
}

/**
 * When a text cue's words leave the screen: its end, or, for a step's narration, the end of the
 * last work cue it captions (it stays above that work, whole).
 */
function shownUntil(tl: Timeline, index: number): number {
  const cue = tl.cues[index]!;
  let until = cue.end;
  for (let j = index + 1; j < tl.cues.length; j++) {
    const caption = captionOf(tl.cues[j]!);
    if (!caption || caption.sourceId !== cue.sourceId) break;
    expect(blocksText(caption.blocks), 'a caption shows its narration whole').toBe(blocksText((cue as TextCue).blocks));
    until = tl.cues[j]!.end;
  }
  return until;
}

function expectReadingHolds(tl: Timeline): void {
  for (const [i, cue] of tl.cues.entries()) {
    if (cue.kind !== 'text' && cue.kind !== 'prompt') continue;
    const pages = (cue as TextCue | PromptCue).pages!;
    expect(pages.length, cue.label).toBeGreaterThan(0);
    for (const [k, page] of pages.entries()) {
      const text = blocksText(cue.blocks.slice(...page.blocks));
      const need = Math.max(1.2, (text.split(/\s+/).filter(Boolean).length * 60) / READING_WPM);
      const until = k === pages.length - 1 ? Math.max(page.end, shownUntil(tl, i)) : page.end;
      expect(until - page.typed, `${cue.kind} "${cue.label.slice(0, 50)}"`).toBeGreaterThanOrEqual(need - 0.002);
    }
  }
  // A turn's last message is whole on screen at least 1.5 s before the turn ends.
  for (const ch of tl.chapters) {
    const texts = tl.cues.slice(...ch.cues).filter((c): c is TextCue => c.kind === 'text');
    const last = texts[texts.length - 1]?.pages?.at(-1);
    if (last) expect(last.end - last.typed, `turn ${ch.turn + 1}`).toBeGreaterThanOrEqual(1.5 - 0.002);
  }
}

describe('every word is readable', () => {
  it.skipIf(!HAS_TESSERACT)("shows the last words of each demo turn's final message 0.8 s before the conch moves", async () => {
    const tl = await timelineFor(await loadRecording(DEMO));
    const stage = await createNodeStage(tl, VIEW);
    let checked = 0;
    for (const [i, cue] of tl.cues.entries()) {
      if (cue.kind !== 'conch' && cue.kind !== 'end') continue;
      const final = tl.cues.slice(0, i).reverse().find((c): c is TextCue => c.kind === 'text')!;
      const want = lastWords(final, 4);
      const seen = await readWorkArea(stage, tl, cue.start - 0.8);
      // OCR may misread one word (a capital I as l); three of the last four must be there.
      const found = want.filter((w) => seen.includes(w));
      expect(found.length, `"${want.join(' ')}" in: ${seen.slice(-20).join(' ')}`).toBeGreaterThanOrEqual(3);
      checked++;
    }
    expect(checked).toBe(tl.chapters.length);
  }, 120_000);

  it('holds every page of the demo for its reading time, and each final message for 1.5 s, without moving it', async () => {
    const tl = await timelineFor(await loadRecording(DEMO));
    expectReadingHolds(tl);
    const stage = await createNodeStage(tl, VIEW);
    for (const cue of tl.cues) {
      if (cue.kind !== 'text') continue;
      // From when the page is whole (and the cue's 0.25 s fade-in is over) to its last frame.
      for (const page of cue.pages!) expect(workAreaStill(stage, tl, Math.max(page.typed, cue.start + 0.25) + 0.05, page.end - 0.05), cue.label).toBe(true);
    }
  }, 60_000);

  itSamples('holds every page of every Claude Code sample for its reading time', async () => {
    for (const name of ['spotter/short.jsonl', 'spotter/subagent.jsonl', 'spotter/tool_heavy.jsonl', 'claude-code-log/edge_cases.jsonl']) {
      expectReadingHolds(await timelineFor(await loadRecording(sample('claude-code', name))));
    }
  });

  describeSamples('on the long Claude Code sample', () => {
    it.skipIf(!HAS_TESSERACT)('pages a long message: each page stands still while held, and its last words show', async () => {
      // Every message whole (--every-word): the narration then has the long messages.
      const tl = await timelineFor(await loadRecording(SPOTTER), { everyWord: true });
      const long = tl.cues.filter((c): c is TextCue => c.kind === 'text' && (c.pages?.length ?? 0) > 1)[0]!;
      expect(long, 'a paged message').toBeDefined();
      const stage = await createNodeStage(tl, VIEW);
      for (const [k, page] of long.pages!.entries()) {
        // Not scrolled: the frame just after the page is typed and the frame just before it ends are the same pixels.
        expect(workAreaStill(stage, tl, page.typed + 0.05, page.end - 0.05), `page ${k + 1} moved while held`).toBe(true);
        const want = words(blocksText(long.blocks.slice(...page.blocks))).slice(-3);
        const seen = await readWorkArea(stage, tl, page.end - 0.05);
        expect(want.filter((w) => seen.includes(w)).length, `page ${k + 1}: "${want.join(' ')}" in ${seen.slice(-15).join(' ')}`).toBeGreaterThanOrEqual(2);
      }
    }, 120_000);
  });
});

describe('every second is worth watching', () => {
  itSamples('shows a run of lookups as one card whose items stay searchable', async () => {
    const rec = await loadRecording(SPOTTER);
    const tl = await timelineFor(rec);
    const groups = tl.cues.filter((c): c is ToolCue => c.kind === 'tool' && (c.items?.length ?? 0) > 1);
    expect(groups.length).toBeGreaterThan(5);
    const group = groups.find((g) => g.items!.every((it) => it.tool === 'Read')) ?? groups[0]!;
    for (const item of group.items!) expect(cueSearchText(group)).toContain(item.title);
    // Never two lookup cues in a row by one speaker: they would have been one card.
    const lookup = /^(read|glob|grep|ls)$/i;
    tl.cues.forEach((c, i) => {
      const next = tl.cues[i + 1];
      if (c.kind === 'tool' && next?.kind === 'tool' && !c.guestId && !next.guestId && next.participantId === c.participantId) {
        expect(lookup.test(c.tool) && lookup.test(next.tool) && !c.items && !next.items, `${c.label} / ${next.label}`).toBe(false);
      }
    });
  });

  describeSamples('lookup cards on the long Claude Code sample', () => {
    it.skipIf(!HAS_TESSERACT)('fills the card as it plays: the count on it grows', async () => {
      const tl = await timelineFor(await loadRecording(SPOTTER));
      const group = tl.cues.find((c): c is ToolCue => c.kind === 'tool' && (c.items?.length ?? 0) >= 5 && c.items!.every((it) => /^(read|glob|grep|ls)$/i.test(it.tool)))!;
      const stage = await createNodeStage(tl, VIEW);
      const n = group.items!.length;
      const early = (await readWorkArea(stage, tl, group.start + 0.05)).join(' ');
      const late = (await readWorkArea(stage, tl, group.end - 0.05)).join(' ');
      const title = words(group.title).join(' ');
      expect(late).toContain(title);
      expect(early).not.toContain(title);
      // "1 lookup" at first (tesseract does not always see the 1).
      expect(early, early).toMatch(/\b(1 ?)?(lookup|file|search|listing)\b/);
    }, 60_000);
  });

  it('keeps the files panel closed until the first file is written, then gives it its column', async () => {
    const tl = await timelineFor(await loadRecording(DEMO));
    const first = Math.min(...tl.files.map((f) => f.versions[0]!.time));
    const stage = await createNodeStage(tl, VIEW);
    const panel = colors.panel.slice(1).match(/../g)!.map((h) => Number.parseInt(h, 16));
    const at = (t: number) => {
      stage.draw(t);
      // The panel's top right corner; with the panel closed that is bare stage.
      const d = stage.ctx.getImageData(1240, 100, 1, 1).data;
      return [d[0]!, d[1]!, d[2]!].every((v, i) => Math.abs(v - panel[i]!) <= 3);
    };
    expect(first).toBeGreaterThan(tl.cues[1]!.start + 1);
    expect(at(tl.cues[1]!.start + 1), 'panel before the first write').toBe(false);
    expect(at(first + 1), 'panel after the first write').toBe(true);
    expect(layoutFor(1280, 720, 0).left.w).toBeGreaterThan(layoutFor(1280, 720, 1).left.w + 400);
  });

  itSamples('plays each tool-heavy Claude Code sample in less time than a card per call took', async () => {
    // Before: each call its own 2-3 s card. Now a run of lookups is one card, and a call is 1-2 s.
    const tl = await timelineFor(await loadRecording(SPOTTER));
    const toolSeconds = tl.cues.filter((c) => c.kind === 'tool').reduce((s, c) => s + c.end - c.start, 0);
    const calls = tl.cues.filter((c): c is ToolCue => c.kind === 'tool').reduce((n, c) => n + (c.items?.length ?? 1), 0);
    expect(toolSeconds / calls).toBeLessThan(1.5);
  });

  it.skipIf(!HAS_TESSERACT)("keeps a step's narration on screen above the work it leads to, as read off the frames", async () => {
    const tl = await timelineFor(await loadRecording(DEMO));
    const stage = await createNodeStage(tl, VIEW);
    const steps = tl.cues.filter((c) => captionOf(c) && (c.kind === 'tool' || c.kind === 'file'));
    expect(steps.length).toBeGreaterThan(10);
    // The first captioned card of three steps, read just before it gives way.
    const firsts = steps.filter((c, i) => i === 0 || captionOf(steps[i - 1]!)!.sourceId !== captionOf(c)!.sourceId).slice(0, 3);
    for (const cue of firsts) {
      const want = words(blocksText(captionOf(cue)!.blocks));
      const seen = await readWorkArea(stage, tl, cue.end - 0.05);
      expect(want.filter((w) => seen.includes(w)).length, `"${want.join(' ')}" in: ${seen.join(' ')}`).toBeGreaterThanOrEqual(Math.ceil(want.length * 0.7));
    }
  }, 60_000);

  it.skipIf(!HAS_TESSERACT)("keeps a long step narration whole above its work on a square post, where the work area is short", async () => {
    const tl = await timelineFor(await loadRecording(DEMO));
    const cue = tl.cues.find((c) => captionOf(c) && blocksText(captionOf(c)!.blocks).startsWith('Two failures'))!;
    const want = words(blocksText(captionOf(cue)!.blocks));
    expect(want.length).toBeGreaterThan(18);
    const stage = await createNodeStage(tl, { width: 1080, height: 1080 });
    stage.draw(cue.end - 0.05);
    const seen = ocrWords(await ocrText(stage.png(), { psm: 6 }));
    expect(want.filter((w) => !seen.includes(w)), seen.join(' ')).toEqual([]);
  }, 60_000);

  it("captions a step's narration for as long as it is on screen, in place of its work's", async () => {
    const tl = await timelineFor(await loadRecording(DEMO));
    const captions = captionsFor(tl, { from: 0, to: tl.duration });
    const stepped = tl.cues.filter((c) => c.kind === 'text' && tl.cues.some((w) => captionOf(w)?.sourceId === c.sourceId));
    expect(stepped.length).toBeGreaterThan(5);
    for (const cue of stepped) {
      const lastWork = tl.cues.filter((w) => captionOf(w)?.sourceId === cue.sourceId).at(-1)!;
      const said = captions.filter((c) => c.start < lastWork.end && c.end > cue.start);
      // The narration's words alone, from the text cue to the end of its work.
      expect(said.flatMap((c) => words(c.lines.join(' '))), cue.label).toEqual(words(blocksText((cue as TextCue).blocks)));
      expect(said.at(-1)!.end).toBeCloseTo(lastWork.end, 2);
    }
  });

  itSamples('brings the long single-agent Claude Code session to half its former length, its final message whole', async () => {
    // 709.9 s with a card per call and every message held for its reading time.
    const rec = await loadRecording(SPOTTER);
    const tl = await timelineFor(rec);
    expect(tl.duration).toBeLessThanOrEqual(709.9 / 2);
    const everyWord = await timelineFor(rec, { everyWord: true });
    expect(everyWord.duration).toBeGreaterThan(tl.duration + 200);
    // The final message is the same, whole, in both; the narration is shown as its lead.
    const finalOf = (t: Timeline) => t.cues.filter((c): c is TextCue => c.kind === 'text').at(-1)!;
    expect(blocksText(finalOf(tl).blocks)).toBe(blocksText(finalOf(everyWord).blocks));
    expect(finalOf(tl).abridged).toBeUndefined();
    const narration = tl.cues.filter((c): c is TextCue => c.kind === 'text' && c !== finalOf(tl));
    // A sentence or two: at most NARRATION_WORDS, or one first sentence of FIRST_SENTENCE_WORDS.
    const longest = Math.max(...narration.map((c) => blocksText(c.blocks).split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length));
    expect(longest).toBeLessThanOrEqual(FIRST_SENTENCE_WORDS);
    expect(narration.some((c) => c.abridged)).toBe(true);
    // The transcript and search have each abridged message whole, as --every-word shows it.
    const whole = new Map(everyWord.cues.filter((c): c is TextCue => c.kind === 'text').map((c) => [c.sourceId, blocksText(c.blocks).replace(/\s+/g, ' ')]));
    for (const cue of narration.filter((c) => c.abridged)) expect(cueSearchText(cue)).toContain(whole.get(cue.sourceId)!.slice(-60));
    expect(everyWord.cues.some((c) => c.kind === 'text' && c.abridged)).toBe(false);
    // Runs of successful commands are one card, like lookups.
    expect(tl.cues.some((c) => c.kind === 'tool' && /^ran \d+ commands$/.test(c.title))).toBe(true);
  });
});

describe('harness markup means what it says', () => {
  itSamples('shows a background task report and a slash command output as system notes, not prompts', async () => {
    const spotter = await timelineFor(await loadRecording(SPOTTER));
    expect(spotter.chapters).toHaveLength(1);
    const note = spotter.cues.find((c) => c.kind === 'notice' && c.what === 'system note' && /Background task/.test(c.label));
    expect(note?.label).toMatch(/Background task: Background command "Run transcript renderer tests" completed/);
    const heavy = await timelineFor(await loadRecording(sample('claude-code', 'spotter/tool_heavy.jsonl')));
    expect(heavy.cues.some((c) => c.kind === 'prompt' && c.label === '/mcp')).toBe(true);
    expect(heavy.cues.some((c) => c.kind === 'notice' && c.label === 'Reconnected to tidewave.')).toBe(true);
    const edge = await timelineFor(await loadRecording(sample('claude-code', 'claude-code-log/edge_cases.jsonl')));
    expect(edge.cues.some((c) => c.kind === 'prompt' && c.label.startsWith('/test-command --verbose'))).toBe(true);
    for (const tl of [spotter, heavy, edge]) {
      for (const c of tl.cues) {
        expect(cueSearchText(c), c.label).not.toMatch(/<(task-notification|bash-input|bash-stdout|command-name|local-command-stdout|local-command-caveat|system-reminder)>/);
        expect(c.label, c.label).not.toMatch(/^Caveat: The messages below/);
      }
    }
  });

  it('shows a compaction summary as its summary, its <analysis> notes as thinking', async () => {
    const session = new Transcript('analysis-0001');
    session.user('Your task is to create a detailed summary of the conversation so far.').assistant('01', HAIKU, [
      text('<analysis>\nLet me go through it in order: first the tide model, then the tests.\n</analysis>\n\n<summary>\n1. The tide model is in src/tides.mjs.\n2. Tests pass.\n</summary>'),
    ], { input_tokens: 10, output_tokens: 40 });
    const tl = await timelineFor(await loadRecording(session.write(join(work, 'analysis', 'summary.jsonl'))));
    const thinking = tl.cues.find((c) => c.kind === 'reasoning');
    expect(thinking?.kind === 'reasoning' && thinking.text).toMatch(/^Let me go through it in order/);
    const final = tl.cues.filter((c): c is TextCue => c.kind === 'text');
    expect(final).toHaveLength(1);
    expect(blocksText(final[0]!.blocks)).toMatch(/^The tide model is in src\/tides\.mjs\.\s+Tests pass\.$/);
    expect(JSON.stringify(tl.cues)).not.toMatch(/<\/?(analysis|summary)>/);
  });

  it("shows a user's ! command as a shell card in the running turn, not a new turn", async () => {
    // Claude Code writes a `!` command and its output as two user lines in its own markup.
    const session = new Transcript('shell-0001');
    session.user('Which tides are highest this week?').assistant('01', HAIKU, [text('Saturday, at 4.1 m.')], { input_tokens: 10, output_tokens: 8 });
    const plain = session.write(join(work, 'shell', 'plain.jsonl'));
    const before = await timelineFor(await loadRecording(plain));
    session.user('<bash-input>git pull</bash-input>').user('<bash-stdout>Already up to date.</bash-stdout><bash-stderr></bash-stderr>');
    const file = session.write(join(work, 'shell', 'with-shell.jsonl'));
    const tl = await timelineFor(await loadRecording(file));
    expect(tl.chapters).toHaveLength(before.chapters.length);
    const shell = tl.cues.find((c): c is ToolCue => c.kind === 'tool' && c.tool === 'shell')!;
    expect(shell.title).toBe('! git pull');
    expect(shell.status).toBe('completed');
    expect(shell.summary).toEqual(['Already up to date.']);
    const stage = await createNodeStage(tl, VIEW);
    if (HAS_TESSERACT) expect((await readWorkArea(stage, tl, shell.end - 0.05)).join(' ')).toContain('git pull');
  }, 60_000);

  it("shows opencode's read as the path and the lines read, without its wrapper", async () => {
    // The demo party's reads came back from opencode wrapped in <path>, <type> and <content>.
    expect(readFileSync(DEMO_EXPORT, 'utf8')).toMatch(/<path>/);
    const tl = await timelineFor(await loadRecording(DEMO));
    const reads = tl.cues.filter((c): c is ToolCue => c.kind === 'tool');
    expect(reads.filter((c) => c.tool === 'read' || c.items?.some((it) => it.tool === 'read')).length).toBeGreaterThan(0);
    for (const c of reads) expect(cueSearchText(c)).not.toMatch(/<(path|type|content|entries)>/);
  });
});
