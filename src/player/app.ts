// The player: wires the clock, the stage, the controls, the transcript and the keyboard
// around one timeline. It is the only owner of t.
import type { SceneAssets } from '../scene/index.js';
import type { Timeline } from '../timeline/model.js';
import { chapterAt, cueIndexAt } from '../timeline/query.js';
import { Clock } from './clock.js';
import { Controls } from './controls.js';
import { timeFromHash } from './deep-link.js';
import { el } from './dom.js';
import { HelpOverlay } from './help-overlay.js';
import { bindKeyboard } from './keyboard.js';
import { MAX_SPEED, MIN_SPEED, SPEEDS, type PlayerOptions } from './payload.js';
import { Stage } from './stage.js';
import { Transcript } from './transcript.js';
import { LiveCaptions } from './live-captions.js';

/** One frame for `,` / `.`, at the video's 30 fps. */
const FRAME = 1 / 30;
/**
 * Windows at least this wide open with the transcript showing: beside it the stage keeps more
 * than 1280 px. Narrower, the stage has the window and the transcript is a sheet opened on demand.
 */
const WIDE = 1700;

export type PlayerEvent = 'ready' | 'play' | 'pause' | 'ended' | 'seek' | 'turn' | 'timeline';

export class Player {
  readonly root: HTMLElement;
  readonly clock: Clock;
  readonly stage: Stage;
  readonly controls: Controls;
  readonly transcript: Transcript;
  readonly help: HelpOverlay;
  readonly captions = new LiveCaptions();
  private timeline: Timeline;
  private chapterShown: number | undefined = -2;
  private wasPlaying = false;
  private showingPoster = false;
  /** While only the head is loaded: the time it covers. Later frames wait for the whole timeline. */
  private loadedUntil: number | undefined;
  private readonly waitNote: HTMLDivElement;
  private listeners = new Map<PlayerEvent, Set<(detail: unknown) => void>>();

  /** `loadedUntil`: the timeline is a head that holds only what plays up to then (see main.ts). */
  constructor(root: HTMLElement, timeline: Timeline, assets: SceneAssets, options: PlayerOptions, loadedUntil?: number) {
    this.root = root;
    this.timeline = timeline;
    this.loadedUntil = loadedUntil;
    this.clock = new Clock(timeline.duration, {
      time: (t) => this.onTime(t),
      state: () => this.onState(),
      ended: () => this.emit('ended', this.clock.t),
    });
    this.clock.speed = clampSpeed(options.speed);
    this.stage = new Stage(timeline, assets);
    this.waitNote = el('div', { className: 'pm-wait', text: 'Loading the rest of the session…', attrs: { role: 'status' } });
    this.stage.element.appendChild(this.waitNote);
    this.stage.element.appendChild(this.captions.element);
    this.stage.canvas.addEventListener('click', () => this.toggle());
    this.controls = new Controls({
      toggle: () => this.toggle(),
      seek: (t) => this.seek(t),
      setSpeed: (s) => this.setSpeed(s),
      toggleTranscript: () => this.toggleTranscript(),
      toggleHelp: () => this.help.toggle(),
      toggleFullscreen: () => this.toggleFullscreen(),
    });
    this.transcript = new Transcript(
      (t) => this.seek(t),
      () => this.toggleTranscript(false),
    );
    this.transcript.search.now = () => this.clock.t;
    this.help = new HelpOverlay();
    const main = el('div', { className: 'pm-main' }, [this.stage.element, this.controls.element]);
    root.replaceChildren(main, this.transcript.element, this.help.element);
    root.classList.add('pm-ready');
    root.classList.toggle('pm-with-transcript', window.innerWidth >= WIDE);
    this.controls.showTranscriptOpen(root.classList.contains('pm-with-transcript'));

    bindKeyboard(document, {
      toggle: () => this.toggle(),
      seekBy: (s) => this.seek(this.clock.t + s),
      seekFraction: (f, relative) => this.seek((relative ? this.clock.t : 0) + f * this.timeline.duration),
      turn: (d) => this.stepTurn(d),
      frameStep: (d) => {
        this.pause();
        this.seek(this.clock.t + d * FRAME);
      },
      speedStep: (d) => this.setSpeed(stepSpeed(this.clock.speed, d)),
      toggleFullscreen: () => this.toggleFullscreen(),
      toggleHelp: () => this.help.toggle(),
      toggleTranscript: () => this.toggleTranscript(),
      focusSearch: () => {
        this.toggleTranscript(true);
        this.transcript.search.focus();
      },
      escape: () => this.help.hide(),
    });
    window.addEventListener('hashchange', () => {
      const t = timeFromHash(location.hash, this.timeline);
      if (t !== undefined) this.seek(t);
    });

    this.applyTimeline(timeline);
    const linked = timeFromHash(location.hash, timeline);
    this.clock.t = Math.min(linked ?? options.poster, timeline.duration);
    this.showingPoster = linked === undefined && options.poster > 0;
    this.onState();
    this.stage.resize();
    this.onTime(this.clock.t);
    performance.mark('playback:first-frame');
    if (options.autoplay) this.play();
  }

