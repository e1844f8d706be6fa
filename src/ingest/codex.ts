// Codex CLI rollout files (`~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`). Each file is
// streamed line by line into turns (codex-parse.ts, tools in codex-tools.ts). Sub-agent
// rollouts beside a parent (their session_meta names it) are read as its child sessions; a
// sub-agent read alone is its own root, its copy of the parent's history shown as context.
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Participant, Recording, Session, SubagentEvent, TextEvent, Warning } from '../recording/model.js';
import { emptyTokens } from '../recording/model.js';
import { finishRecording } from '../recording/derive.js';
import { InputError } from './errors.js';
import { HEAD_BYTES, readHead } from './head.js';
import { titleFromPrompt } from './claude-code-session.js';
import { isObject, type Reader } from './reader-kit.js';
import { firstLine, looksLikeCodexRollout } from './detect.js';
import { CODEX_AGENT, RolloutParser, type ParsedRollout } from './codex-parse.js';
import { plural } from '../util/text.js';

/** How much of a header line is read to find its fields. */
const HEADER_BYTES = 4 * 1024 * 1024;

export interface RolloutHeader {
  id?: string;
  forkedFrom?: string;
  cwd?: string;
}

/** A string field of the header line's payload, found in its text (the line may be longer than the head). */
function headerField(line: string, key: string): string | undefined {
  const payload = line.indexOf('"payload":');
  if (payload === -1) return undefined;
  // Inside JSON strings quotes are escaped, so `"key":"` matches only a real key.
  const m = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(line.slice(payload));
  try {
    return m ? (JSON.parse(`"${m[1]}"`) as string) : undefined;
  } catch {
    return undefined;
  }
}

/** The session_meta a rollout opens with, read from its head only. */
export function rolloutHeader(path: string): RolloutHeader | undefined {
  let head = readHead(path);
  // Long instructions can push the fields after them (a sub-agent's source) past the first 64 KiB.
  if (head.length === HEAD_BYTES && head.indexOf(10) === -1) head = readHead(path, HEADER_BYTES);
  const line = firstLine(head);
  if (!/^\{\s*"timestamp"\s*:\s*"[^"]*"\s*,\s*"type"\s*:\s*"session_meta"/.test(line)) {
    try {
      const o = JSON.parse(line) as unknown;
      if (!isObject(o) || o.type !== 'session_meta') return undefined;
    } catch {
      return undefined;
    }
  }
  // The line may still be cut: read the fields from its text.
  const id = headerField(line, 'id');
  const forkedFrom = headerField(line, 'forked_from_id') ?? headerField(line, 'parent_thread_id');
  const cwd = headerField(line, 'cwd');
  return { ...(id ? { id } : {}), ...(forkedFrom ? { forkedFrom } : {}), ...(cwd ? { cwd } : {}) };
}

function rolloutsIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.startsWith('rollout-') && n.endsWith('.jsonl')).sort().map((n) => join(dir, n));
  } catch {
    return [];
  }
}

/** Rollouts in the same folder whose header names `parentId` as the session they came from. */
function childRollouts(path: string, parentId: string): string[] {
  return rolloutsIn(dirname(path)).filter((p) => p !== path && rolloutHeader(p)?.forkedFrom === parentId);
}

/**
 * A folder of rollouts (`~/.codex/sessions/YYYY/MM/DD/`): the rollout to read, its sub-agents
 * coming along as children. That is the one root there, or the one `--session` names;
 * undefined when the folder holds no rollouts.
 */
export function codexFolderRoot(dir: string, sessionId?: string): string | undefined {
  const all = rolloutsIn(dir).map((path) => ({ path, meta: rolloutHeader(path) }));
  if (all.length === 0) return undefined;
  if (sessionId) {
    const named = all.find((r) => r.meta?.id === sessionId || basename(r.path).includes(sessionId));
    if (!named) throw new InputError(`no rollout of session ${sessionId} in this folder`, dir, undefined, 'Run `playback list` to see the Codex sessions found.');
    return named.path;
  }
  const ids = new Set(all.map((r) => r.meta?.id));
  const roots = all.filter((r) => !r.meta?.forkedFrom || !ids.has(r.meta.forkedFrom));
  if (roots.length === 1) return roots[0]!.path;
  throw new InputError(`${roots.length} Codex sessions in this folder (${roots.slice(0, 3).map((r) => r.meta?.id ?? basename(r.path)).join(', ')}${roots.length > 3 ? ', ...' : ''})`, dir, undefined,
    'Name one: playback inspect <folder> --session <id>, or give its rollout file.');
}

