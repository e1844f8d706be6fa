// A title and subtitle given on the command line, over the session's own: the title card, the
// stage's header and the exported page all read `meta.title` and `meta.topic`, so this is the
// one place they change.
import type { Timeline } from './model.js';

export interface Titles {
  title?: string;
  subtitle?: string;
}

/** The timeline with its title (and the title card's topic line) replaced where given. */
export function retitle(timeline: Timeline, titles: Titles): Timeline {
  const title = titles.title?.trim();
  const subtitle = titles.subtitle?.trim();
  if (!title && subtitle === undefined) return timeline;
  const meta = { ...timeline.meta, ...(title ? { title } : {}), ...(subtitle !== undefined ? { topic: subtitle || undefined } : {}) };
  const cues = title ? timeline.cues.map((c) => (c.kind === 'title' ? { ...c, label: title } : c)) : timeline.cues;
  return { ...timeline, meta, cues };
}
