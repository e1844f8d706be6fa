// Claude Code JSONL transcripts (`~/.claude/projects/<project>/<sessionId>.jsonl`).
// The file is streamed line by line (claude-code-lines.ts), each line becomes an entry with
// its events (claude-code-parse.ts), the main branch is followed past /rewind
// (claude-code-branches.ts), subagent transcripts are found and linked
// (claude-code-subagents.ts), and entries are grouped into turns (claude-code-session.ts).
import { basename } from 'node:path';
import type { Participant, Recording, Session, Warning } from '../recording/model.js';
import { emptyTokens } from '../recording/model.js';
import { finishRecording } from '../recording/derive.js';
import type { Reader } from './index.js';
import { InputError } from './errors.js';
import { looksLikeClaudeCode } from './detect.js';
import { TranscriptParser, type ParsedEntry, type ParsedFile } from './claude-code-parse.js';
import { followMainBranch } from './claude-code-branches.js';
import { buildSession, titleFromPrompt } from './claude-code-session.js';
import { findChildren, linkChild, type CallSite, type ChildTranscript } from './claude-code-subagents.js';

function participantsFor(children: ChildTranscript[], names: Map<string, string>): Participant[] {
  const list: Participant[] = [
    { id: 'user', kind: 'user', name: 'User', models: [] },
    { id: 'agent:claude', kind: 'agent', name: 'Claude', models: [] },
  ];
  for (const c of children) list.push({ id: `guest:${c.agentId}`, kind: 'guest', name: names.get(c.agentId) ?? `subagent ${c.agentId}`, models: [] });
  return list;
}

function sessionTitle(file: ParsedFile, entries: ParsedEntry[]): string {
  if (file.customTitle) return file.customTitle;
  const kept = new Set(entries.map((e) => e.uuid));
  let summary: string | undefined;
  for (const [leaf, text] of file.summaries) if (kept.has(leaf)) summary = text;
  return summary ?? titleFromPrompt(entries.find((e) => e.prompt)?.prompt?.text) ?? basename(file.path, '.jsonl');
}

async function read(path: string): Promise<Recording> {
  const main = new TranscriptParser(path).readFile().finish();
  if (main.entries.length === 0) {
    throw new InputError(
      'no Claude Code messages found',
      path,
      undefined,
      'Expected JSON lines with "type": "user" or "assistant" (a transcript from ~/.claude/projects).',
    );
  }
  const warnings: Warning[] = [...main.warnings];
  // A subagent file read on its own is its own root.
  const standaloneAgent = main.entries.every((e) => e.sidechain);
  const rootId = standaloneAgent ? (main.agentId ?? basename(path, '.jsonl')) : (main.sessionId ?? basename(path, '.jsonl'));

  const branch = followMainBranch(
    standaloneAgent ? main.entries : main.entries.filter((e) => !e.sidechain),
    () => new TranscriptParser(path, { linksOnly: true }).readFile().finish().parents,
  );
  if (branch.abandonedLines > 0) {
    warnings.push({
      message: `${branch.abandonedLines} line(s) on branches abandoned by /rewind were left out; the branch holding the last message is shown`,
      file: path,
      ...(branch.firstAbandonedLine ? { line: branch.firstAbandonedLine } : {}),
    });
  }
  const rootEntries = branch.kept;

  const children = standaloneAgent ? [] : findChildren(main);
  const sites: CallSite[] = [{ sessionId: rootId, entries: rootEntries, calls: main.agentCalls }];
  for (const c of children) if (c.file !== main) sites.push({ sessionId: c.agentId, entries: c.entries, calls: c.file.agentCalls });
  const names = new Map<string, string>();
  // Link every child first: a link adds an event to the calling session's entries.
  const links = children.map((c) => linkChild(c, sites, c.agentId, warnings));
  const childSessions: Session[] = children.map((c, i) => {
    const link = links[i];
    if (c.file !== main) warnings.push(...c.file.warnings);
    const agentType = c.compaction ? 'compaction' : (c.meta.agentType ?? link?.call?.agentType);
    names.set(c.agentId, c.compaction ? 'compaction' : `${agentType ?? 'subagent'} (subagent)`);
    const title = c.meta.description ?? link?.call?.description ?? titleFromPrompt(c.entries.find((e) => e.prompt)?.prompt?.text) ?? `agent ${c.agentId}`;
    return buildSession({
      id: c.agentId,
      title: c.compaction ? `Compaction: ${title}` : title,
      parentId: link?.parentSessionId ?? rootId,
      ...(link?.callId ? { parentCallId: link.callId } : {}),
      directory: c.file.cwd ?? main.cwd,
      version: c.file.version,
      answerer: `guest:${c.agentId}`,
      prompter: 'agent:claude',
    }, c.entries, c.file.usage);
  });
  const root = buildSession({
    id: rootId,
    title: sessionTitle(main, rootEntries),
    directory: main.cwd,
    version: main.version,
    answerer: 'agent:claude',
    prompter: 'user',
  }, rootEntries, main.usage);
  childSessions.sort((a, b) => a.start - b.start);

  const rec: Recording = {
    format: 'claude-code',
    source: path,
    title: root.title,
    ...(main.cwd ? { directory: main.cwd } : {}),
    start: root.start,
    end: root.end,
    sessions: [root, ...childSessions],
    participants: participantsFor(children, names),
    tokens: emptyTokens(),
    cost: 0,
    warnings,
  };
  return finishRecording(rec);
}

export const claudeCodeReader: Reader = {
  format: 'claude-code',
  detect: looksLikeClaudeCode,
  read,
};
