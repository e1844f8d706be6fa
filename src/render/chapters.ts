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
  if (!turns.length || turns[0]!.start > 0) marks.push({ start: 0, title: timeline.meta.title });
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
  /** Chapters folded into a neighbour for being shorter than 10 s, by title. */
  merged: string[];
  /** Too few chapters (or too short a video) for chapters to show; the lines are still given. */
  tooFew: boolean;
}

/**
 * `0:00 Title` lines. A chapter shorter than 10 s joins the one before it (the first joins the
 * next), so every line a site reads is long enough; the merged ones are named for a warning.
 */
export function descriptionChapters(chapters: VideoChapter[]): DescriptionChapters {
  const kept = chapters.map((c) => ({ ...c, titles: [c.title] }));
  const merged: string[] = [];
  for (let i = 0; i < kept.length && kept.length > 1; ) {
    const c = kept[i]!;
    if (c.end - c.start >= DESCRIPTION_RULES.minSeconds) {
      i++;
      continue;
    }
    merged.push(c.title);
    if (i === 0) {
      const next = kept[1]!;
      kept.splice(0, 2, { start: c.start, end: next.end, title: c.title, titles: [...c.titles, ...next.titles] });
    } else {
      const prev = kept[i - 1]!;
      kept.splice(i - 1, 2, { start: prev.start, end: c.end, title: prev.title, titles: [...prev.titles, ...c.titles] });
      i--;
    }
  }
  const lines = kept.map((c) => `${clock(c.start)} ${joinTitles(c.titles)}`);
  const tooFew = kept.length < DESCRIPTION_RULES.minChapters || kept.some((c) => c.end - c.start < DESCRIPTION_RULES.minSeconds);
  return { lines, merged, tooFew };
}

/**
 * "Turn 2 · Iris" and "Turn 3 · Juno" read as "Turns 2-3 · Iris, Juno"; the title card or the
 * credits merged into a turn give way to it; others are listed with " / ".
 */
function joinTitles(titles: string[]): string {
  const turns = titles.map((t) => /^Turn (\d+) · (.*)$/.exec(t)).filter((m): m is RegExpExecArray => Boolean(m));
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
