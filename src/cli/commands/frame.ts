// `playback frame <source> --at <t> -o frame.png`: one frame of the scene, drawn in Node.
import { requireOneSource, stringOption, UsageError, type Command } from '../command.js';
import { timeOption } from '../time-option.js';
import { frameSizeFrom, sizeOptions, sizeUsage } from '../size-options.js';
import { drawFrame } from '../../render/node-host.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { sessionFrom, redactionOptions, REDACTION_USAGE } from '../session-timeline.js';
import { TITLE_USAGE, titleOptions, withTitles } from '../share-options.js';
import { pacingFrom, pacingOptions, PACING_USAGE, printWarnings, sourceOptions, SOURCE_USAGE } from '../source-options.js';

const USAGE = `Usage: playback frame <source> --at <seconds|turn:N> -o <frame.png> [options]

Draw one frame of the scene as PNG: for thumbnails, posters and link previews.

  --at <t>              the moment: seconds (12.5), or turn:N (the middle of turn N)
  -o, --output <file>   the PNG to write (written atomically)
${sizeUsage('1280x720')}
  --json                print {output, t, width, height, bytes}
${TITLE_USAGE}
${PACING_USAGE}
${REDACTION_USAGE}
${SOURCE_USAGE}
`;

export const frame: Command = {
  name: 'frame',
  summary: 'draw one frame of a session as PNG (thumbnails, posters)',
  usage: USAGE,
  options: {
    at: { type: 'string' },
    output: { type: 'string', short: 'o' },
    ...sizeOptions,
    json: { type: 'boolean' },
    ...titleOptions,
    ...pacingOptions,
    ...redactionOptions,
    ...sourceOptions,
  },
  async run(ctx) {
    const source = requireOneSource(ctx);
    const output = stringOption(ctx, 'output');
    if (!output) throw new UsageError('missing -o <frame.png>');
    if (!output.toLowerCase().endsWith('.png')) throw new UsageError(`the frame is written as PNG: name the output *.png, not "${output}"`);
    const { width, height } = frameSizeFrom(ctx, { width: 1280, height: 720 });
    const { recording: rec, timeline: paced } = await sessionFrom(ctx, source, pacingFrom(ctx));
    printWarnings(ctx, rec);
    const timeline = withTitles(ctx, paced);
    // A turn's frame is its middle: the speaker is at work there, not still arriving.
    const t = timeOption(ctx, timeline, 'at', 'middle') ?? 0;
    const stage = await drawFrame(timeline, t, { width, height });
    for (const p of stage.problems) ctx.stderr.write(`warning: avatar of ${p.participantId}: ${p.message}\n`);
    const png = stage.png();
    writeFileAtomic(output, png);
    if (ctx.options.json) ctx.stdout.write(`${JSON.stringify({ output, t, width, height, bytes: png.length })}\n`);
    else ctx.stdout.write(`wrote ${output} (${width}x${height}, t=${t.toFixed(2)} s)\n`);
    return 0;
  },
};
