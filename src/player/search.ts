// Search over the transcript: matches are cues whose text holds the query (case-insensitive);
// Enter / ▼ goes to the next match after the playhead, Shift+Enter / ▲ to the previous one.
import type { Timeline } from '../timeline/model.js';
import { cueSearchText } from './cue-text.js';
import { el, iconButton } from './dom.js';
import { icon } from './icons.js';

export class Search {
  readonly element: HTMLDivElement;
  readonly input: HTMLInputElement;
  private readonly count: HTMLSpanElement;
  private haystack: string[] = [];
  private matches: number[] = [];
  private at = -1;
  private rows: HTMLElement[] = [];
  private timer = 0;
  private timeline!: Timeline;
  /** The playhead, read when choosing the next match. */
  now: () => number = () => 0;

  constructor(private readonly onJump: (cueIndex: number) => void) {
    this.input = el('input', {
      className: 'pm-search-input',
      attrs: { type: 'search', placeholder: 'Search transcript', 'aria-label': 'Search transcript', spellcheck: 'false' },
    });
    this.count = el('span', { className: 'pm-search-count', attrs: { 'aria-live': 'polite' } });
    const prev = iconButton(icon('up', 16), 'Previous match (Shift+Enter)', 'pm-search-prev');
    const next = iconButton(icon('down', 16), 'Next match (Enter)', 'pm-search-next');
    prev.addEventListener('click', () => this.step(-1));
    next.addEventListener('click', () => this.step(1));
    this.element = el('div', { className: 'pm-search', attrs: { role: 'search' } }, [this.input, this.count, prev, next]);
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => this.run(), 120);
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        clearTimeout(this.timer);
        if (this.query !== this.lastQuery) this.run();
        this.step(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        this.input.blur();
      }
    });
  }

  private lastQuery = '';

  private get query(): string {
    return this.input.value.trim().toLowerCase();
  }

  setTimeline(timeline: Timeline): void {
    this.timeline = timeline;
    // Built on the first search, not before the first frame.
    this.haystack = [];
    if (this.query) this.run(false);
  }

  private texts(): string[] {
    if (this.haystack.length !== this.timeline.cues.length) {
      this.haystack = this.timeline.cues.map((c) => cueSearchText(c).toLowerCase());
    }
    return this.haystack;
  }

  refreshRows(rows: HTMLElement[]): void {
    this.rows = rows;
    for (const i of this.matches) rows[i]?.classList.add('pm-match');
  }

  /** Find the query; `jump` seeks to the first match at or after the playhead. */
  run(jump = true): number {
    for (const i of this.matches) this.rows[i]?.classList.remove('pm-match', 'pm-match-current');
    const q = this.query;
    this.lastQuery = q;
    this.matches = [];
    this.at = -1;
    if (q) this.texts().forEach((text, i) => text.includes(q) && this.matches.push(i));
    for (const i of this.matches) this.rows[i]?.classList.add('pm-match');
    this.count.textContent = q ? (this.matches.length ? `${this.matches.length} found` : 'none') : '';
    this.input.classList.toggle('pm-none', Boolean(q) && !this.matches.length);
    if (jump && this.matches.length) this.step(1, true);
    return this.matches.length;
  }

  /** Go to the next (+1) or previous (-1) match relative to the playhead. */
  step(direction: 1 | -1, inclusive = false): void {
    if (!this.matches.length) return;
    let next: number;
    if (this.at >= 0) {
      next = (this.at + direction + this.matches.length) % this.matches.length;
    } else {
      const t = this.now();
      const cues = this.timeline.cues;
      if (direction > 0) {
        next = this.matches.findIndex((i) => (inclusive ? cues[i]!.end > t : cues[i]!.start > t));
        if (next < 0) next = 0;
      } else {
        next = this.matches.length - 1;
        while (next > 0 && cues[this.matches[next]!]!.start >= t) next--;
      }
    }
    if (this.at >= 0) this.rows[this.matches[this.at]!]?.classList.remove('pm-match-current');
    this.at = next;
    const cueIndex = this.matches[next]!;
    this.rows[cueIndex]?.classList.add('pm-match-current');
    this.count.textContent = `${next + 1} of ${this.matches.length}`;
    this.onJump(cueIndex);
  }

  focus(): void {
    this.input.focus();
    this.input.select();
  }

  get matchCount(): number {
    return this.matches.length;
  }
}
