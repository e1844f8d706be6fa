// Options for what is posted: --title and --subtitle (every command that draws), --captions and
// --chapters-text (render), --poster (render and export): what they take and what they write.
import { dirname, extname, join, basename } from 'node:path';
import { captionsFor, toSrt, toWebVtt } from '../timeline/captions.js';
import type { Timeline } from '../timeline/model.js';
import { autoPosterTime } from '../timeline/poster.js';
import { retitle } from '../timeline/retitle.js';
import { descriptionChapters, DESCRIPTION_RULES, videoChapters } from '../render/chapters.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { stringOption, type CommandContext, type OptionSpec } from './command.js';
import { timeOption } from './time-option.js';

export const titleOptions: OptionSpec = {
  title: { type: 'string' },
  subtitle: { type: 'string' },
};

export const TITLE_USAGE = `  --title <text>        the title, over the session's own (a plain session's is its first prompt)
  --subtitle <text>     the title card's line under the title (the party's topic); "" for none`;

/** The timeline with --title and --subtitle applied. */
export function withTitles(ctx: CommandContext, timeline: Timeline): Timeline {
  return retitle(timeline, { title: stringOption(ctx, 'title'), subtitle: stringOption(ctx, 'subtitle') });
}

export const posterOption: OptionSpec = { poster: { type: 'string' } };

export const POSTER_USAGE = `  --poster <t|auto>     also write the poster PNG beside the output (<out>.png): the frame at t
                        (seconds or turn:N), or auto (the first turn's longest message, held)`;

/** The path beside `output` with another extension: `party.html` → `party.png`. */
export function besideOutput(output: string, ext: string): string {
  const name = basename(output);
  return join(dirname(output), `${name.slice(0, name.length - extname(name).length) || name}${ext}`);
}

/** The poster's moment: --poster's time, or with `auto` the moment timeline/poster.ts picks. */
export function posterTime(ctx: CommandContext, timeline: Timeline): number | undefined {
  if (stringOption(ctx, 'poster')?.trim() !== 'auto') return timeOption(ctx, timeline, 'poster');
  return autoPosterTime(timeline);
}

/** Draw the poster frame and write it atomically; returns the path and any avatar warnings. */
export async function writePoster(timeline: Timeline, t: number, path: string, size: { width: number; height: number }): Promise<string[]> {
  // The canvas addon and the scene load only when a poster is drawn: an export without one
  // would pay some 30 ms for them.
  const { drawFrame } = await import('../render/node-host.js');
  const stage = await drawFrame(timeline, t, size);
  writeFileAtomic(path, stage.png());
  return stage.problems.map((p) => `avatar of ${p.participantId}: ${p.message}`);
}

export const captionOptions: OptionSpec = {
  captions: { type: 'boolean' },
  'chapters-text': { type: 'boolean' },
};

export const CAPTION_USAGE = `  --captions            also write captions beside the video: <out>.vtt and <out>.srt
  --chapters-text       print the chapters as description lines (0:00 Title); other output goes to stderr`;

/** <out>.vtt and <out>.srt for the range the video covers; returns the paths and the count. */
export function writeCaptions(timeline: Timeline, output: string, range: { from: number; to: number }): { files: string[]; count: number } {
  const captions = captionsFor(timeline, range);
  const vtt = besideOutput(output, '.vtt');
  const srt = besideOutput(output, '.srt');
  writeFileAtomic(vtt, toWebVtt(captions));
  writeFileAtomic(srt, toSrt(captions));
  return { files: [vtt, srt], count: captions.length };
}

/** The description lines, and a note when chapters were merged or are too few for a video site. */
export function chaptersText(timeline: Timeline, range: { from: number; to: number }): { lines: string[]; notes: string[] } {
  const { lines, merged, tooFew } = descriptionChapters(videoChapters(timeline, range));
  const notes: string[] = [];
  if (merged.length) {
    notes.push(`merged chapters shorter than ${DESCRIPTION_RULES.minSeconds} s with a neighbour: ${merged.map((g) => g.join(' + ')).join('; ')}`);
  }
  if (tooFew) {
    notes.push(`video sites show chapters only with ${DESCRIPTION_RULES.minChapters} or more, each ${DESCRIPTION_RULES.minSeconds} s or longer: these ${lines.length} will not show as chapters`);
  }
  return { lines, notes };
}
