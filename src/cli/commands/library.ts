// `playback library build|worker|status|watch`: every session as a publish kit, on one machine or many.
import type { Command } from '../command.js';
import { libraryBuild } from './library-build.js';
import { libraryStatus } from './library-status.js';
import { libraryWatch } from './library-watch.js';
import { libraryWorker } from './library-worker.js';

const subcommands = [libraryBuild, libraryWorker, libraryStatus, libraryWatch];

const USAGE = `Usage: playback library <command> [options]

Turn every session into a publish kit (MP4, poster, chapters, HTML player) with a gallery:
on this machine (a local pool of renders), or on many (BullMQ on Redis).

Commands:
${subcommands.map((c) => `  ${c.name.split(' ')[1]!.padEnd(8)}${c.summary}`).join('\n')}

Run \`playback library <command> --help\` for its options.
`;

export const library: Command = {
  name: 'library',
  summary: 'a library of every session: kits, gallery, queue workers',
  usage: USAGE,
  options: {},
  subcommands,
  run: async () => 2,
};
