// Where ffmpeg and ffprobe are, and the arguments for each output format. The encoder reads
// RGBA frames from stdin (raw, or timed in Matroska); everything about the format lives here.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, extname, join } from 'node:path';

export type VideoFormat = 'mp4' | 'webm' | 'gif';

export const VIDEO_FORMATS: readonly VideoFormat[] = ['mp4', 'webm', 'gif'];

/** The format an output path asks for, by its extension; undefined when it is none of ours. */
export function formatFromPath(path: string): VideoFormat | undefined {
  const ext = extname(path).slice(1).toLowerCase();
  return (VIDEO_FORMATS as readonly string[]).includes(ext) ? (ext as VideoFormat) : undefined;
}

export type Quality = 'low' | 'medium' | 'high';
export const QUALITIES: readonly Quality[] = ['low', 'medium', 'high'];

/** Defaults per format: GIF is smaller and slower-paced so the file stays shareable. */
export const FORMAT_DEFAULTS: Record<VideoFormat, { width: number; height: number; fps: number }> = {
  mp4: { width: 1280, height: 720, fps: 30 },
  webm: { width: 1280, height: 720, fps: 30 },
  gif: { width: 800, height: 450, fps: 15 },
};

/** CRF per quality: x264 0-51 (23 is its default), VP9 0-63. */
const CRF: Record<'mp4' | 'webm', Record<Quality, number>> = {
  mp4: { low: 28, medium: 23, high: 18 },
  webm: { low: 40, medium: 34, high: 28 },
};

const GIF_COLOURS: Record<Quality, number> = { low: 64, medium: 128, high: 256 };

export interface EncodeSettings {
  format: VideoFormat;
  width: number;
  height: number;
  fps: number;
  /** Explicit CRF (MP4, WebM); wins over quality. */
  crf?: number;
  quality?: Quality;
  /** x264 preset; veryfast keeps the encoder near the drawing speed on small machines. */
  preset?: string;
}

export interface FfmpegLocation {
  path: string;
  /** Where it came from, for messages. */
  from: 'FFMPEG_PATH' | 'PATH' | '@ffmpeg-installer/ffmpeg';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function bundledFfmpeg(): string | undefined {
  try {
    const installer = createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path?: string };
    return installer.path && isExecutable(installer.path) ? installer.path : undefined;
  } catch {
    // The installer throws a plain string on unsupported platforms or a missing binary.
    return undefined;
  }
}

export class FfmpegMissingError extends Error {
  override name = 'FfmpegMissingError';
}

/** ffmpeg from FFMPEG_PATH, else the system's, else the static build shipped in the npm package. */
export function findFfmpeg(env: NodeJS.ProcessEnv = process.env): FfmpegLocation {
  const fromEnv = env.FFMPEG_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new FfmpegMissingError(`FFMPEG_PATH is set to ${fromEnv}, which is not an executable file. Fix or unset FFMPEG_PATH.`);
    }
    return { path: fromEnv, from: 'FFMPEG_PATH' };
  }
  const system = onPath('ffmpeg', env);
  if (system) return { path: system, from: 'PATH' };
  const bundled = bundledFfmpeg();
  if (bundled) return { path: bundled, from: '@ffmpeg-installer/ffmpeg' };
  throw new FfmpegMissingError(
    'ffmpeg not found: FFMPEG_PATH is unset, there is no ffmpeg on PATH, and the npm package @ffmpeg-installer/ffmpeg has no binary for this platform. ' +
      'Install ffmpeg (e.g. `apt install ffmpeg`, `brew install ffmpeg`) or set FFMPEG_PATH to one.',
  );
}

/**
 * ffprobe from FFPROBE_PATH, else the system's, else one beside the chosen ffmpeg.
 * Undefined when there is none: the npm static build ships ffmpeg only.
 */
export function findFfprobe(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.FFPROBE_PATH) return isExecutable(env.FFPROBE_PATH) ? env.FFPROBE_PATH : undefined;
  const system = onPath('ffprobe', env);
  if (system) return system;
  try {
    const ffmpeg = findFfmpeg(env).path;
    const beside = ffmpeg.replace(/ffmpeg(\.exe)?$/, 'ffprobe$1');
    return beside !== ffmpeg && isExecutable(beside) ? beside : undefined;
  } catch {
    return undefined;
  }
}

/** The first line of `ffmpeg -version`, for messages and the bench. */
export function ffmpegVersion(path: string): string {
  try {
    return execFileSync(path, ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0] ?? '';
  } catch {
    return '';
  }
}

