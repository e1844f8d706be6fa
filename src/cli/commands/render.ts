// `playback render <source> -o out.mp4|out.webm|out.gif`: the session as a video file.
import { basename, extname } from 'node:path';
import { numberOption, requireOneSource, stringOption, UsageError, type Command, type CommandContext } from '../command.js';
import { sessionFrom, redactionOptions, REDACTION_USAGE } from '../session-timeline.js';
import { pacingFrom, pacingOptions, PACING_USAGE, printWarnings, sourceOptions, SOURCE_USAGE } from '../source-options.js';
import { FORMAT_DEFAULTS, formatFromPath, QUALITIES, sizeProblem, VIDEO_FORMATS, type Quality, type VideoFormat } from '../../render/ffmpeg.js';
import { RenderAbortedError, renderVideo } from '../../render/render-video.js';
import { frameSizeFrom, sizeOptions, sizeUsage } from '../size-options.js';
import { fitFrom, fitOptions, FIT_USAGE } from '../fit-option.js';
import { createProgress, type Progress } from '../progress.js';
import { listenForStop, SIGNAL_EXIT_CODES } from '../stop-signals.js';
import { sessionRange, timeOption } from '../time-option.js';
import {
  besideOutput, CAPTION_USAGE, captionOptions, chaptersText, POSTER_USAGE, posterOption, posterTime, TITLE_USAGE, titleOptions,
  withTitles, writeCaptions, writePoster,
} from '../share-options.js';

const USAGE = `Usage: playback render <source> -o <out.mp4|out.webm|out.gif> [options]
       playback render <source> --format mp4|webm|gif   (writes <source name>.<format>)

Render a session to video: the same scene as the web player, drawn frame by frame and
encoded with ffmpeg (FFMPEG_PATH, else ffmpeg on PATH, else the one bundled with the package).

  -o, --output <file>   .mp4 (H.264), .webm (VP9) or .gif; written atomically
  --format <f>          mp4 | webm | gif: the format, when -o does not say it (or to confirm it)
${sizeUsage('1280x720; GIF 800x450')}; even for MP4 and WebM
  --fps <n>             frames per second (default 30; GIF 15)
${PACING_USAGE}
${FIT_USAGE}
  --from <t>            start at t: seconds (12.5) or a turn (turn:3)
  --to <t>              stop at t: seconds or turn:N (the start of that turn)
  --crf <n>             encoder quality: x264 0-51, VP9 0-63 (lower is better, larger)
  --quality <q>         low | medium | high (default medium); --crf wins over it
  --json                print a JSON summary {output, format, frames, duration, fpsAchieved, bytes, width, height,
                        captions?, poster?, chapters?}
  --stamp-frames        draw each frame's number as a small barcode (for checking frame exactness)
${REDACTION_USAGE}
${TITLE_USAGE}
${CAPTION_USAGE}
${POSTER_USAGE}

MP4 and WebM files carry chapters: the title, one per turn ("Turn 2 · Iris"), the credits.

${SOURCE_USAGE}
`;

/** -o and --format, which must agree; without -o, the source's name with the format's extension. */
function outputAndFormat(ctx: CommandContext, source: string): { output: string; format: VideoFormat } {
  const given = stringOption(ctx, 'format');
  const named = given?.toLowerCase().replace(/^\./, '');
  if (named !== undefined && !(VIDEO_FORMATS as readonly string[]).includes(named)) {
    throw new UsageError(`--format takes ${VIDEO_FORMATS.join(', ')}, not "${given}"`);
  }
  const format = named as VideoFormat | undefined;
  const output = stringOption(ctx, 'output');
  if (!output) {
    if (!format) throw new UsageError('missing -o <file>: where to write the video (.mp4, .webm or .gif), or --format mp4|webm|gif');
    const name = source === '-' ? 'session' : basename(source.replace(/[\\/]+$/, ''));
    return { output: `${name.slice(0, name.length - extname(name).length) || 'session'}.${format}`, format };
  }
  const fromPath = formatFromPath(output);
  if (!fromPath) {
    const ends = format ? `.${format}` : '.mp4, .webm or .gif';
    throw new UsageError(`cannot tell the video format of "${output}": end the -o file name in ${ends}`);
  }
  if (format && format !== fromPath) {
    throw new UsageError(`--format ${format} does not match -o ${output} (a .${fromPath} name): name the output .${format}, or leave out --format`);
  }
  return { output, format: fromPath };
}

function megabytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

