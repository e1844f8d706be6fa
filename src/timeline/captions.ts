// Captions for the video and the player: the words on screen and who says them, as WebVTT and SRT.
// Built from the timeline's cues, so they are timed to the same frames the video shows: a text
// cue follows its pages (a caption never runs ahead of the page on screen), and long text is cut
// into pieces of at most two short lines, each shown for its share of the page's time.
import { blockText } from './pages.js';
import type { Cue, TextBlock, TextPage, Timeline } from './model.js';
import { captionOf, narrationShownUntil } from './query.js';
import { roundTime } from './pacing.js';

export interface Caption {
  /** Seconds from the start of the video (after --from). */
  start: number;
  end: number;
  speaker?: string;
  /** One or two lines. */
  lines: string[];
}

/** Characters a caption line holds: the common broadcast limit, readable on a phone. */
export const CAPTION_LINE_CHARS = 42;
const CAPTION_LINES = 2;
/** Shortest caption kept after cutting to the range: a blink no one can read. */
const MIN_SECONDS = 0.2;

export interface CaptionRange {
  /** Timeline seconds the video starts and ends at. */
  from: number;
  to: number;
}

/** Every caption of the range, in order, times relative to the video's start. */
export function captionsFor(timeline: Timeline, range: CaptionRange): Caption[] {
  const out: Caption[] = [];
  const cues = timeline.cues;
  for (let i = 0; i < cues.length; i++) {
    const cue = cues[i]!;
    // A step's narration stays on screen above the work it leads to: its caption stays as long,
    // in place of the work's own (the words said, not the calls made).
    if (captionOf(cue)) continue;
    const until = narrationShownUntil(cues, i);
    if (until <= range.from || cue.start >= range.to) continue;
    for (const piece of cuePieces(timeline, { ...cue, end: until })) {
      const start = Math.max(piece.start, range.from) - range.from;
      const end = Math.min(piece.end, range.to) - range.from;
      if (end - start >= MIN_SECONDS) out.push({ ...piece, start: roundTime(start), end: roundTime(end) });
    }
  }
  return out;
}

interface Timed {
  start: number;
  end: number;
  speaker?: string;
  lines: string[];
}

function nameOf(timeline: Timeline, id: string | undefined): string | undefined {
  return timeline.participants.find((p) => p.id === id)?.name;
}

function cuePieces(timeline: Timeline, cue: Cue): Timed[] {
  const speaker = nameOf(timeline, cue.participantId);
  switch (cue.kind) {
    case 'title':
      // One caption, as the card shows the title in two lines at most.
      return split(timeline.meta.topic ? `${timeline.meta.title}: ${timeline.meta.topic}` : timeline.meta.title, cue.start, cue.end, undefined, true);
    case 'end':
      return split(`Credits: ${timeline.participants.filter((p) => p.kind !== 'guest').map((p) => p.name).join(', ')}`, cue.start, cue.end);
    case 'prompt': {
      const from = timeline.meta.party ? 'Orchestrator' : 'User';
      return pagedPieces(cue.blocks, cue.pages, cue.start, cue.end, from);
    }
    case 'text':
      return pagedPieces(cue.blocks, cue.pages, cue.start, cue.end, speaker);
    case 'tool':
      // A tool card is one short line: what ran, not its output.
      return split(`[${cue.tool}] ${cue.title}`, cue.start, cue.end, speaker, true);
    case 'file':
      return split(`[${cue.op}] ${timeline.files[cue.file]?.path ?? cue.label}`, cue.start, cue.end, speaker, true);
    case 'conch':
    case 'notice':
    case 'session':
      return split(cue.label, cue.start, cue.end, undefined, true);
    case 'reasoning':
      return split('[thinking]', cue.start, cue.end, speaker);
  }
}

/** The text of each page, timed as the page is: from the previous page's end to its own. */
function pagedPieces(blocks: TextBlock[], pages: TextPage[] | undefined, start: number, end: number, speaker?: string): Timed[] {
  if (!pages?.length) return split(blocksText(blocks), start, end, speaker);
  return pages.flatMap((page, k) => {
    const from = k === 0 ? start : pages[k - 1]!.end;
    const to = k === pages.length - 1 ? Math.max(page.end, end) : page.end;
    return split(blocksText(blocks.slice(...page.blocks)), from, Math.min(to, end), speaker);
  });
}

