// Timeline → video file. Frames are drawn in this process and piped as raw RGBA into ffmpeg,
// so drawing and encoding overlap; the file appears only when ffmpeg has finished cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../ingest/errors.js';
import type { Timeline } from '../timeline/model.js';
import { commitTemp, tempPathFor } from '../util/atomic-write.js';
import {
  encodeArgs, findFfmpeg, formatFromPath, METADATA_FD, paletteArgs, sizeProblem, VIDEO_FORMATS,
  type EncodeSettings, type Quality, type VideoFormat,
} from './ffmpeg.js';
import { ffmetadata, videoChapters } from './chapters.js';
import { threadFrameSource, workerFrameSource, type FrameSource } from './frame-source.js';
import { frameCount, frameTime } from './frames.js';
import { MatroskaFrames } from './matroska.js';

export interface RenderVideoOptions {
  timeline: Timeline;
  output: string;
  width: number;
  height: number;
  fps: number;
  /** Range in timeline seconds; defaults to the whole timeline. */
  from?: number;
  to?: number;
  crf?: number;
  quality?: Quality;
  /** Stamp each frame's number as a barcode (debug, for exactness checks). */
  stampFrames?: boolean;
  /** Aborting kills ffmpeg and removes the temp file; the promise rejects with RenderAbortedError. */
  signal?: AbortSignal;
  onProgress?: (framesDone: number, framesTotal: number) => void;
  /** Chapters (one per turn) and the title in the file's metadata (MP4, WebM); default true. */
  chapters?: boolean;
  /** Explicit ffmpeg binary; otherwise found by findFfmpeg(). */
  ffmpegPath?: string;
  /** ffmpeg `-threads` for the encoder (default: ffmpeg's own choice). */
  threads?: number;
  /**
   * Draw on this thread (the default) or on a worker. Drawing repaints only what changed, so it
   * costs less than handing each frame between threads (measured: 3-20% faster on this thread,
   * with a fifth less CPU).
   */
  drawOn?: 'worker' | 'main';
}

export interface RenderResult {
  output: string;
  format: VideoFormat;
  frames: number;
  /** Seconds of video: frames / fps. */
  duration: number;
  fpsAchieved: number;
  bytes: number;
  width: number;
  height: number;
  /** Wall-clock seconds the render took. */
  elapsed: number;
  /** Frames sent to ffmpeg: a frame the same as the one before is not sent again. */
  framesSent: number;
  /** Non-fatal problems (e.g. an avatar that did not decode). */
  warnings: string[];
}

export class RenderAbortedError extends Error {
  override name = 'RenderAbortedError';
}

/** ffmpeg failed: the message carries its last stderr lines. */
export class EncoderError extends Error {
  override name = 'EncoderError';
}

/**
 * Check the output path before any work: a known extension, an existing writable folder,
 * and not a folder itself. Throws InputError with what to do.
 */
function checkOutputPath(output: string): VideoFormat {
  const format = formatFromPath(output);
  if (!format) {
    throw new InputError(
      `unknown video format "${output}"`,
      output,
      undefined,
      `Name the output with one of: ${VIDEO_FORMATS.map((f) => `.${f}`).join(', ')} (e.g. -o session.mp4).`,
    );
  }
  const dir = dirname(resolve(output));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError('cannot write the video: its folder does not exist', output, undefined, `Create ${dir} first, or choose another -o path.`);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new InputError('cannot write the video: its folder is not writable', output, undefined,
      `Choose an -o path in a folder you can write to, or fix the permissions of ${dir}.`);
  }
  if (existsSync(output) && statSync(output).isDirectory()) {
    throw new InputError('cannot write the video: that path is a folder', output, undefined, 'Give a file name, e.g. -o out/session.mp4.');
  }
  return format;
}

/** Keeps the last lines ffmpeg wrote to stderr, for the error message. */
class StderrTail {
  private text = '';
  constructor(private maxLines = 15) {}
  push(chunk: Buffer): void {
    this.text = (this.text + chunk.toString('utf8')).slice(-16_384);
  }
  lines(): string {
    return this.text.trim().split('\n').slice(-this.maxLines).join('\n');
  }
}

