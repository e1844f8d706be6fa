// `playback library build <source>... --out <dir>`: a publish kit for every session.
import type { Command, CommandContext } from '../command.js';
import { buildLibrary, type BuildSummary } from '../../library/build.js';
import { plural } from '../../util/text.js';
import { listenForStop, SIGNAL_EXIT_CODES } from '../stop-signals.js';
import { KIT_OPTIONS_USAGE, kitOptionSpec, libraryRequestFrom } from '../library-options.js';

const USAGE = `Usage: playback library build [<source>...] --out <dir> [options]

Make a publish kit for every session of the sources: <dir>/<session-id>/ holds the landscape
MP4, the poster PNG, chapter lines and the self-contained HTML player, all redacted. The
gallery (<dir>/index.html, offline) and <dir>/library.json list them. A re-run makes only
kits for sessions that are new or changed; a killed run resumes where it stopped.

Sources: opencode databases (every root session, children included), folders of party
folders, Claude Code project folders, session files; none: the places \`playback list\` looks.

${KIT_OPTIONS_USAGE}

Exit status 1 when any session failed (each is recorded with its error in <dir>/library.db
and shown in the gallery); the others are made all the same.
`;

export function printSummary(ctx: CommandContext, summary: BuildSummary, json: boolean): void {
  for (const w of summary.warnings) ctx.stderr.write(`playback library: ${w.file ? `${w.file}: ` : ''}${w.message}\n`);
  if (json) {
    ctx.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const parts = [`${summary.rendered} made`, `${summary.skipped} skipped (unchanged)`, `${summary.failed} failed`];
  if (summary.filtered) parts.push(`${summary.filtered} left out by the filters`);
  ctx.stdout.write(`library ${summary.out}: ${plural(summary.found, 'session')} found; ${parts.join(', ')} in ${summary.seconds.toFixed(1)} s\n`);
  for (const s of summary.sessions.filter((o) => o.status === 'failed')) ctx.stdout.write(`  failed ${s.id}: ${s.error}\n`);
  ctx.stdout.write(`gallery: ${summary.out}/index.html\n`);
}

export const libraryBuild: Command = {
  name: 'library build',
  summary: 'make a kit (video, poster, chapters, player) for every session, and a gallery',
  usage: USAGE,
  options: kitOptionSpec,
  async run(ctx) {
    const request = await libraryRequestFrom(ctx);
    const signals = listenForStop();
    try {
      const summary = await buildLibrary({ ...request, sources: ctx.args, stderr: ctx.stderr, signal: signals.signal });
      if (signals.caught()) {
        ctx.stderr.write('playback library build: stopped; kits made so far are in place, the next run goes on from there\n');
        return SIGNAL_EXIT_CODES[signals.caught()!];
      }
      printSummary(ctx, summary, Boolean(ctx.options.json));
      return summary.failed ? 1 : 0;
    } finally {
      signals.release();
    }
  },
};
