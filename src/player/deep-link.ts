// Deep links: `#t=90`, `#t=1:30` or `#t=90s` open at a time; `#turn=3` opens on turn 3 (1-based).
import type { Timeline } from '../timeline/model.js';

function parseClock(value: string): number | undefined {
  const v = value.trim().replace(/s$/, '');
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const parts = v.split(':');
  if (parts.length > 3 || !parts.every((p) => /^\d+(\.\d+)?$/.test(p))) return undefined;
  return parts.reduce((acc, p) => acc * 60 + Number(p), 0);
}

/** The time a hash points at, or undefined when it names nothing in this timeline. */
export function timeFromHash(hash: string, timeline: Timeline): number | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const turn = params.get('turn');
  if (turn !== null && /^\d+$/.test(turn.trim())) {
    const chapter = timeline.chapters[Number(turn) - 1];
    return chapter ? chapter.start : undefined;
  }
  const t = params.get('t');
  if (t !== null) {
    const seconds = parseClock(t);
    return seconds === undefined ? undefined : Math.min(seconds, timeline.duration);
  }
  return undefined;
}