export const render: Command = {
  name: 'render',
  summary: 'render a session to MP4, WebM or GIF',
  usage: USAGE,
  options: {
    output: { type: 'string', short: 'o' },
    format: { type: 'string' },
    ...sizeOptions,
    fps: { type: 'string' },
    ...pacingOptions,
    ...fitOptions,
    from: { type: 'string' },
    to: { type: 'string' },
    crf: { type: 'string' },
    quality: { type: 'string' },
    json: { type: 'boolean' },
    'stamp-frames': { type: 'boolean' },
    ...redactionOptions,
    ...titleOptions,
    ...captionOptions,
    ...posterOption,
    ...sourceOptions,
  },
  async run(ctx) {
    const source = requireOneSource(ctx);
    const { output, format } = outputAndFormat(ctx, source);
    const defaults = FORMAT_DEFAULTS[format];
    const { width, height } = frameSizeFrom(ctx, defaults, format !== 'gif');
    const badSize = sizeProblem({ format, width, height });
    if (badSize) {
      throw new UsageError(`${badSize}: try --width ${width + (width % 2)} --height ${height + (height % 2)}`);
    }
    const fps = numberOption(ctx, 'fps', 1, 120) ?? defaults.fps;
    const crf = numberOption(ctx, 'crf', 0, format === 'webm' ? 63 : 51);
    if (crf !== undefined && !Number.isInteger(crf)) throw new UsageError(`--crf takes a whole number, not ${crf}`);
    if (crf !== undefined && format === 'gif') throw new UsageError('--crf applies to .mp4 and .webm; for a GIF use --quality low|medium|high');
    const quality = stringOption(ctx, 'quality');
    if (quality !== undefined && !(QUALITIES as readonly string[]).includes(quality)) {
      throw new UsageError(`--quality takes ${QUALITIES.join(', ')}, not "${quality}"`);
    }
    const prepared = await sessionFrom(ctx, source, pacingFrom(ctx));
    printWarnings(ctx, prepared.recording);
    const timeline = withTitles(ctx, fitFrom(ctx, prepared.timeline).timeline);
    const poster = posterTime(ctx, timeline);
    const from = timeOption(ctx, timeline, 'from') ?? 0;
    const to = timeOption(ctx, timeline, 'to') ?? timeline.duration;
    if (!(to > from)) {
      throw new UsageError(`--from (${from.toFixed(1)} s) must come before --to (${to.toFixed(1)} s); ${sessionRange(timeline)}`);
    }

    const json = Boolean(ctx.options.json);
    const chapterLines = Boolean(ctx.options['chapters-text']);
    // With --chapters-text, stdout is the description lines alone, ready to paste (--json: a field).
    const report = chapterLines && !json ? ctx.stderr : ctx.stdout;
    let progress: Progress | undefined;
    // Ctrl-C and kill abort the render (ffmpeg killed, temp removed) instead of leaving it half-done.
    const signals = listenForStop();
    try {
      const result = await renderVideo({
        timeline, output, width, height, fps, from, to, crf,
        quality: quality as Quality | undefined,
        stampFrames: Boolean(ctx.options['stamp-frames']),
        signal: signals.signal,
        onProgress: (done, total) => {
          progress ??= createProgress({ total, unit: 'frames', rateLabel: 'fps', label: 'render', stream: ctx.stderr });
          progress.update(done);
        },
      });
      progress?.finish(`render: ${result.frames} frames in ${result.elapsed.toFixed(1)} s (${result.fpsAchieved.toFixed(1)} fps)`);
      for (const w of result.warnings) ctx.stderr.write(`playback render: warning: ${w}\n`);
      // The range the frames cover: the last frame may end a little short of --to.
      const covered = { from, to: from + result.duration };
      const extras: Record<string, string[]> = {};
      if (ctx.options.captions) {
        const written = writeCaptions(timeline, output, covered);
        extras.captions = written.files;
        if (!json) report.write(`wrote ${written.files.join(' and ')}: ${written.count} captions\n`);
      }
      if (poster !== undefined) {
        const png = besideOutput(output, '.png');
        for (const w of await writePoster(timeline, poster, png, { width, height })) ctx.stderr.write(`playback render: warning: ${w}\n`);
        extras.poster = [png];
        if (!json) report.write(`wrote ${png} (poster, t=${poster.toFixed(2)} s)\n`);
      }
      const chapters = chapterLines ? chaptersText(timeline, covered) : undefined;
      for (const note of chapters?.notes ?? []) ctx.stderr.write(`playback render: note: ${note}\n`);
      if (json) {
        const { output: out, format: f, frames, duration, fpsAchieved, bytes } = result;
        const summary = { output: out, format: f, frames, duration, fpsAchieved: Math.round(fpsAchieved * 10) / 10, bytes, width, height };
        const more = {
          ...(extras.captions ? { captions: extras.captions } : {}),
          ...(extras.poster ? { poster: extras.poster[0] } : {}),
          ...(chapters ? { chapters: chapters.lines } : {}),
        };
        ctx.stdout.write(`${JSON.stringify({ ...summary, ...more }, null, 2)}\n`);
      } else {
        report.write(`wrote ${output}: ${result.width}x${result.height}, ${result.frames} frames at ${fps} fps (${result.duration.toFixed(2)} s), ${megabytes(result.bytes)}\n`);
        if (chapters) ctx.stdout.write(`${chapters.lines.join('\n')}\n`);
      }
      return 0;
    } catch (err) {
      progress?.abandon();
      if (err instanceof RenderAbortedError) {
        ctx.stderr.write(`playback render: ${err.message}\n`);
        return SIGNAL_EXIT_CODES[signals.caught() ?? 'SIGTERM'];
      }
      throw err;
    } finally {
      signals.release();
    }
  },
};
