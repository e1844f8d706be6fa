// `playback list`: the sessions on this machine, newest first, each with the id to pass as <source>.
import { UsageError, type Command } from '../command.js';
import { discoverSessions, type ListedSession } from '../../ingest/discover.js';
import { plural } from '../../util/text.js';
import { redactDeep } from '../../recording/redact.js';
import { shortTitle } from '../../recording/title.js';

const USAGE = `Usage: playback list [--json]

List the sessions found where they are usually kept, newest first:
  - Claude Code transcripts in $CLAUDE_CONFIG_DIR/projects (else ~/.claude/projects)
  - Codex CLI rollouts in $CODEX_HOME/sessions (else ~/.codex/sessions)
  - Gemini CLI sessions in ~/.gemini/tmp/<project>/chats
  - the opencode database ($XDG_DATA_HOME/opencode/opencode.db, else ~/.local/share/...)
  - party folders (.koad-io/parties/<name>) under the current folder

Each row's id (a path, or a bare ses_... id) is a <source> for the other commands,
e.g. playback inspect <id>.

  --json   print a JSON array of {id, title, format, date, size, bytes?, messages?,
           participants, directory?}
`;

function size(s: ListedSession): string {
  if (s.bytes !== undefined) {
    if (s.bytes >= 1024 * 1024) return `${(s.bytes / 1024 / 1024).toFixed(1)} MB`;
    if (s.bytes >= 1024) return `${(s.bytes / 1024).toFixed(0)} KB`;
    return `${s.bytes} B`;
  }
  if (s.messages !== undefined) return plural(s.messages, 'msg');
  return '-';
}

function date(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') : 'unknown';
}

function clip(text: string, width: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > width ? `${one.slice(0, width - 1)}…` : one;
}

export const list: Command = {
  name: 'list',
  summary: 'list the sessions on this machine (Claude Code, Codex, Gemini, opencode, party folders)',
  usage: USAGE,
  options: { json: { type: 'boolean' } },
  run: async (ctx) => {
    if (ctx.args.length) throw new UsageError('list takes no <source>');
    const found = discoverSessions();
    for (const w of found.warnings) ctx.stderr.write(`playback list: ${w.file ? `${w.file}: ` : ''}${w.message}\n`);
    // A Claude Code title is its first prompt: redacted whole, then cut, like every title shown.
    const titles = await redactDeep(found.sessions.map((s) => s.title), {});
    found.sessions.forEach((s, i) => (s.title = s.format === 'claude-code' ? shortTitle(titles[i]!) : titles[i]!));
    if (ctx.options.json) {
      const rows = found.sessions.map((s) => ({
        id: s.id,
        title: s.title,
        format: s.format,
        date: s.date > 0 ? new Date(s.date).toISOString() : null,
        size: size(s),
        ...(s.bytes !== undefined ? { bytes: s.bytes } : {}),
        ...(s.messages !== undefined ? { messages: s.messages } : {}),
        participants: s.participants,
        ...(s.directory ? { directory: s.directory } : {}),
      }));
      ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    if (found.sessions.length === 0) {
      ctx.stdout.write('No sessions found. Looked in:\n');
      for (const p of found.searched) ctx.stdout.write(`  ${p.place}${p.found ? '' : ' (not there)'}\n`);
      return 0;
    }
    const rows = found.sessions.map((s) => [date(s.date), s.format, size(s), clip(s.participants.join(', '), 36), clip(s.title, 60)]);
    const head = ['DATE (UTC)', 'FORMAT', 'SIZE', 'PARTICIPANTS', 'TITLE'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
    ctx.stdout.write(`${line(head)}\n`);
    found.sessions.forEach((s, i) => {
      ctx.stdout.write(`${line(rows[i]!)}\n`);
      ctx.stdout.write(`  ${s.id}\n`);
    });
    ctx.stdout.write(`\n${plural(found.sessions.length, 'session')}; pass an id (path or ses_...) to playback inspect, play or render.\n`);
    return 0;
  },
};