  get currentTime(): number {
    return this.clock.t;
  }

  get duration(): number {
    return this.timeline.duration;
  }

  get data(): Timeline {
    return this.timeline;
  }

  play(): void {
    this.root.classList.add('pm-started');
    // The poster is a still from the title card; playing starts the session from its beginning.
    if (this.showingPoster) this.clock.t = 0;
    this.showingPoster = false;
    this.clock.play();
  }

  pause(): void {
    this.clock.pause();
  }

  toggle(): void {
    if (this.clock.playing) this.pause();
    else this.play();
  }

  seek(t: number): void {
    this.showingPoster = false;
    this.root.classList.add('pm-started');
    this.clock.seek(t);
    this.onState();
    this.emit('seek', this.clock.t);
  }

  /** 1-based, as shown. */
  seekTurn(turn: number): boolean {
    const chapter = this.timeline.chapters[turn - 1];
    if (!chapter) return false;
    this.seek(chapter.start);
    return true;
  }

  currentTurn(): number | undefined {
    const ch = chapterAt(this.timeline, this.clock.t);
    return ch ? ch.turn + 1 : undefined;
  }

  setSpeed(speed: number): void {
    this.clock.setSpeed(clampSpeed(speed));
  }

  /** Swap in a newer or whole timeline of the same session (live follow, or after the head), keeping the playhead. */
  setTimeline(timeline: Timeline): void {
    this.loadedUntil = undefined;
    this.applyTimeline(timeline);
    this.clock.setDuration(timeline.duration);
    this.chapterShown = -2;
    this.onTime(this.clock.t);
    this.emit('timeline', timeline.duration);
  }

  on(event: PlayerEvent, callback: (detail: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(callback);
    return () => set.delete(callback);
  }

  emit(event: PlayerEvent, detail: unknown): void {
    for (const cb of this.listeners.get(event) ?? []) {
      try {
        cb(detail);
      } catch (err) {
        console.warn('playback: a listener failed', err);
      }
    }
    this.root.dispatchEvent(new CustomEvent(`playback:${event}`, { detail }));
  }

  toggleTranscript(open?: boolean): void {
    const show = open ?? !this.root.classList.contains('pm-with-transcript');
    this.root.classList.toggle('pm-with-transcript', show);
    this.controls.showTranscriptOpen(show);
  }

  toggleFullscreen(): void {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void this.root.requestFullscreen?.().catch(() => undefined);
  }

  private applyTimeline(timeline: Timeline): void {
    this.timeline = timeline;
    document.title = timeline.meta.title ? `${timeline.meta.title} · Playback` : 'Playback';
    this.stage.setTimeline(timeline);
    this.controls.setTimeline(timeline);
    this.transcript.setTimeline(timeline);
    this.captions.setTimeline(timeline);
  }

  private stepTurn(direction: 1 | -1): void {
    const t = this.clock.t;
    const chapters = this.timeline.chapters;
    if (!chapters.length) return;
    if (direction > 0) {
      const next = chapters.find((c) => c.start > t + 1e-3);
      this.seek(next ? next.start : this.timeline.duration);
    } else {
      // Within the first second of a turn, go to the one before it (as a player's "previous").
      const prev = [...chapters].reverse().find((c) => c.start < t - 1);
      this.seek(prev ? prev.start : 0);
    }
  }

  private onTime(t: number): void {
    // Past the head, hold its last frame and say so, rather than draw a turn whose cues are not read yet.
    const waiting = this.loadedUntil !== undefined && t > this.loadedUntil;
    this.root.classList.toggle('pm-waiting', waiting);
    this.stage.draw(waiting ? this.loadedUntil! : t);
    this.controls.update(t);
    this.captions.update(waiting ? this.loadedUntil! : t);
    this.transcript.follow(cueIndexAt(this.timeline, t));
    const ch = chapterAt(this.timeline, t);
    const index = ch?.turn;
    if (index !== this.chapterShown) {
      this.chapterShown = index;
      const color = ch ? this.timeline.participants.find((p) => p.id === ch.participantId)?.color : undefined;
      this.controls.showChapter(ch, color, this.timeline.chapters.length);
      this.root.dataset.turn = ch ? String(ch.turn + 1) : '';
      if (ch) this.emit('turn', ch.turn + 1);
    }
  }

  private onState(): void {
    this.controls.showState(this.clock.playing, this.clock.speed, this.clock.t >= this.timeline.duration);
    this.root.classList.toggle('pm-playing', this.clock.playing);
    if (this.clock.playing !== this.wasPlaying) {
      this.wasPlaying = this.clock.playing;
      this.emit(this.clock.playing ? 'play' : 'pause', this.clock.t);
    }
  }
}

function clampSpeed(speed: number): number {
  return Number.isFinite(speed) ? Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed)) : 1;
}

function stepSpeed(speed: number, direction: 1 | -1): number {
  const i = SPEEDS.findIndex((s) => s >= speed - 1e-9);
  const at = i < 0 ? SPEEDS.length - 1 : i;
  return SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, at + direction))]!;
}
