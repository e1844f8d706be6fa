// The build's progress on a terminal: one line per running job (its phase and frames) under an
// overall line with an ETA, redrawn in place; finished jobs scroll up above it as plain lines.
// Off a terminal only the plain lines are printed, so logs stay readable.
import { formatClock } from '../util/text.js';
import type { KitProgress } from './kit.js';

interface Running {
  title: string;
  progress: KitProgress;
}

export interface ProgressBoard {
  start(id: string, title: string): void;
  update(id: string, progress: KitProgress): void;
  /** The job ended: its line leaves the board and `line` is printed above it. */
  end(id: string, line: string): void;
  /** Print a line above the board. */
  log(line: string): void;
  close(): void;
}

function clip(text: string, width: number): string {
  const one = text.replace(/\s+/g, ' ').trimEnd();
  return one.length > width ? `${one.slice(0, Math.max(1, width - 1))}…` : one;
}

function fraction(p: KitProgress): number {
  // The short is a fraction of the video's frames: it takes the last part of the bar.
  if (p.phase === 'video' && p.total) return 0.1 + (0.7 * (p.done ?? 0)) / p.total;
  if (p.phase === 'short' && p.total) return 0.8 + (0.15 * (p.done ?? 0)) / p.total;
  return p.phase === 'storing' ? 0.97 : p.phase === 'reading' ? 0 : 0.05;
}

export function createBoard(total: number, stream: NodeJS.WritableStream): ProgressBoard {
  const tty = Boolean((stream as NodeJS.WriteStream).isTTY);
  const running = new Map<string, Running>();
  const started = performance.now();
  let ended = 0;
  let drawnLines = 0;
  let lastDraw = 0;

  const overall = (): string => {
    const partial = [...running.values()].reduce((n, r) => n + fraction(r.progress), 0);
    const doneUnits = ended + partial;
    const seconds = (performance.now() - started) / 1000;
    const eta = doneUnits > 0.05 ? (seconds / doneUnits) * (total - doneUnits) : Infinity;
    return `library: ${ended}/${total} kits, ${running.size} running, ${formatClock(seconds)} elapsed, ETA ${formatClock(eta)}`;
  };

  const jobLine = (id: string, r: Running, width: number): string => {
    const p = r.progress;
    const what = (p.phase === 'video' || p.phase === 'short') && p.total ? `${p.phase} ${p.done ?? 0}/${p.total} frames ${Math.floor((100 * (p.done ?? 0)) / p.total)}%` : p.phase;
    return `  ${clip(`${id}  ${r.title}`, Math.max(20, width - what.length - 6))}  ${what}`;
  };

  const clear = (): string => (drawnLines ? `\x1b[${drawnLines}A\r\x1b[J` : '');

  const draw = (force = false): void => {
    if (!tty) return;
    const now = performance.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const width = Math.max(40, (stream as NodeJS.WriteStream).columns || 100);
    const lines = [overall(), ...[...running].map(([id, r]) => jobLine(id, r, width))].map((l) => clip(l, width - 1));
    stream.write(`${clear()}${lines.join('\n')}\n`);
    drawnLines = lines.length;
  };

  const above = (line: string): void => {
    if (tty) {
      stream.write(`${clear()}${line}\n`);
      drawnLines = 0;
      draw(true);
    } else {
      stream.write(`${line}\n`);
    }
  };

  return {
    start(id, title) {
      running.set(id, { title, progress: { phase: 'reading' } });
      draw(true);
    },
    update(id, progress) {
      const r = running.get(id);
      if (r) r.progress = progress;
      draw();
    },
    end(id, line) {
      running.delete(id);
      ended++;
      above(line);
    },
    log: above,
    close() {
      if (tty && drawnLines) stream.write(clear());
      drawnLines = 0;
    },
  };
}
