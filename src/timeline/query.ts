// Lookups of the timeline's state at a time t. Binary searches over the sorted cues, chapters
// and file versions: a seek costs O(log n) whatever the session's length.
import type { Chapter, Cue, FileTrack, FileVersion, StepCaption, Timeline } from './model.js';

/** Index of the last item whose start (by `key`) is <= t, or -1. */
export function lastAtOrBefore<T>(items: readonly T[], t: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]!) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function cueIndexAt(timeline: Timeline, t: number): number {
  return Math.max(0, lastAtOrBefore(timeline.cues, t, (c) => c.start));
}

export function cueAt(timeline: Timeline, t: number): Cue | undefined {
  return timeline.cues[cueIndexAt(timeline, t)];
}

/** The chapter playing at t, or undefined on the title and end cards. */
export function chapterAt(timeline: Timeline, t: number): Chapter | undefined {
  const i = lastAtOrBefore(timeline.chapters, t, (c) => c.start);
  const ch = timeline.chapters[i];
  return ch && t < ch.end ? ch : undefined;
}

/** The latest version of a file written at or before t. */
export function fileVersionAt(track: FileTrack, t: number): FileVersion | undefined {
  return track.versions[lastAtOrBefore(track.versions, t, (v) => v.time)];
}

/** Files that exist by time t, in order of first write. */
export function filesAt(timeline: Timeline, t: number): Array<{ track: FileTrack; version: FileVersion; index: number }> {
  const out: Array<{ track: FileTrack; version: FileVersion; index: number }> = [];
  timeline.files.forEach((track, index) => {
    const version = fileVersionAt(track, t);
    if (version) out.push({ track, version, index });
  });
  return out;
}

/**
 * The part of a timeline that plays up to `until`: the cues that start by then and the file
 * versions written by then, with chapters, participants and credits whole. Cues and versions are
 * cut to prefixes and every file keeps its place, so every index into them stays valid. A
 * player draws its first frames from this while the whole session is still being read.
 */
export function timelineUntil(timeline: Timeline, until: number): Timeline {
  const cueCount = lastAtOrBefore(timeline.cues, until, (c) => c.start) + 1;
  return {
    ...timeline,
    cues: timeline.cues.slice(0, cueCount),
    files: timeline.files.map((track) => ({
      ...track,
      versions: track.versions.slice(0, lastAtOrBefore(track.versions, until, (v) => v.time) + 1),
    })),
  };
}

/** Parse `--at`/`--from` values: seconds (`12.5`) or a turn (`turn:3`, 1-based). */
export function resolveTime(timeline: Timeline, spec: string): number | undefined {
  const turn = /^turn:(\d+)$/.exec(spec.trim());
  if (turn) {
    const ch = timeline.chapters[Number(turn[1]) - 1];
    return ch ? ch.start : undefined;
  }
  const n = Number(spec);
  return Number.isFinite(n) && n >= 0 ? Math.min(n, timeline.duration) : undefined;
}

/** The step caption a cue carries (work under a narration), if any. */
export function captionOf(cue: Cue | undefined): StepCaption | undefined {
  return cue && 'caption' in cue ? cue.caption : undefined;
}

/**
 * When the words of the text cue at `index` leave the screen: its end, or for a step's narration
 * the end of the last work cue it captions (it stays above that work, whole).
 */
export function narrationShownUntil(cues: readonly Cue[], index: number): number {
  const cue = cues[index]!;
  let until = cue.end;
  for (let j = index + 1; j < cues.length && cue.kind === 'text' && captionOf(cues[j])?.sourceId === cue.sourceId; j++) until = cues[j]!.end;
  return until;
}
