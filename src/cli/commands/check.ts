// `playback check <source>`: the party-line protocol check. Exit 0 clean, 1 findings.
import { requireOneSource, type Command } from '../command.js';
import { printWarnings, sourceOptions } from '../source-options.js';
import { recordingFrom, redactionOptions, REDACTION_USAGE } from '../session-timeline.js';
import { checkProtocol, type Finding } from '../../recording/protocol-check.js';
import { isPartySession } from '../../recording/party-line.js';
import { plural } from '../../util/text.js';

const USAGE = `Usage: playback check <source> [--json] [--session ses_...] [--entities <dir>]

Check a party-line session against the protocol, reading only what the entities wrote
(never the prompts). Findings:
  unsigned               a turn with no signature "--- <entity> @ <time> | <host>:<user> | <model> ---"
  incomplete-provenance  a signature missing its time, host, user or model
  no-sign-out            signed in, never wrote "--- <entity> out ---"
  entity-mismatch        the signature names another entity than the PARTY-LINE header
  model-mismatch         the signed model is not the model that ran
  not-in-primer          an entity spoke that PRIMER.md does not list

Exit status: 0 clean, 1 findings (or unreadable input), 2 bad usage.

  <source>            a party folder (.koad-io/parties/<name> or its workspace), an opencode
                      export (.json), opencode.db, a bare ses_... id, or - for stdin
  --json              print { "findings": [ { kind, turn, entity, messageId, detail } ] }
  --session ses_...   which session, when the source holds several (an opencode database)
  --entities <dir>    where to look for entity folders (.<handle>/) before $HOME
${REDACTION_USAGE}
`;

export function formatFinding(f: Finding): string {
  return `turn ${f.turn}  ${f.entity || '?'}  ${f.kind}: ${f.detail}${f.messageId ? `  [${f.messageId}]` : ''}`;
}

export const check: Command = {
  name: 'check',
  summary: 'check a party-line session for protocol violations',
  usage: USAGE,
  options: {
    json: { type: 'boolean' },
    ...redactionOptions,
    ...sourceOptions,
  },
  async run(ctx) {
    const source = requireOneSource(ctx);
    const { recording: rec } = await recordingFrom(ctx, source, { priced: false });
    printWarnings(ctx, rec);
    const party = isPartySession(rec);
    const findings = party ? checkProtocol(rec) : [];
    if (ctx.options.json) {
      ctx.stdout.write(`${JSON.stringify({ findings }, null, 2)}\n`);
    } else {
      for (const f of findings) ctx.stdout.write(`${formatFinding(f)}\n`);
      const turns = rec.sessions.find((s) => !s.parentId)?.turns.length ?? 0;
      if (!party) ctx.stderr.write(`${rec.source}: not a party-line session (no party card, no PARTY-LINE header); nothing to check\n`);
      else if (findings.length) ctx.stderr.write(`${plural(findings.length, 'finding')} in ${plural(turns, 'turn')}\n`);
      else ctx.stderr.write(`clean: ${turns} turns, every one signed in and out\n`);
    }
    return findings.length ? 1 : 0;
  },
};
