// The poster's moment when none is asked for: the first turn's longest text once it is typed out
// (the title card is the same for every session; words tell them apart). Pure.
import type { TextCue, Timeline } from './model.js';

export function autoPosterTime(timeline: Timeline): number {
  const texts = timeline.cues.filter((c): c is TextCue => c.kind === 'text');
  const first = texts.filter((c) => c.chapter === 0);
  const text = (first.length ? first : texts).reduce<TextCue | undefined>((best, c) => (!best || c.chars > best.chars ? c : best), undefined);
  if (!text) return timeline.chapters[0] ? (timeline.chapters[0].start + timeline.chapters[0].end) / 2 : 0;
  const page = text.pages?.[0];
  return page ? (page.typed + page.end) / 2 : (text.start + text.end) / 2;
}
