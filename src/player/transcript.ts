// The transcript side panel: one row per cue, grouped by turn. It follows the playhead,
// a click seeks to the row's cue, and the search box sits at its top.
import type { Timeline } from '../timeline/model.js';
import { cueTag } from './cue-text.js';
import { formatClock } from '../util/text.js';
import { el, iconButton } from './dom.js';
import { Search } from './search.js';
import { icon } from './icons.js';

const ROWS_PER_CHUNK = 600;
/** After the viewer scrolls the list, stop following the playhead for this long (ms). */
const USER_SCROLL_HOLD = 3000;

export class Transcript {
  readonly element: HTMLElement;
  readonly search: Search;
  private readonly list: HTMLDivElement;
  private rows: HTMLElement[] = [];
  private timeline!: Timeline;
  private current = -1;
  private built = 0;
  private buildToken = 0;
  private lastUserScroll = -Infinity;

  constructor(
    private readonly onSeek: (t: number) => void,
    onClose: () => void,
  ) {
    this.list = el('div', { className: 'pm-transcript-list', attrs: { role: 'list' } });
    this.search = new Search((cueIndex) => this.jumpTo(cueIndex));
    const close = iconButton(icon('close', 16), 'Close transcript (t)', 'pm-transcript-close');
    close.addEventListener('click', onClose);
    const head = el('div', { className: 'pm-transcript-head' }, [this.search.element, close]);
    this.element = el('aside', { className: 'pm-transcript', attrs: { 'aria-label': 'Transcript' } }, [head, this.list]);
    const held = (): void => {
      this.lastUserScroll = performance.now();
    };
    this.list.addEventListener('wheel', held, { passive: true });
    this.list.addEventListener('touchmove', held, { passive: true });
    this.list.addEventListener('keydown', held);
    this.list.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('[data-cue]');
      if (!row) return;
      const cue = this.timeline.cues[Number(row.dataset.cue)];
      if (cue) {
        this.lastUserScroll = -Infinity;
        this.onSeek(cue.start);
      }
    });
  }

  setTimeline(timeline: Timeline): void {
    this.timeline = timeline;
    this.search.setTimeline(timeline);
    // Reading scrollTop forces a layout: only worth it when there is a list to keep the place in.
    const keepScroll = this.built ? this.list.scrollTop : 0;
    this.list.replaceChildren();
    this.rows = new Array<HTMLElement>(timeline.cues.length);
    this.built = 0;
    this.current = -1;
    const token = ++this.buildToken;
    // Rows are built in chunks after the first frame, so a long session opens at once.
    const buildChunk = (): void => {
      if (token !== this.buildToken) return;
      this.buildRows(Math.min(timeline.cues.length, this.built + ROWS_PER_CHUNK));
      if (this.built < timeline.cues.length) requestAnimationFrame(buildChunk);
      else this.list.scrollTop = keepScroll;
    };
    requestAnimationFrame(buildChunk);
  }

  private buildRows(upTo: number): void {
    const tl = this.timeline;
    const people = new Map(tl.participants.map((p) => [p.id, p]));
    const frag = document.createDocumentFragment();
    for (let i = this.built; i < upTo; i++) {
      const cue = tl.cues[i]!;
      const chapter = tl.chapters[cue.chapter];
      if (chapter && chapter.cues[0] === i) {
        const color = people.get(chapter.participantId)?.color ?? '#8b97a6';
        const head = el('div', { className: 'pm-turn-head' }, [
          el('span', { className: 'pm-turn-swatch' }),
          el('span', { text: `Turn ${chapter.turn + 1} · ${chapter.entity}` }),
          el('span', { className: 'pm-turn-model', text: chapter.models[0] ?? '' }),
        ]);
        head.style.setProperty('--pm-who', color);
        frag.appendChild(head);
      }
      const who = cue.participantId ? people.get(cue.participantId) : undefined;
      const row = el('div', { className: `pm-row pm-kind-${cue.kind}`, attrs: { role: 'listitem', tabindex: '-1' } }, [
        el('span', { className: 'pm-row-time', text: formatClock(cue.start) }),
        el('span', { className: 'pm-row-tag', text: cueTag(cue) }),
        el('span', { className: 'pm-row-text', text: cue.label }),
      ]);
      row.dataset.cue = String(i);
      if (who) row.style.setProperty('--pm-who', who.color);
      this.rows[i] = row;
      frag.appendChild(row);
    }
    this.list.appendChild(frag);
    this.built = upTo;
    if (this.current >= 0 && this.current < upTo) this.mark(this.current, -1);
    this.search.refreshRows(this.rows);
  }

  /**
   * Highlight the cue playing now and keep it in view, in the next animation frame: a seek
   * redraws the stage at once and the list (whose layout is costly) catches up once per frame.
   */
  follow(cueIndex: number): void {
    this.wanted = cueIndex;
    if (this.followFrame) return;
    this.followFrame = requestAnimationFrame(() => {
      this.followFrame = 0;
      if (this.wanted === this.current) return;
      const previous = this.current;
      this.current = this.wanted;
      this.mark(this.current, previous);
    });
  }

  private wanted = -1;
  private followFrame = 0;

  private mark(cueIndex: number, previous: number): void {
    if (previous >= 0) this.rows[previous]?.classList.remove('pm-current');
    const row = this.rows[cueIndex];
    if (!row) return;
    row.classList.add('pm-current');
    if (this.element.offsetParent !== null && performance.now() - this.lastUserScroll > USER_SCROLL_HOLD) {
      const list = this.list.getBoundingClientRect();
      const r = row.getBoundingClientRect();
      if (r.top < list.top || r.bottom > list.bottom) {
        this.list.scrollTop += r.top - list.top - list.height / 3;
      }
    }
  }

  private jumpTo(cueIndex: number): void {
    const cue = this.timeline.cues[cueIndex];
    if (!cue) return;
    this.lastUserScroll = -Infinity;
    this.onSeek(cue.start);
  }

  /** Rows built so far (for tests and the embed API). */
  get rowCount(): number {
    return this.built;
  }
}
