// The seek bar: progress, a thumb, and one marker per turn in the colour of its entity.
import type { Timeline } from '../timeline/model.js';
import { chapterAt } from '../timeline/query.js';
import { formatClock } from '../util/text.js';
import { el } from './dom.js';

export class SeekBar {
  readonly element: HTMLDivElement;
  private readonly track: HTMLDivElement;
  private readonly fill: HTMLDivElement;
  private readonly thumb: HTMLDivElement;
  private readonly markers: HTMLDivElement;
  private readonly tip: HTMLDivElement;
  private duration = 1;
  private timeline!: Timeline;
  private dragging = false;

  constructor(private readonly onSeek: (t: number) => void) {
    this.fill = el('div', { className: 'pm-seek-fill' });
    this.markers = el('div', { className: 'pm-seek-markers' });
    this.thumb = el('div', { className: 'pm-seek-thumb' });
    this.track = el('div', { className: 'pm-seek-track' }, [this.markers, this.fill]);
    this.tip = el('div', { className: 'pm-seek-tip' });
    this.element = el(
      'div',
      { className: 'pm-seek', attrs: { role: 'slider', tabindex: '0', 'aria-label': 'Seek', 'aria-valuemin': '0' } },
      [this.track, this.thumb, this.tip],
    );
    this.element.addEventListener('pointerdown', (e) => {
      this.dragging = true;
      this.element.setPointerCapture(e.pointerId);
      this.onSeek(this.timeAt(e.clientX));
    });
    this.element.addEventListener('pointermove', (e) => {
      this.showTip(e.clientX);
      if (this.dragging) this.onSeek(this.timeAt(e.clientX));
    });
    const stop = (e: PointerEvent): void => {
      this.dragging = false;
      if (this.element.hasPointerCapture(e.pointerId)) this.element.releasePointerCapture(e.pointerId);
    };
    this.element.addEventListener('pointerup', stop);
    this.element.addEventListener('pointercancel', stop);
    this.element.addEventListener('pointerleave', () => this.tip.classList.remove('pm-visible'));
  }

  setTimeline(timeline: Timeline): void {
    this.timeline = timeline;
    this.duration = Math.max(timeline.duration, 0.001);
    this.element.setAttribute('aria-valuemax', String(Math.round(timeline.duration)));
    // One element a turn: for a long session the markers are a few hundred divs, built after the
    // first frame is drawn so they never hold it back.
    requestAnimationFrame(() => {
      if (this.timeline === timeline) this.buildMarkers(timeline);
    });
  }

  private buildMarkers(timeline: Timeline): void {
    const colorOf = new Map(timeline.participants.map((p) => [p.id, p.color]));
    const frag = document.createDocumentFragment();
    for (const ch of timeline.chapters) {
      const seg = el('div', { className: 'pm-seek-chapter' });
      seg.style.left = `${(ch.start / this.duration) * 100}%`;
      seg.style.width = `${(Math.max(0, ch.end - ch.start) / this.duration) * 100}%`;
      seg.style.setProperty('--pm-chapter-color', colorOf.get(ch.participantId) ?? '#8b97a6');
      seg.dataset.turn = String(ch.turn + 1);
      frag.appendChild(seg);
    }
    this.markers.replaceChildren(frag);
  }

  update(t: number): void {
    const pct = `${Math.min(100, (t / this.duration) * 100)}%`;
    this.fill.style.width = pct;
    this.thumb.style.left = pct;
    this.element.setAttribute('aria-valuenow', String(Math.round(t)));
    this.element.setAttribute('aria-valuetext', formatClock(t));
  }

  private timeAt(clientX: number): number {
    const box = this.track.getBoundingClientRect();
    const x = Math.min(Math.max(0, clientX - box.left), box.width);
    return (x / Math.max(1, box.width)) * this.duration;
  }

  private showTip(clientX: number): void {
    const t = this.timeAt(clientX);
    const ch = this.timeline && chapterAt(this.timeline, t);
    this.tip.textContent = ch ? `${formatClock(t)} · Turn ${ch.turn + 1} · ${ch.entity}` : formatClock(t);
    const box = this.track.getBoundingClientRect();
    this.tip.style.left = `${Math.min(Math.max(0, clientX - box.left), box.width)}px`;
    this.tip.classList.add('pm-visible');
  }
}
