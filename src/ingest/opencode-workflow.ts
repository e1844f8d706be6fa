// A workflow: opencode work that leaves its session. Subagents keep a parentID; a hand-off
// (opencode-sessions' `session` tool, mode "new") is linked only by the id in the tool's output;
// a fork has no link at all but its title "<original> (fork #N)" and the messages it copied,
// which keep their original times. This file finds those links among the sessions a source
// holds and orders the tree: parents before children, siblings by creation.
import { dirname } from 'node:path';
import type { Recording, SessionLink, Warning, WorkflowNode } from '../recording/model.js';
import { InputError } from './errors.js';
import { forkTitle, handOffTarget, obj, opencodeRecording, subagentName, type OpencodeSessionInput } from './opencode-messages.js';

/** What linking needs to know of one session, cheap to get from a database or an export. */
export interface SessionFacts {
  id: string;
  title: string;
  parentId?: string;
  created: number;
  /** `time.created` of its first message: a fork's equals its original's (copied messages keep it). */
  firstMessageTime?: number;
  /** Sessions its `session` tool calls made in mode "new". */
  handOffs: Array<{ sessionId: string; agent?: string }>;
}

interface Link {
  kind: SessionLink;
  from: string;
}

/** Each session's link to the one it came from. */
function linksOf(facts: SessionFacts[]): Map<string, Link> {
  const byId = new Map(facts.map((f) => [f.id, f]));
  const links = new Map<string, Link>();
  for (const f of facts) {
    if (f.parentId && byId.has(f.parentId)) links.set(f.id, { kind: 'subagent', from: f.parentId });
    for (const h of f.handOffs) if (byId.has(h.sessionId) && !links.has(h.sessionId)) links.set(h.sessionId, { kind: 'hand-off', from: f.id });
  }
  for (const f of facts) {
    const fork = f.parentId ? undefined : forkTitle(f.title);
    if (!fork || links.has(f.id)) continue;
    const candidates = facts.filter((o) => o.id !== f.id && o.title === fork.original && o.created <= f.created);
    // The original holds the messages the fork copied: the same first message time.
    const same = candidates.filter((o) => f.firstMessageTime !== undefined && o.firstMessageTime === f.firstMessageTime);
    const original = (same.length ? same : candidates).sort((a, b) => b.created - a.created)[0];
    if (original) links.set(f.id, { kind: 'fork', from: original.id });
  }
  return links;
}

/** The workflow `startId` belongs to, as a tree read in order; undefined when it is not among the facts. */
export function workflowTree(facts: SessionFacts[], startId: string): WorkflowNode[] | undefined {
  const byId = new Map(facts.map((f) => [f.id, f]));
  if (!byId.has(startId)) return undefined;
  const links = linksOf(facts);
  let root = startId;
  const climbed = new Set([root]);
  for (let up = links.get(root); up && !climbed.has(up.from); up = links.get(root)) {
    root = up.from;
    climbed.add(root);
  }
  const children = new Map<string, SessionFacts[]>();
  for (const [id, link] of links) children.set(link.from, [...(children.get(link.from) ?? []), byId.get(id)!]);
  const nodes: WorkflowNode[] = [];
  const seen = new Set<string>();
  const visit = (f: SessionFacts, depth: number, link: Link | undefined, label: string): void => {
    if (seen.has(f.id)) return;
    seen.add(f.id);
    nodes.push({
      sessionId: f.id, title: f.title, link: link?.kind ?? 'start', depth, label,
      played: link?.kind !== 'subagent',
      ...(link ? { fromSessionId: link.from } : {}),
    });
    const kids = [...(children.get(f.id) ?? [])].sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
    const forks = kids.filter((k) => links.get(k.id)?.kind === 'fork');
    for (const k of kids) {
      const kl = links.get(k.id)!;
      const name =
        kl.kind === 'fork' ? `fork ${forks.indexOf(k) + 1} of ${forks.length}`
        : kl.kind === 'subagent' ? (subagentName(k.title) ?? k.title)
        : k.title;
      visit(k, depth + 1, kl, name);
    }
  };
  visit(byId.get(root)!, 0, undefined, byId.get(root)!.title);
  return nodes;
}

