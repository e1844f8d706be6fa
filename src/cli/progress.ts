// Progress for long commands: a redrawn bar with rate and ETA on a terminal, plain lines every
// few seconds otherwise (logs and CI keep a readable record instead of carriage returns).
import { formatClock } from '../util/text.js';

export interface ProgressOptions {
  /** Total units of work. */
  total: number;
  /** What a unit is called, plural ("frames"). */
  unit?: string;
  /** How the rate is named ("fps"); default "<unit>/s". */
  rateLabel?: string;
  /** Shown before the bar ("render"). */
  label?: string;
  stream?: NodeJS.WritableStream;
}

/** Seconds between plain lines when the stream is not a terminal. */
const PLAIN_INTERVAL = 5;

export interface Progress {
  update(done: number): void;
  /** Final line; the bar is replaced by a summary. */
  finish(message?: string): void;
  /** Clear the bar without a summary (on failure), so an error prints on a clean line. */
  abandon(): void;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = Boolean((stream as NodeJS.WriteStream).isTTY);
  const now = (): number => performance.now();
  const unit = options.unit ?? 'items';
  const rateLabel = options.rateLabel ?? `${unit}/s`;
  const label = options.label ? `${options.label} ` : '';
  const total = Math.max(1, options.total);
  const started = now();
  const intervalMs = PLAIN_INTERVAL * 1000;
  let lastDraw = -Infinity;
  let lastDone = 0;
  let drawn = false;

  const stats = (done: number) => {
    const seconds = Math.max(1e-3, (now() - started) / 1000);
    const rate = done / seconds;
    // Too early for a rate worth showing: the first items include start-up.
    const settled = seconds >= 0.5 && done >= 2;
    const eta = settled && rate > 0 ? (total - done) / rate : Infinity;
    return { seconds, rate, eta, settled };
  };

  const barLine = (done: number): string => {
    const { rate, eta, settled } = stats(done);
    const columns = (stream as NodeJS.WriteStream).columns ?? 80;
    const text = ` ${done}/${total} ${unit}  ${settled ? rate.toFixed(1) : '--'} ${rateLabel}  ETA ${formatClock(eta)}`;
    const width = Math.max(10, Math.min(40, columns - label.length - text.length - 3));
    const filled = Math.round((width * done) / total);
    return `${label}[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]${text}`;
  };

  const plainLine = (done: number): string => {
    const { rate, eta } = stats(done);
    const pct = Math.floor((100 * done) / total);
    return `${label}${done}/${total} ${unit} (${pct}%), ${rate.toFixed(1)} ${rateLabel}, ETA ${formatClock(eta)}\n`;
  };

  return {
    update(done) {
      lastDone = done;
      const t = now();
      if (tty) {
        // ~10 redraws a second is smooth and costs nothing next to the work.
        if (t - lastDraw < 100 && done < total) return;
        stream.write(`\r${barLine(done)}\x1b[K`);
        drawn = true;
      } else {
        if (t - lastDraw < intervalMs) return;
        if (lastDraw === -Infinity) { lastDraw = t; return; } // no line in the first interval: short runs stay quiet
        stream.write(plainLine(done));
      }
      lastDraw = t;
    },
    finish(message) {
      const { seconds, rate } = stats(lastDone);
      const summary = message ?? `${label}${lastDone} ${unit} in ${seconds.toFixed(1)} s (${rate.toFixed(1)} ${rateLabel})`;
      stream.write(tty && drawn ? `\r${summary}\x1b[K\n` : `${summary}\n`);
    },
    abandon() {
      if (tty && drawn) stream.write('\r\x1b[K');
    },
  };
}
