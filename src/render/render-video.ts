// Timeline → video file. Frames are drawn in this process and piped as raw RGBA into ffmpeg,
// so drawing and encoding overlap; the file appears only when ffmpeg has finished cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../ingest/errors.js';
import type { Timeline } from '../timeline/model.js';
import { commitTemp, tempPathFor } from '../util/atomic-write.js';
import {
  encodeArgs, findFfmpeg, formatFromPath, paletteArgs, sizeProblem, VIDEO_FORMATS,
  type EncodeSettings, type Quality, type VideoFormat,
} from './ffmpeg.js';
import { stampFrameNumber } from './frame-stamp.js';
import { createNodeStage, type NodeStage } from './node-host.js';

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
  /** Explicit ffmpeg binary; otherwise found by findFfmpeg(). */
  ffmpegPath?: string;
  /** ffmpeg `-threads` for the encoder (default: ffmpeg's own choice). */
  threads?: number;
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

/** Frames in a stretch of `seconds` at `fps`: every frame whose start lies inside it. */
export function frameCount(seconds: number, fps: number): number {
  return Math.max(1, Math.ceil(seconds * fps - 1e-6));
}

/** The time of frame n: from the frame number only, so a frame never depends on the clock. */
export function frameTime(from: number, n: number, fps: number): number {
  return from + n / fps;
}

/**
 * Check the output path before any work: a known extension, an existing writable folder,
 * and not a folder itself. Throws InputError with what to do.
 */
export function checkOutputPath(output: string): VideoFormat {
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

function startEncoder(ffmpeg: string, args: string[], what: string): Encoder {
  // Its own process group: a terminal's Ctrl-C reaches only us, and we stop ffmpeg ourselves.
  const child = spawn(ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
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
      if (exited) return done;
      if (stdin.write(frame)) return Promise.resolve();
      return new Promise<void>((res, rej) => {
        const onDrain = () => { cleanup(); res(); };
        const onClose = () => { cleanup(); done.then(() => rej(new EncoderError(`ffmpeg stopped reading frames while ${what}`)), rej); };
        const cleanup = () => { stdin.off('drain', onDrain); child.off('close', onClose); };
        stdin.once('drain', onDrain);
        child.once('close', onClose);
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

  const stage = await createNodeStage(timeline, { width, height });
  const warnings = stage.problems.map((p) => p.message);
  const temp = tempPathFor(opts.output);
  const palette = format === 'gif' ? `${tempPathFor(opts.output)}.png` : undefined;
  let encoder: Encoder | undefined;
  const onAbort = () => encoder?.kill();
  opts.signal?.addEventListener('abort', onAbort);
  try {
    if (palette) {
      const samples = Math.min(total, PALETTE_SAMPLES);
      const sampled = Array.from({ length: samples }, (_, i) => Math.floor((i * total) / samples));
      encoder = startEncoder(ffmpeg, paletteArgs(settings, palette), 'making the GIF palette');
      await pumpFrames(stage, encoder, sampled, from, fps, opts, () => {});
      await encoder.finish();
    }
    encoder = startEncoder(ffmpeg, encodeArgs(settings, temp, { palette, threads: opts.threads }), `encoding ${format.toUpperCase()}`);
    const all = Array.from({ length: total }, (_, n) => n);
    await pumpFrames(stage, encoder, all, from, fps, opts, (done) => opts.onProgress?.(done, total));
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
    if (palette) rmSync(palette, { force: true });
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    output: opts.output, format, frames: total, duration: total / fps, fpsAchieved: total / elapsed,
    bytes: statSync(opts.output).size, width, height, elapsed, warnings,
  };
}

/**
 * Draw each frame and hand it to ffmpeg. Frame n+1 is drawn while frame n drains into the pipe,
 * so at most two frames are in flight and memory stays flat however long the video.
 */
async function pumpFrames(
  stage: NodeStage, encoder: Encoder, frames: readonly number[], from: number, fps: number,
  opts: Pick<RenderVideoOptions, 'stampFrames' | 'signal'>, progress: (done: number) => void,
): Promise<void> {
  let draining: Promise<void> = Promise.resolve();
  let done = 0;
  for (const n of frames) {
    if (opts.signal?.aborted) throw new RenderAbortedError('render interrupted');
    stage.draw(frameTime(from, n, fps));
    if (opts.stampFrames) stampFrameNumber(stage.ctx, n, stage.view);
    const pixels = stage.rgba();
    await draining;
    draining = encoder.write(pixels);
    done += 1;
    if (done > 1) progress(done - 1);
  }
  await draining;
  progress(done);
}
