// Chapters of a rendered video: the title card, one per turn ("Turn 2 · Iris"), the credits.
// Written into MP4 and WebM files through an FFMETADATA file (ffprobe -show_chapters lists them),
// and printed as the `0:00 Title` lines a video description takes.
import type { Timeline } from '../timeline/model.js';

export interface VideoChapter {
  /** Seconds from the start of the video (after --from). */
  start: number;
  end: number;
  title: string;
}

/** The chapters of [from, to) of the timeline, back to back, times relative to `from`. */
export function videoChapters(timeline: Timeline, range: { from: number; to: number }): VideoChapter[] {
  const turns = timeline.chapters;
  const marks: Array<{ start: number; title: string }> = [];
  if (!turns.length || turns[0]!.start > 0) marks.push({ start: 0, title: shortTitle(timeline.meta.title) });
  for (const ch of turns) marks.push({ start: ch.start, title: `Turn ${ch.turn + 1} · ${ch.entity}` });
  const last = turns[turns.length - 1];
  if (last && last.end < timeline.duration) marks.push({ start: last.end, title: 'Credits' });
  const out: VideoChapter[] = [];
  marks.forEach((m, i) => {
    const end = marks[i + 1]?.start ?? timeline.duration;
    const start = Math.max(m.start, range.from);
    const stop = Math.min(end, range.to);
    if (stop > start) out.push({ start: start - range.from, end: stop - range.from, title: m.title });
  });
  return out;
}

/** Chapter menus show a line: a long title (a plain session's first prompt) is cut at a word. */
const TITLE_CHARS = 60;

function shortTitle(title: string): string {
  const line = title.replace(/\s+/g, ' ').trim();
  if (line.length <= TITLE_CHARS) return line;
  const cut = line.slice(0, TITLE_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_CHARS / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

/** FFMETADATA escapes `=`, `;`, `#`, `\` and line breaks with a backslash. */
function metaEscape(text: string): string {
  return text.replace(/[\\=;#\n]/g, (c) => `\\${c}`).replace(/\r/g, '');
}

/** An FFMETADATA1 file: the video's title and its chapters in milliseconds. */
export function ffmetadata(title: string, chapters: VideoChapter[]): string {
  const lines = [';FFMETADATA1', `title=${metaEscape(title)}`];
  for (const c of chapters) {
    lines.push('', '[CHAPTER]', 'TIMEBASE=1/1000', `START=${Math.round(c.start * 1000)}`, `END=${Math.round(c.end * 1000)}`, `title=${metaEscape(c.title)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What a video site asks of description chapters: the first at 0:00, three or more, each 10 s or longer. */
export const DESCRIPTION_RULES = { minChapters: 3, minSeconds: 10 } as const;

export interface DescriptionChapters {
  lines: string[];
  /** Chapters shorter than 10 s folded together with a neighbour: each group's titles. */
  merged: string[][];
  /** Too few chapters (or too short a video) for chapters to show; the lines are still given. */
  tooFew: boolean;
}

/**
 * `0:00 Title` lines. While a chapter is shorter than 10 s, the shortest one joins its shorter
 * neighbour, so every line a site reads is long enough and no chapter swallows the rest; the
 * groups are returned for a note.
 */
export function descriptionChapters(chapters: VideoChapter[]): DescriptionChapters {
  const groups = chapters.map((c) => ({ start: c.start, end: c.end, titles: [c.title] }));
  const length = (g: { start: number; end: number }) => g.end - g.start;
  while (groups.length > 1) {
    let i = 0;
    groups.forEach((g, k) => {
      if (length(g) < length(groups[i]!)) i = k;
    });
    if (length(groups[i]!) >= DESCRIPTION_RULES.minSeconds) break;
    const before = groups[i - 1];
    const after = groups[i + 1];
    const j = !before ? i + 1 : !after ? i - 1 : length(before) <= length(after) ? i - 1 : i + 1;
    const [a, b] = [Math.min(i, j), Math.max(i, j)];
    groups.splice(a, 2, { start: groups[a]!.start, end: groups[b]!.end, titles: [...groups[a]!.titles, ...groups[b]!.titles] });
  }
  const lines = groups.map((g) => `${clock(g.start)} ${joinTitles(g.titles)}`);
  const tooFew = groups.length < DESCRIPTION_RULES.minChapters || groups.some((g) => length(g) < DESCRIPTION_RULES.minSeconds);
  return { lines, merged: groups.filter((g) => g.titles.length > 1).map((g) => g.titles), tooFew };
}

/**
 * "Turn 2 · Iris" and "Turn 3 · Juno" read as "Turns 2-3 · Iris, Juno"; the title card or the
 * credits merged into a turn give way to it; others are listed with " / ".
 */
function joinTitles(titles: string[]): string {
  const turns = titles.map((t) => /^Turn (\d+) \u00b7 (.*)$/.exec(t)).filter((m): m is RegExpExecArray => Boolean(m));
  if (turns.length === 1) return turns[0]![0];
  if (turns.length > 1) {
    const names = [...new Set(turns.map((m) => m[2]!))];
    return `Turns ${turns[0]![1]}-${turns[turns.length - 1]![1]} · ${names.join(', ')}`;
  }
  return titles.join(' / ');
}

/** `0:00`, `1:05`, `1:02:03`: whole seconds, rounded down, as description chapters are written. */
function clock(seconds: number): string {
  const s = Math.floor(seconds + 1e-6);
  const h = Math.floor(s / 3600);
  const m = Math.floor(s / 60) % 60;
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