/** Input side: raw RGBA frames of the given size and rate on stdin. */
function rawInputArgs(width: number, height: number, fps: number): string[] {
  return ['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${width}x${height}`, '-framerate', String(fps), '-i', 'pipe:0'];
}

/**
 * Input side for timed frames (see matroska.ts): only changed frames arrive, and the fps filter
 * repeats each until the next one's time. The filter emits a frame only once it sees the next,
 * so the sender sends the last frame once more, a frame later, and `-frames:v` stops before it.
 */
function timedInputArgs(): string[] {
  return ['-f', 'matroska', '-i', 'pipe:0'];
}

/**
 * The pixel format is converted before the fps filter, so only the frames sent are converted
 * and the repeats are copies of converted frames (after it, every repeat would be converted).
 */
function timedFilter(fps: number, pixFmt: string): string {
  return `format=${pixFmt},fps=${fps}`;
}

/** Output side, per format. The muxer is named explicitly: the temp file has no telling extension. */
function outputArgs(s: EncodeSettings, timedFrames: number | undefined): string[] {
  const quality = s.quality ?? 'medium';
  const timed = timedFrames !== undefined;
  const vf = timed ? ['-vf', timedFilter(s.fps, 'yuv420p'), '-frames:v', String(timedFrames)] : [];
  switch (s.format) {
    case 'mp4':
      return [
        ...vf, '-c:v', 'libx264', '-preset', s.preset ?? 'veryfast', '-crf', String(s.crf ?? CRF.mp4[quality]),
        '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-f', 'mp4',
      ];
    case 'webm':
      // realtime + cpu-used 8: VP9's fast path; constant quality via -crf with -b:v 0.
      return [
        ...vf, '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-row-mt', '1',
        '-crf', String(s.crf ?? CRF.webm[quality]), '-b:v', '0', '-pix_fmt', 'yuv420p', '-f', 'webm',
      ];
    case 'gif':
      // The palette (second input) was made beforehand from sampled frames, so frames stream
      // through instead of being held until the end as a one-pass palettegen would.
      return [
        // paletteuse works on 32-bit BGRA.
        '-filter_complex', `${timed ? `[0:v]${timedFilter(s.fps, 'bgra')}[v];[v]` : '[0:v]'}[1:v]paletteuse=dither=bayer:bayer_scale=5:diff_mode=rectangle`,
        ...(timed ? ['-frames:v', String(timedFrames)] : []),
        '-f', 'gif',
      ];
  }
}

/** The file descriptor ffmpeg reads the FFMETADATA input from (see encodeArgs). */
export const METADATA_FD = 3;

/**
 * The whole command line for encoding frames from stdin into `output` (GIF: with its palette).
 * Raw frames by default, every one of them; with `timedFrames`, a Matroska stream of the changed
 * ones for a video of that many frames.
 */
export function encodeArgs(
  s: EncodeSettings, output: string, options: { palette?: string; threads?: number; timedFrames?: number; metadata?: boolean } = {},
): string[] {
  if (s.format === 'gif' && !options.palette) throw new Error('a GIF needs its palette file');
  const timed = options.timedFrames !== undefined;
  // Title and chapters as FFMETADATA on file descriptor 3, the second input (MP4 and WebM; a
  // GIF has none). A pipe, not a file: a killed render leaves nothing more behind.
  const metadata = options.metadata && s.format !== 'gif'
    ? ['-f', 'ffmetadata', '-i', `pipe:${METADATA_FD}`, '-map', '0:v', '-map_metadata', '1', '-map_chapters', '1']
    : [];
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    ...(timed ? timedInputArgs() : rawInputArgs(s.width, s.height, s.fps)),
    ...(s.format === 'gif' ? ['-i', options.palette!] : []),
    ...metadata,
    ...(options.threads ? ['-threads', String(options.threads)] : []),
    ...outputArgs(s, options.timedFrames),
    output,
  ];
}

/** Command line for a GIF palette (one PNG) from the frames given on stdin. */
export function paletteArgs(s: EncodeSettings, output: string): string[] {
  const colours = GIF_COLOURS[s.quality ?? 'medium'];
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    ...rawInputArgs(s.width, s.height, s.fps),
    '-vf', `palettegen=max_colors=${colours}:stats_mode=full`, '-frames:v', '1', '-f', 'image2', '-c:v', 'png', output,
  ];
}

/** Sizes ffmpeg will refuse for a format, as a sentence to show; undefined when fine. */
export function sizeProblem(s: Pick<EncodeSettings, 'format' | 'width' | 'height'>): string | undefined {
  if (s.format !== 'gif' && (s.width % 2 || s.height % 2)) {
    return `${s.format.toUpperCase()} (yuv420p) needs an even width and height, not ${s.width}x${s.height}`;
  }
  return undefined;
}
