// `playback inspect <source>`: what a session holds, as a readable summary or one JSON object.
import { requireOneSource, type Command } from '../command.js';
import { printWarnings, sourceOptions } from '../source-options.js';
import { describeRedactions } from '../../prepare/index.js';
import { recordingFrom, redactionFrom, redactionOptions, REDACTION_USAGE } from '../session-timeline.js';
import type { RedactReport } from '../../recording/redact.js';
import type { Recording } from '../../recording/model.js';
import { summarize, workflowTree, type RecordingSummary, type WorkflowSummary } from '../../recording/summary.js';
import { formatCount, formatDollars, formatDuration, plural } from '../../util/text.js';

const USAGE = `Usage: playback inspect <source>... [--json] [--session ses_...] [--entities <dir>] [--workflow]

Summarise a session: sessions, participants and their models, turns, tool calls and
errors, files written, tokens and cost, duration, warnings.

  <source>            opencode export (.json), opencode.db, Claude Code transcript (.jsonl),
                      Codex CLI rollout (.jsonl) or folder of them, Gemini CLI session
                      (.json, .jsonl), a bare ses_... id, a party folder, or - for stdin
  --json              print one JSON object instead
  --session ses_...   which session, when the source holds several (an opencode database,
                      a folder of Codex rollouts)
  --entities <dir>    where to look for entity folders (.<handle>/) before $HOME
  --workflow          follow hand-offs, forks and subagents (opencode) and print the tree;
                      several exports may be given together
${REDACTION_USAGE}
`;

const FILES_SHOWN = 25;

function when(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : 'unknown';
}

export function formatSummary(rec: Recording, s: RecordingSummary, redactions?: RedactReport): string {
  const out: string[] = [];
  out.push(s.title || '(untitled)');
  out.push(`  source    ${s.source} (${s.format})`);
  if (rec.directory) out.push(`  directory ${rec.directory}`);
  out.push(`  time      ${when(s.start)} → ${when(s.end)} (${formatDuration(s.duration)})`);
  if (s.party) {
    out.push(`  party     ${s.party.title || s.party.name}${s.party.topic ? `: ${s.party.topic}` : ''}`);
    out.push(`            ${s.party.participants.join(', ')}${s.party.starter ? ` (started by ${s.party.starter})` : ''}`);
  }
  out.push('');
  out.push(`Sessions (${s.sessions.length})`);
  for (const [i, session] of s.sessions.entries()) {
    const indent = i > 0 && session.parentId ? '    └ ' : '  ';
    out.push(`${indent}${session.id}  ${session.title}`);
    out.push(
      `${' '.repeat(indent.length)}  ${plural(session.turns, 'turn')}, ${formatCount(session.messages.user)} user / ${formatCount(session.messages.assistant)} assistant messages, ` +
        `${plural(session.toolCalls, 'tool call')} (${plural(session.toolErrors, 'error')})${session.models.length ? `, ${session.models.join(', ')}` : ''}`,
    );
  }
  out.push('');
  out.push('Participants');
  const width = Math.max(...s.participants.map((p) => p.name.length), 4);
  for (const p of s.participants) {
    out.push(`  ${p.name.padEnd(width)}  ${p.kind.padEnd(6)}  ${p.models.join(', ') || '-'}`);
  }
  out.push('');
  out.push(`Models      ${s.models.join(', ') || '-'}`);
  out.push(`Turns       ${formatCount(s.turns)}`);
  out.push(`Tool calls  ${formatCount(s.toolCalls)} (${plural(s.toolErrors, 'error')})`);
  out.push(`Files       ${plural(s.filesWritten.length, 'file')} written`);
  for (const f of s.filesWritten.slice(0, FILES_SHOWN)) out.push(`  ${f}`);
  if (s.filesWritten.length > FILES_SHOWN) out.push(`  … and ${s.filesWritten.length - FILES_SHOWN} more (see --json)`);
  const t = s.tokens;
  out.push(
    `Tokens      input ${formatCount(t.input)} · output ${formatCount(t.output)} · reasoning ${formatCount(t.reasoning)} · ` +
      `cache read ${formatCount(t.cacheRead)} · cache write ${formatCount(t.cacheWrite)}`,
  );
  const unpriced = s.unpricedModels.length ? ` (no price for ${s.unpricedModels.join(', ')})` : '';
  out.push(`Cost        ${formatDollars(s.cost)}${unpriced}`);
  for (const c of s.costs) {
    const from = c.costFrom === 'log' ? 'as logged' : c.costFrom === 'catalog' ? `${c.catalog ?? 'models.dev'} prices` : 'no price';
    out.push(`  ${(c.model || '(unnamed model)').padEnd(36)}  ${formatDollars(c.cost).padStart(10)}  ${from}`);
  }
  out.push(`Duration    ${formatDuration(s.duration)}`);
  out.push(`Warnings    ${s.warnings.length ? `${s.warnings.length} (on stderr)` : 'none'}`);
  out.push(`Secrets     ${!redactions ? 'not redacted (--no-redact)' : redactions.total ? `export ${describeRedactions(redactions).replace(/^redacted/, 'redacts')}` : 'none found'}`);
  return `${out.join('\n')}\n`;
}

/** The workflow tree as `inspect` shows it: one row per session, its link, its turns and speakers. */
export function formatWorkflow(nodes: WorkflowSummary[]): string {
  const out = [`Workflow (${plural(nodes.length, 'session')})`];
  for (const n of nodes) {
    const how = n.link === 'start' ? '' : `${n.link}${n.from ? ` of ${n.from}` : ''}: `;
    const copied = n.copiedMessages ? `, ${plural(n.copiedMessages, 'copied message')} not replayed` : '';
    out.push(`${'  '.repeat(n.depth + 1)}${n.depth ? '└ ' : ''}${how}${n.label}  ${n.sessionId}`);
    out.push(`${'  '.repeat(n.depth + 1)}${n.depth ? '  ' : ''}  ${plural(n.turns, 'turn')} by ${n.speakers.join(', ') || '-'}${copied}`);
  }
  return `${out.join('\n')}\n\n`;
}

export const inspect: Command = {
  name: 'inspect',
  summary: 'summarise a session: participants, models, turns, tools, files, tokens',
  usage: USAGE,
  options: {
    json: { type: 'boolean' },
    ...redactionOptions,
    ...sourceOptions,
  },
  async run(ctx) {
    const source = requireOneSource(ctx);
    const { recording: rec, redactions } = await recordingFrom(ctx, source);
    const summary = summarize(rec);
    printWarnings(ctx, rec);
    // What an export of it would redact: counted on the same rules, shown so nobody shares blind.
    const shown = redactionFrom(ctx).redact ? redactions : undefined;
    const workflow = rec.workflow ? workflowTree(rec) : undefined;
    if (ctx.options.json) ctx.stdout.write(`${JSON.stringify({ ...summary, ...(workflow ? { workflow } : {}), redactions: shown ?? null }, null, 2)}\n`);
    else ctx.stdout.write((workflow ? formatWorkflow(workflow) : '') + formatSummary(rec, summary, shown));
    return 0;
  },
};