interface Encoder {
  child: ChildProcess;
  /** Resolves when ffmpeg exits 0; rejects with EncoderError otherwise. */
  done: Promise<void>;
  write(frame: Buffer): Promise<void>;
  /** No more frames: close stdin and wait for ffmpeg. */
  finish(): Promise<void>;
  kill(): void;
}

/** `metadata`: FFMETADATA text for ffmpeg to read on its file descriptor 3 (see encodeArgs). */
function startEncoder(ffmpeg: string, args: string[], what: string, metadata?: string): Encoder {
  // Its own process group: a terminal's Ctrl-C reaches only us, and we stop ffmpeg ourselves.
  const child = spawn(ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe', ...(metadata === undefined ? [] : ['pipe' as const])], detached: true });
  if (metadata !== undefined) {
    const side = child.stdio[METADATA_FD] as NodeJS.WritableStream;
    side.on('error', () => {});
    side.end(metadata);
  }
  const tail = new StderrTail();
  child.stderr!.on('data', (c: Buffer) => tail.push(c));
  let exited = false;
  const done = new Promise<void>((resolveDone, rejectDone) => {
    child.on('error', (err) => {
      exited = true;
      rejectDone(new EncoderError(`could not start ffmpeg (${ffmpeg}): ${err.message}. Set FFMPEG_PATH to a working ffmpeg.`));
    });
    child.on('close', (code, signal) => {
      exited = true;
      if (code === 0) resolveDone();
      else {
        const why = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const lines = tail.lines();
        rejectDone(new EncoderError(`ffmpeg ${why} while ${what}${lines ? `:\n${lines.replace(/^/gm, '  ')}` : ''}`));
      }
    });
  });
  // A write after ffmpeg died raises EPIPE on stdin; the exit code tells the real story.
  child.stdin!.on('error', () => {});
  done.catch(() => {});
  const stdin = child.stdin!;
  return {
    child,
    done,
    write(frame) {
      if (exited) return done.then(() => { throw new EncoderError(`ffmpeg stopped reading frames while ${what}`); });
      // Resolves once the bytes are handed to the kernel (not merely queued), so the caller may
      // reuse the buffer; waiting for that before the next write is the backpressure.
      return new Promise<void>((res, rej) => {
        const onClose = () => done.then(() => rej(new EncoderError(`ffmpeg stopped reading frames while ${what}`)), rej);
        child.once('close', onClose);
        stdin.write(frame, (err) => {
          child.off('close', onClose);
          if (!err) res();
          else done.then(() => rej(new EncoderError(`ffmpeg stopped reading frames while ${what}`)), rej);
        });
      });
    },
    async finish() {
      stdin.end();
      await done;
    },
    kill() {
      if (!exited) child.kill('SIGKILL');
    },
  };
}

/** Sampled frames for a GIF's palette: enough to see every scene state without holding them all. */
const PALETTE_SAMPLES = 48;

function paletteSamples(total: number): number[] {
  const samples = Math.min(total, PALETTE_SAMPLES);
  return Array.from({ length: samples }, (_, i) => Math.floor((i * total) / samples));
}

export async function renderVideo(opts: RenderVideoOptions): Promise<RenderResult> {
  const started = process.hrtime.bigint();
  const format = checkOutputPath(opts.output);
  const { timeline, width, height, fps } = opts;
  const settings: EncodeSettings = { format, width, height, fps, crf: opts.crf, quality: opts.quality };
  const badSize = sizeProblem(settings);
  if (badSize) throw new InputError(badSize, opts.output, undefined, 'Pass an even --width and --height, e.g. --width 1280 --height 720.');
  const from = opts.from ?? 0;
  const to = opts.to ?? timeline.duration;
  if (!(to > from)) throw new InputError(`empty range: from ${from}s to ${to}s`, opts.output, undefined, 'Give --from before --to.');
  const total = frameCount(to - from, fps);
  const ffmpeg = opts.ffmpegPath ?? findFfmpeg().path;

  const view = { width, height };
  const warnings: string[] = [];
  const openSource = (frames: number[]): Promise<FrameSource> => {
    const req = { timeline, view, from, fps, frames, stamp: Boolean(opts.stampFrames) };
    if (opts.drawOn !== 'worker') return threadFrameSource(req);
    // Should a worker thread not start here, drawing on this thread still works, only slower: say so.
    return workerFrameSource(req).catch((err: unknown) => {
      warnings.push(`drawing on the main thread, slower: the drawing thread did not start (${(err as Error)?.message ?? err})`);
      return threadFrameSource(req);
    });
  };
  const temp = tempPathFor(opts.output);
  const palette = format === 'gif' ? `${tempPathFor(opts.output)}.png` : undefined;
  const metadata = format !== 'gif' && opts.chapters !== false
    ? ffmetadata(timeline.meta.title, videoChapters(timeline, { from, to: Math.min(to, from + total / fps) }))
    : undefined;
  let encoder: Encoder | undefined;
  let source: FrameSource | undefined;
  let framesSent = 0;
  const onAbort = () => encoder?.kill();
  opts.signal?.addEventListener('abort', onAbort);
  try {
    // A GIF first gets its palette from sampled frames; one frame source serves both passes.
    const sampled = palette ? paletteSamples(total) : [];
    const sourceReady = openSource([...sampled, ...Array.from({ length: total }, (_, n) => n)]);
    // ffmpeg starts while the drawing thread boots, so its own start-up is hidden behind it.
    const encodeVideo = () => startEncoder(ffmpeg, encodeArgs(settings, temp, { palette, metadata: metadata !== undefined, threads: opts.threads, timedFrames: total }), `encoding ${format.toUpperCase()}`, metadata);
    encoder = palette ? startEncoder(ffmpeg, paletteArgs(settings, palette), 'making the GIF palette') : encodeVideo();
    source = await sourceReady;
    warnings.push(...source.problems);
    if (palette) {
      await pumpFrames(source, encoder, sampled.length, opts.signal, () => {});
      await encoder.finish();
      encoder = encodeVideo();
    }
    framesSent = await pumpFrames(source, encoder, total, opts.signal, (done) => opts.onProgress?.(done, total), { framer: new MatroskaFrames(width, height), fps });
    await encoder.finish();
    if (opts.signal?.aborted) throw new RenderAbortedError('render interrupted');
    commitTemp(temp, opts.output);
  } catch (err) {
    encoder?.kill();
    rmSync(temp, { force: true });
    if (opts.signal?.aborted) throw new RenderAbortedError('render interrupted; the previous output, if any, is untouched');
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await source?.close();
    if (palette) rmSync(palette, { force: true });
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    output: opts.output, format, frames: total, duration: total / fps, fpsAchieved: total / elapsed,
    bytes: statSync(opts.output).size, width, height, elapsed, warnings, framesSent,
  };
}

/**
 * Hand each frame to ffmpeg. The next frame is drawn while the previous one drains into the
 * pipe, so at most a few frames are in flight and memory stays flat however long the video.
 * Timed (the video itself): each frame goes with its time in a Matroska stream, and a frame the
 * same as the one before is not sent (the first and the last always are). Untimed (a GIF's
 * palette): every frame, raw. Returns how many frames were sent.
 */
async function pumpFrames(
  source: FrameSource, encoder: Encoder, count: number, signal: AbortSignal | undefined, progress: (done: number) => void,
  timed?: { framer: MatroskaFrames; fps: number },
): Promise<number> {
  let draining: Promise<void> = Promise.resolve();
  let sent = 0;
  // Headers are small and go just before their frame's pixels; the pixels' write reports errors.
  const writeHeader = (bytes: Buffer) => encoder.write(bytes).catch(() => {});
  if (timed) void writeHeader(timed.framer.header());
  for (let done = 0; done < count; done++) {
    if (signal?.aborted) throw new RenderAbortedError('render interrupted');
    const pixels = await source.next(Boolean(timed) && done > 0 && done < count - 1);
    if (pixels !== 'same') {
      await draining;
      // The last frame goes twice, the second a frame later: see encodeArgs.
      const copies = timed && done === count - 1 ? 2 : 1;
      for (let copy = 0; copy < copies; copy++) {
        if (timed) void writeHeader(timed.framer.frameHeader(Math.round(frameTime(0, done + copy, timed.fps) * 1000), pixels.length));
        draining = encoder.write(pixels);
      }
      // Written means handed to the kernel: the bytes may be reused from then on.
      draining.then(() => source.release(pixels), () => {});
      sent += 1;
    }
    if (done > 0) progress(done);
  }
  await draining;
  progress(count);
  return sent;
}
