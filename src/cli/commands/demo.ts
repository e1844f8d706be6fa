// `playback demo`: the bundled party demo, played in the browser (or exported, or rendered).
import { existsSync } from 'node:fs';
import { UsageError, type Command } from '../command.js';
import { InputError } from '../../ingest/errors.js';
import { runExport } from './export.js';
import { playOptions, servePlayer } from './play.js';
import { packagePath } from '../../util/package-root.js';
import { titleOptions } from '../share-options.js';

/** examples/party-demo, found from this module in src/ or dist/ alike. */
export const DEMO_PATH = packagePath('examples/party-demo');

const USAGE = `Usage: playback demo [--render [-o demo.mp4]] [--export [-o demo.html]] [--port N] [--no-open]

Play the bundled party demo (examples/party-demo) in the browser.

  --export        write it as a self-contained HTML player instead (default demo.html)
  --render        render it to video instead (default demo.mp4; .webm and .gif work too)
  -o, --output    the file for --export or --render
  --port <n>      port for the player (default: any free port)
  --no-open       only print the address, do not start a browser
  --title <text>  the title over the demo's own; --subtitle <text>: the line under it
`;

export const demo: Command = {
  name: 'demo',
  summary: 'play the bundled party demo (start here)',
  usage: USAGE,
  options: {
    render: { type: 'boolean' },
    export: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    port: playOptions.port,
    host: playOptions.host,
    'no-open': playOptions['no-open'],
    ...titleOptions,
  },
  run: async (ctx) => {
    if (ctx.args.length) throw new UsageError('demo takes no <source>; it plays examples/party-demo');
    if (ctx.options.render && ctx.options.export) throw new UsageError('choose one of --render and --export');
    if (ctx.options.output !== undefined && !ctx.options.render && !ctx.options.export) {
      throw new UsageError('-o goes with --render or --export');
    }
    if (!existsSync(DEMO_PATH)) {
      throw new InputError('the bundled demo is missing', DEMO_PATH, undefined, 'Reinstall the package, or run `npm run demo:make` in a checkout.');
    }
    const titles = { title: ctx.options.title, subtitle: ctx.options.subtitle };
    if (ctx.options.export) {
      return runExport({ ...ctx, options: { output: ctx.options.output ?? 'demo.html', ...titles } }, DEMO_PATH);
    }
    if (ctx.options.render) {
      const { render } = await import('./render.js');
      return render.run({ ...ctx, args: [DEMO_PATH], options: { output: ctx.options.output ?? 'demo.mp4', ...titles } });
    }
    return servePlayer({ ...ctx, options: { port: ctx.options.port, host: ctx.options.host, 'no-open': ctx.options['no-open'], ...titles } }, DEMO_PATH);
  },
};
