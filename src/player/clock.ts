// The playback clock: requestAnimationFrame advances t by wall time × speed while playing.
// The scene never reads a clock; it is handed this t.

export interface ClockListener {
  /** Called after every change of t (frames, seeks). */
  time(t: number): void;
  /** Called when playing/paused or speed changes. */
  state(): void;
  ended(): void;
}

export class Clock {
  t = 0;
  playing = false;
  speed = 1;
  private last = 0;
  private frame = 0;

  constructor(
    public duration: number,
    private readonly listener: ClockListener,
  ) {}

  play(): void {
    if (this.playing) return;
    if (this.t >= this.duration) this.t = 0;
    this.playing = true;
    this.last = performance.now();
    this.frame = requestAnimationFrame(this.tick);
    this.listener.state();
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.listener.state();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  seek(t: number): void {
    this.t = Math.min(Math.max(0, Number.isFinite(t) ? t : 0), this.duration);
    this.last = performance.now();
    this.listener.time(this.t);
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    this.listener.state();
  }

  setDuration(duration: number): void {
    this.duration = duration;
    if (this.t > duration) this.seek(duration);
  }

  private readonly tick = (now: number): void => {
    if (!this.playing) return;
    const dt = Math.min(0.25, Math.max(0, (now - this.last) / 1000));
    this.last = now;
    this.t = Math.min(this.duration, this.t + dt * this.speed);
    this.listener.time(this.t);
    if (this.t >= this.duration) {
      this.playing = false;
      this.listener.state();
      this.listener.ended();
      return;
    }
    this.frame = requestAnimationFrame(this.tick);
  };
}
