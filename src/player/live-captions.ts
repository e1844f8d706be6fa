// The captions, offered to screen readers: the canvas draws words no assistive technology can
// read, so a polite live region carries the caption of the moment, changed only when it changes.
import { captionsFor, type Caption } from '../timeline/captions.js';
import type { Timeline } from '../timeline/model.js';
import { lastAtOrBefore } from '../timeline/query.js';
import { el } from './dom.js';

export class LiveCaptions {
  readonly element: HTMLDivElement;
  private captions: Caption[] = [];
  private shown = -2;
  private last = 0;
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.element = el('div', {
      className: 'pm-captions',
      attrs: { 'aria-live': 'polite', 'aria-atomic': 'true', 'aria-label': 'Captions' },
    });
  }

  /** Captions are made just after the first frame, which they would otherwise delay. */
  setTimeline(timeline: Timeline): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.captions = captionsFor(timeline, { from: 0, to: timeline.duration });
      this.shown = -2;
      this.update(this.last);
    }, 0);
  }

  /** The caption at t, or none between captions. */
  update(t: number): void {
    this.last = t;
    const i = lastAtOrBefore(this.captions, t, (c) => c.start);
    const at = i >= 0 && t < this.captions[i]!.end ? i : -1;
    if (at === this.shown) return;
    this.shown = at;
    const c = this.captions[at];
    this.element.textContent = c ? `${c.speaker ? `${c.speaker}: ` : ''}${c.lines.join(' ')}` : '';
  }
}
