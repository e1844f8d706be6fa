// `playback export <source> -o party.html`: one self-contained, redacted HTML player.
import { basename, extname, resolve } from 'node:path';
import { numberOption, requireOneSource, stringOption, type Command, type CommandContext } from '../command.js';
import { playerHtml } from '../../player/export-html.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { formatClock } from '../../util/text.js';
import { describeRedactions, prepareSession } from '../../prepare/index.js';
import { redactionFrom, redactionOptions } from '../session-timeline.js';
import { loadOptionsFrom, realTimeFrom, realTimeOptions, sourceOptions } from '../source-options.js';
import { besideOutput, POSTER_USAGE, posterOption, posterTime, TITLE_USAGE, titleOptions, withTitles, writePoster } from '../share-options.js';

const USAGE = `Usage: playback export <source> [-o party.html] [options]

Write the session as one self-contained HTML player: scene, fonts and data inside, no
network requests. Secrets (API keys, tokens, passwords, private keys) are redacted.

  <source>             session file, opencode.db, ses_... id, party folder, or - for stdin
  -o, --output <file>  where to write (default: <source name>.html; - for stdout)
  --no-redact          keep secrets as they are (only --redact strings are removed)
  --redact <text>      also remove this text (repeatable)
  --speed <x>          initial playback speed, 0.5 to 4 (default 1)
${POSTER_USAGE}
                        the player opens on that frame (default: the title card); link previews show it
${TITLE_USAGE}
  --real-time          pace by the recorded timestamps (idle gaps cut to --max-idle)
  --max-idle <s>       longest pause kept in --real-time mode (default 2)
  --every-word         hold every message whole for its reading time (longer); by default a
                       message written along the way shows its lead above the work it leads to
  --session ses_...    which session, when the source holds several
  --workflow           follow hand-offs, forks and subagents (opencode): the whole workflow
  --entities <dir>     where to look for entity folders before $HOME
`;

/** The poster's size: the video's default, 16:9 as link previews show it. */
const POSTER_SIZE = { width: 1280, height: 720 };

function exportTarget(source: string, output: string | undefined): string {
  if (output) return output;
  if (source === '-') return 'session.html';
  const name = basename(source.replace(/[\\/]+$/, ''));
  return `${name.slice(0, name.length - extname(name).length) || 'session'}.html`;
}

export async function runExport(ctx: CommandContext, source: string): Promise<number> {
  const speed = numberOption(ctx, 'speed', 0.5, 4);
  const pacing = realTimeFrom(ctx);
  const redaction = redactionFrom(ctx);
  const prepared = await prepareSession(source, { ...loadOptionsFrom(ctx), ...redaction, pacing });
  const { recording, redactions } = prepared;
  const timeline = withTitles(ctx, prepared.timeline);
  const poster = posterTime(ctx, timeline);
  const target = exportTarget(source, stringOption(ctx, 'output'));
  // The poster PNG goes beside the page (a page on stdout has no beside: none is written).
  const png = poster !== undefined && target !== '-' ? besideOutput(target, '.png') : undefined;
  const html = await playerHtml(timeline, { speed, poster, ...(png ? { image: basename(png) } : {}) });
  if (png) {
    for (const w of await writePoster(timeline, poster!, png, POSTER_SIZE)) ctx.stderr.write(`warning: ${w}\n`);
  }
  if (target === '-') {
    ctx.stdout.write(html);
  } else {
    writeFileAtomic(resolve(target), html);
    const kb = Math.round(Buffer.byteLength(html) / 1024);
    ctx.stdout.write(
      `wrote ${target} (${kb} KB): ${timeline.chapters.length} turns, ${formatClock(timeline.duration)} at 1×; ` +
        `${!redaction.redact && !redaction.literals.length ? 'not redacted' : describeRedactions(redactions)}\n`,
    );
    if (png) ctx.stdout.write(`wrote ${png} (poster, t=${poster!.toFixed(2)} s)\n`);
  }
  if (recording.warnings.length) {
    ctx.stderr.write(`${recording.warnings.length} warning(s) while reading; \`playback check\` lists them\n`);
  }
  return 0;
}

export const exportHtml: Command = {
  name: 'export',
  summary: 'write a self-contained HTML player (redacted)',
  usage: USAGE,
  options: {
    output: { type: 'string', short: 'o' },
    ...redactionOptions,
    speed: { type: 'string' },
    ...posterOption,
    ...titleOptions,
    ...realTimeOptions,
    ...sourceOptions,
  },
  run: async (ctx) => runExport(ctx, requireOneSource(ctx)),
};
