// `playback library watch [<source>...] --out <dir>`: keep the library up to date as sessions finish.
import { numberOption, type Command } from '../command.js';
import { DEFAULT_IDLE_SECONDS, watchLibrary } from '../../library/watch.js';
import { listenForStop } from '../stop-signals.js';
import { KIT_OPTIONS_USAGE, kitOptionSpec, libraryRequestFrom } from '../library-options.js';
import { printSummary } from './library-build.js';

const USAGE = `Usage: playback library watch [<source>...] --out <dir> [options]

Follow the sources and add each session to the library once it has been idle (no new
activity) for a while: kits, gallery and library.json stay up to date. opencode's database is
read read-only, so watching is safe while opencode writes to it. Ctrl-C stops.

  --idle <s>            seconds without activity before a session is added (default ${DEFAULT_IDLE_SECONDS})
  --poll <s>            seconds between looks at the sources (default 10)
${KIT_OPTIONS_USAGE}
`;

export const libraryWatch: Command = {
  name: 'library watch',
  summary: 'follow the sources and add each session once it is idle',
  usage: USAGE,
  options: { ...kitOptionSpec, idle: { type: 'string' }, poll: { type: 'string' } },
  async run(ctx) {
    const request = await libraryRequestFrom(ctx);
    const idle = numberOption(ctx, 'idle', 0, 86_400) ?? DEFAULT_IDLE_SECONDS;
    const poll = numberOption(ctx, 'poll', 0.1, 3600) ?? 10;
    const signals = listenForStop();
    ctx.stderr.write(`watching ${ctx.args.length ? ctx.args.join(', ') : 'the default places'}: sessions idle for ${idle} s go into ${request.out}\n`);
    let failed = 0;
    try {
      await watchLibrary({
        ...request, sources: ctx.args, stderr: ctx.stderr, signal: signals.signal,
        idleMs: idle * 1000, pollMs: poll * 1000,
        onRound: (summary) => {
          failed += summary.failed;
          if (summary.rendered || summary.failed) printSummary(ctx, summary, Boolean(ctx.options.json));
        },
      });
    } finally {
      signals.release();
    }
    return failed ? 1 : 0;
  },
};