function sessionFrom(parsed: ParsedRollout, answerer: string, prompter: string, parentId?: string): Session {
  const id = parsed.meta.id ?? basename(parsed.path, '.jsonl');
  const firstPrompt = parsed.turns.find((t) => t.prompt)?.prompt?.text;
  const session: Session = {
    id,
    title: titleFromPrompt(firstPrompt) ?? basename(parsed.path, '.jsonl'),
    ...(parentId ? { parentId } : {}),
    ...(parsed.meta.cwd ? { directory: parsed.meta.cwd } : {}),
    ...(parsed.meta.version ? { version: parsed.meta.version } : {}),
    start: parsed.meta.start ?? 0,
    end: parsed.meta.start ?? 0,
    messages: { user: parsed.prompts, assistant: parsed.assistantMessages },
    turns: parsed.turns,
  };
  if (parsed.replay) {
    const r = parsed.replay;
    const note: TextEvent = {
      id: `replay#${r.firstLine}`,
      sessionId: id,
      time: parsed.meta.start ?? 0,
      participantId: prompter,
      kind: 'text',
      role: 'user',
      synthetic: true,
      text: `[context] Forked from session ${r.parentId ?? parsed.meta.forkedFrom ?? '(unknown)'}: its history (${plural(r.lines, 'line')}, ${plural(r.prompts, 'prompt')}, lines ${r.firstLine}-${r.lastLine}) was copied in as context, not new work.`,
    };
    const first = parsed.turns[0];
    if (first) first.events.unshift(note);
    else parsed.turns.push({ index: 0, sessionId: id, participantId: answerer, messageIds: [], start: note.time, end: note.time, models: [], events: [note], tokens: emptyTokens(), cost: 0, usage: [] });
  }
  for (const turn of parsed.turns) {
    turn.sessionId = id;
    turn.participantId = answerer;
    for (const ev of turn.events) {
      ev.sessionId = id;
      if (ev.participantId === CODEX_AGENT) ev.participantId = answerer;
      else if (ev.participantId === 'user') ev.participantId = prompter;
    }
  }
  return session;
}

/** Point the parent's call that spawned a child at it: the first tool event whose output names the child. */
function linkChild(parent: Session, child: Session): void {
  for (const turn of parent.turns) {
    const at = turn.events.findIndex((e) => e.kind === 'tool' && !e.childSessionId && `${e.output ?? ''}${e.error ?? ''}`.includes(child.id));
    if (at === -1) continue;
    const call = turn.events[at]!;
    if (call.kind !== 'tool') return;
    call.childSessionId = child.id;
    child.parentCallId = call.callId;
    const ev: SubagentEvent = { id: `${call.callId}#subagent`, sessionId: parent.id, time: call.end ?? call.time, participantId: call.participantId, kind: 'subagent', childSessionId: child.id, callId: call.callId };
    turn.events.splice(at + 1, 0, ev);
    return;
  }
}

async function read(path: string): Promise<Recording> {
  const main = new RolloutParser(path).readFile().finish();
  if (main.turns.length === 0 && !main.meta.id) {
    throw new InputError('no Codex CLI records found', path, undefined,
      'Expected JSON lines with "type": "session_meta", "response_item" or "event_msg" (a rollout from ~/.codex/sessions).');
  }
  const warnings: Warning[] = [...main.log.warnings()];
  const root = sessionFrom(main, CODEX_AGENT, 'user');
  const participants: Participant[] = [
    { id: 'user', kind: 'user', name: 'User', models: [] },
    { id: CODEX_AGENT, kind: 'agent', name: 'Codex', models: [] },
  ];
  const children: Session[] = [];
  for (const childPath of root.id ? childRollouts(path, root.id) : []) {
    const parsed = new RolloutParser(childPath).readFile().finish();
    warnings.push(...parsed.log.warnings());
    const guest = `guest:${parsed.meta.id ?? basename(childPath)}`;
    participants.push({ id: guest, kind: 'guest', name: `${parsed.meta.agentRole ?? 'sub-agent'} (subagent)`, models: [] });
    const child = sessionFrom(parsed, guest, CODEX_AGENT, root.id);
    linkChild(root, child);
    children.push(child);
  }
  children.sort((a, b) => a.start - b.start);
  const rec: Recording = {
    format: 'codex',
    source: path,
    title: root.title,
    ...(root.directory ? { directory: root.directory } : {}),
    start: root.start,
    end: root.end,
    sessions: [root, ...children],
    participants,
    tokens: emptyTokens(),
    cost: 0,
    warnings,
  };
  return finishRecording(rec);
}

export const codexReader: Reader = {
  format: 'codex',
  detect: looksLikeCodexRollout,
  read,
};