/** The facts of a session read whole (an export). */
export function factsOfInput(input: OpencodeSessionInput): SessionFacts {
  const info = input.info;
  const messages = [...input.messages];
  const handOffs: SessionFacts['handOffs'] = [];
  for (const m of messages) {
    for (const p of Array.isArray(m?.parts) ? m.parts : []) {
      const state = obj(p?.state);
      const target = handOffTarget(typeof p?.tool === 'string' ? p.tool : undefined, state?.input, state?.output);
      if (target) handOffs.push(target);
    }
  }
  const first = obj(obj(messages[0]?.info)?.time)?.created;
  return {
    id: String(info.id ?? ''),
    title: typeof info.title === 'string' ? info.title : String(info.id ?? ''),
    ...(typeof info.parentID === 'string' ? { parentId: info.parentID } : {}),
    created: Number(obj(info.time)?.created ?? 0),
    ...(typeof first === 'number' ? { firstMessageTime: first } : {}),
    handOffs,
  };
}

/** Sessions in the order a workflow recording converts them: played ones in tree order, then subagents after their parents. */
export function conversionOrder(nodes: WorkflowNode[]): string[] {
  return [...nodes.filter((n) => n.played), ...nodes.filter((n) => !n.played)].map((n) => n.sessionId);
}

/** Mark the recording as a workflow: its tree, and each session's origin from the links found. */
export function applyWorkflow(rec: Recording, nodes: WorkflowNode[]): Recording {
  rec.workflow = nodes;
  for (const node of nodes) {
    const session = rec.sessions.find((s) => s.id === node.sessionId);
    if (!session || node.link === 'start') continue;
    session.origin = { ...session.origin, kind: node.link, ...(node.fromSessionId ? { fromSessionId: node.fromSessionId } : {}) };
    // A hand-off's first prompt is the text the calling agent gave the session tool: its speech.
    const first = session.turns[0]?.prompt;
    if (node.link !== 'hand-off' || !first) continue;
    const call = rec.sessions.find((s) => s.id === node.fromSessionId)?.turns.flatMap((t) => t.events)
      .find((e) => e.kind === 'tool' && handOffTarget(e.tool, e.input, e.output)?.sessionId === session.id);
    if (call) first.from = call.participantId;
  }
  return rec;
}

/** A workflow read from exports given together: every session converted, tree order. */
export function workflowFromExports(paths: string[], startId: string | undefined, readExport: (path: string, warnings: Warning[]) => OpencodeSessionInput): Recording {
  const warnings: Warning[] = [];
  const inputs = new Map<string, OpencodeSessionInput>();
  for (const path of paths) {
    const input = readExport(path, warnings);
    const id = String(input.info.id ?? '');
    if (inputs.has(id)) warnings.push({ message: `session ${id} is given twice; read once`, file: path });
    else inputs.set(id, input);
  }
  const facts = [...inputs.values()].map(factsOfInput);
  const start = startId ?? facts.filter((f) => !f.parentId).sort((a, b) => a.created - b.created)[0]?.id ?? facts[0]?.id;
  const nodes = start ? workflowTree(facts, start) : undefined;
  if (!nodes) {
    throw new InputError(`no session ${startId ?? ''} among the exports given`.replace('  ', ' '), paths[0] ?? '', undefined,
      'Give the exports of the workflow together, or a folder of them.');
  }
  const sessions = conversionOrder(nodes).map((id) => inputs.get(id)!);
  const rec = opencodeRecording({ format: 'opencode-export', source: paths.length === 1 ? paths[0]! : dirnameOf(paths), sessions, warnings });
  return applyWorkflow(rec, nodes);
}

function dirnameOf(paths: string[]): string {
  const dirs = new Set(paths.map((p) => dirname(p)));
  return dirs.size === 1 ? [...dirs][0]! : paths.join(' ');
}