/** Prose as it reads; a code block as a marker, since code read aloud is noise. */
function blocksText(blocks: TextBlock[]): string {
  return blocks
    .map((b) => (b.type === 'code' ? `[${b.lang || 'code'}: ${b.lines.length} line${b.lines.length === 1 ? '' : 's'}]` : blockText(b)))
    .join(' ');
}

/**
 * Text over [start, end] as captions of at most two lines, each lasting in proportion to its
 * length. The page is typed faster than it is held, so each piece is on screen by its start.
 * `one`: a single caption, cut short (a tool title or a label is a line, not a page).
 */
function split(text: string, start: number, end: number, speaker?: string, one = false): Timed[] {
  // Each caption's first line also carries `Name: `.
  const prefix = speaker ? speaker.length + 2 : 0;
  const lines = wrapLines(text, (i) => CAPTION_LINE_CHARS - (i % CAPTION_LINES === 0 ? prefix : 0));
  if (!lines.length || !(end > start)) return [];
  const groups: string[][] = [];
  for (let i = 0; i < lines.length; i += CAPTION_LINES) groups.push(lines.slice(i, i + CAPTION_LINES));
  if (one && groups.length > 1) {
    const last = groups[0]![CAPTION_LINES - 1]!;
    groups.splice(0, groups.length, [groups[0]![0]!, `${last.slice(0, CAPTION_LINE_CHARS - 1)}…`]);
  }
  const total = groups.reduce((n, g) => n + g.join(' ').length, 0);
  let at = start;
  let done = 0;
  return groups.map((g, i) => {
    done += g.join(' ').length;
    const next = i === groups.length - 1 ? end : start + ((end - start) * done) / total;
    const piece = { start: at, end: next, speaker, lines: g };
    at = next;
    return piece;
  });
}

/** Words into lines of at most `width(line index)` characters; a longer word (a path, a URL) is cut. */
export function wrapLines(text: string, width: (line: number) => number = () => CAPTION_LINE_CHARS): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const lines: string[] = [];
  let line = '';
  const room = () => Math.max(12, width(lines.length));
  for (let word of words) {
    while (!line && word.length > room()) {
      lines.push(word.slice(0, room()));
      word = word.slice(lines[lines.length - 1]!.length);
    }
    if (!word) continue;
    if (!line) line = word;
    else if (line.length + 1 + word.length <= room()) line += ` ${word}`;
    else {
      lines.push(line);
      line = '';
      while (word.length > room()) {
        lines.push(word.slice(0, room()));
        word = word.slice(lines[lines.length - 1]!.length);
      }
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** `00:01:02.345` (WebVTT) or `00:01:02,345` (SRT). */
function timestamp(seconds: number, decimal: '.' | ','): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${decimal}${pad(ms % 1000, 3)}`;
}

/** The speaker goes first on the caption: players show a WebVTT voice tag's text, not its name. */
function captionLines(c: Caption): string[] {
  return c.speaker ? [`${c.speaker}: ${c.lines[0] ?? ''}`, ...c.lines.slice(1)] : c.lines;
}

/** Cue text is data: `&`, `<` and `>` escaped, so nothing in a session reads as a tag. */
function vttEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function toWebVtt(captions: Caption[]): string {
  const cues = captions.map((c, i) => {
    const lines = captionLines(c).map(vttEscape);
    const voice = c.speaker ? `<v ${vttEscape(c.speaker)}>` : '';
    return `${i + 1}\n${timestamp(c.start, '.')} --> ${timestamp(c.end, '.')}\n${voice}${lines.join('\n')}\n`;
  });
  return ['WEBVTT', '', ...cues].join('\n');
}

export function toSrt(captions: Caption[]): string {
  return captions
    .map((c, i) => `${i + 1}\n${timestamp(c.start, ',')} --> ${timestamp(c.end, ',')}\n${captionLines(c).map((l) => l.replace(/-->/g, '->')).join('\n')}\n`)
    .join('\n');
}
