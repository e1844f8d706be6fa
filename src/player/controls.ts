// The control bar under the stage: play/pause, time, seek bar, current turn, speed, panels.
import type { Chapter, Timeline } from '../timeline/model.js';
import { formatClock } from '../util/text.js';
import { el, iconButton } from './dom.js';
import { icon } from './icons.js';
import { SeekBar } from './seekbar.js';
import { SpeedMenu } from './speed-menu.js';

export interface ControlActions {
  toggle(): void;
  seek(t: number): void;
  setSpeed(speed: number): void;
  toggleTranscript(): void;
  toggleHelp(): void;
  toggleFullscreen(): void;
}

export class Controls {
  readonly element: HTMLDivElement;
  readonly seekBar: SeekBar;
  private readonly playButton: HTMLButtonElement;
  private readonly time: HTMLSpanElement;
  private readonly turn: HTMLSpanElement;
  private readonly turnDot: HTMLSpanElement;
  private readonly turnText: HTMLSpanElement;
  private readonly speed: SpeedMenu;
  private readonly transcriptButton: HTMLButtonElement;
  private duration = 0;
  private shownSecond = -1;

  constructor(actions: ControlActions) {
    this.playButton = iconButton(icon('play'), 'Play (Space)', 'pm-play');
    this.playButton.addEventListener('click', () => actions.toggle());
    this.time = el('span', { className: 'pm-time', text: '0:00 / 0:00' });
    this.seekBar = new SeekBar((t) => actions.seek(t));
    this.turnDot = el('span', { className: 'pm-turn-dot' });
    this.turnText = el('span', { className: 'pm-turn-text' });
    this.turn = el('span', { className: 'pm-turn' }, [this.turnDot, this.turnText]);
    this.speed = new SpeedMenu((s) => actions.setSpeed(s));
    this.transcriptButton = iconButton(icon('transcript'), 'Transcript and search (t)', 'pm-transcript-btn');
    this.transcriptButton.addEventListener('click', () => actions.toggleTranscript());
    const help = iconButton('?', 'Keyboard shortcuts (?)', 'pm-help-btn');
    help.addEventListener('click', () => actions.toggleHelp());
    const full = iconButton(icon('fullscreen'), 'Fullscreen (f)', 'pm-full-btn');
    full.addEventListener('click', () => actions.toggleFullscreen());
    this.element = el('div', { className: 'pm-controls' }, [
      this.playButton,
      this.time,
      this.seekBar.element,
      this.turn,
      this.speed.element,
      this.transcriptButton,
      help,
      full,
    ]);
  }

  setTimeline(timeline: Timeline): void {
    this.duration = timeline.duration;
    this.seekBar.setTimeline(timeline);
    this.shownSecond = -1;
    // As wide as the longest time this session shows, so the seek bar beside it keeps its width.
    const widest = formatClock(timeline.duration).replace(/\d/g, '0');
    this.time.style.minWidth = `${widest.length * 2 + 3}ch`;
  }

  update(t: number): void {
    this.seekBar.update(t);
    const second = Math.floor(t);
    if (second !== this.shownSecond) {
      this.shownSecond = second;
      this.time.textContent = `${formatClock(t)} / ${formatClock(this.duration)}`;
    }
  }

  showChapter(chapter: Chapter | undefined, color: string | undefined, total: number): void {
    this.turnText.textContent = chapter ? `Turn ${chapter.turn + 1}/${total} · ${chapter.entity}` : '';
    this.turnDot.style.background = color ?? 'transparent';
    this.turn.classList.toggle('pm-hidden', !chapter);
  }

  showState(playing: boolean, speed: number, ended = false): void {
    this.playButton.replaceChildren(icon(playing ? 'pause' : ended ? 'replay' : 'play'));
    const label = playing ? 'Pause (Space)' : ended ? 'Replay (Space)' : 'Play (Space)';
    this.playButton.title = label;
    this.playButton.setAttribute('aria-label', label);
    this.speed.update(speed);
  }

  showTranscriptOpen(open: boolean): void {
    this.transcriptButton.classList.toggle('pm-active', open);
    this.transcriptButton.setAttribute('aria-pressed', String(open));
  }
}
