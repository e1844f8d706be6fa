// `playback play <source>`: serve the player on 127.0.0.1 and open it in a browser; with
// --follow, re-read a session still being written and stream it into the open page.
import { spawn } from 'node:child_process';
import { numberOption, requireOneSource, stringOption, type Command, type CommandContext } from '../command.js';
import { startPlayServer } from '../../player/server.js';
import { describeRedactions, prepareSession, type PrepareOptions } from '../../prepare/index.js';
import { redactionFrom, redactionOptions } from '../session-timeline.js';
import { watchSource } from '../follow-source.js';
import { loadOptionsFrom, sourceOptions } from '../source-options.js';
import { listenForStop } from '../stop-signals.js';
import { titleOptions, withTitles } from '../share-options.js';

const USAGE = `Usage: playback play <source> [--port N] [--host 127.0.0.1] [--no-open] [--follow]

Serve the web player for a session on this machine and open it in the browser.

  <source>           session file, opencode.db, ses_... id, party folder
  --port <n>         port to listen on (default: any free port)
  --host <addr>      address to bind (default 127.0.0.1; other addresses expose the session)
  --no-open          only print the address, do not start a browser
  --follow           re-read the session as it grows and stream it into the open page
  --speed <x>        initial playback speed, 0.5 to 4
  --title <text>     the title, over the session's own; --subtitle <text>: the title card's line under it
  --no-redact        keep secrets as they are
  --redact <text>    also remove this text (repeatable)
  --session ses_...  which session, when the source holds several
  --workflow         follow hand-offs, forks and subagents (opencode): the whole workflow
  --entities <dir>   where to look for entity folders before $HOME
`;

/** Start the system's browser on a URL where there is one; never fails. */
function openBrowser(url: string): boolean {
  let command: string;
  let args: string[];
  if (process.platform === 'darwin') [command, args] = ['open', [url]];
  else if (process.platform === 'win32') [command, args] = ['cmd', ['/c', 'start', '', url]];
  else {
    // Without a display, xdg-open may start a text browser on this terminal.
    if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return false;
    [command, args] = ['xdg-open', [url]];
  }
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

export async function servePlayer(ctx: CommandContext, source: string): Promise<number> {
  const port = numberOption(ctx, 'port', 0, 65535);
  const host = stringOption(ctx, 'host') ?? '127.0.0.1';
  const speed = numberOption(ctx, 'speed', 0.5, 4);
  const follow = ctx.options.follow === true;
  const prepare: PrepareOptions = {
    ...loadOptionsFrom(ctx),
    ...redactionFrom(ctx),
  };
  const first = await prepareSession(source, prepare);
  first.timeline = withTitles(ctx, first.timeline);
  const server = await startPlayServer({ timeline: first.timeline, host, port, live: follow, speed });
  ctx.stdout.write(`playing "${first.timeline.meta.title}" at ${server.url}\n`);
  if (prepare.redact !== false) ctx.stdout.write(`${describeRedactions(first.redactions)}\n`);
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    ctx.stderr.write(`warning: listening on ${host}: other machines can watch this session\n`);
  }
  if (ctx.options['no-open'] !== true && !openBrowser(server.url)) {
    ctx.stdout.write('no browser to open here; open the address above\n');
  }

  let watcher: { close(): void } | undefined;
  if (follow) {
    let running = false;
    let again = false;
    const reload = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        const next = await prepareSession(source, prepare);
        server.push(withTitles(ctx, next.timeline));
        ctx.stdout.write(`updated: ${next.timeline.chapters.length} turns, ${next.timeline.cues.length} cues\n`);
      } catch (err) {
        // A writer caught mid-line: keep the last good timeline and try again on the next change.
        ctx.stderr.write(`could not re-read ${source}: ${(err as Error).message}\n`);
      } finally {
        running = false;
        if (again) {
          again = false;
          void reload();
        }
      }
    };
    watcher = watchSource(source, () => void reload());
    ctx.stdout.write('following the session; new turns stream into the page\n');
  }
  ctx.stdout.write('press Ctrl+C to stop\n');

  // Ctrl-C is how a user ends `play`, so it is a normal finish (exit 0), not an interruption.
  await listenForStop().stopped;
  watcher?.close();
  await server.close();
  return 0;
}

export const playOptions = {
  port: { type: 'string' },
  host: { type: 'string' },
  'no-open': { type: 'boolean' },
  follow: { type: 'boolean' },
  speed: { type: 'string' },
  ...titleOptions,
  ...redactionOptions,
  ...sourceOptions,
} as const;

export const play: Command = {
  name: 'play',
  summary: 'play a session in the browser (local server, --follow for live sessions)',
  usage: USAGE,
  options: playOptions,
  run: async (ctx) => servePlayer(ctx, requireOneSource(ctx)),
};
