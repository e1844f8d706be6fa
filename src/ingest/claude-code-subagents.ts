// Subagent transcripts of a Claude Code session, in every layout Claude Code has used:
//   <sessionId>/subagents/agent-<id>.jsonl (+ agent-<id>.meta.json)   current
//   agent-<id>.jsonl beside the session file, lines with isSidechain   older
//   isSidechain lines inline in the session file                       oldest
//   agent_progress lines in the session file (when no file was kept)
// and how each is linked to the Task/Agent call that started it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CompactionEvent, SubagentEvent, ToolEvent, Warning } from '../recording/model.js';
import { readHead } from './head.js';
import { TranscriptParser, type AgentCall, type ParsedEntry, type ParsedFile } from './claude-code-parse.js';

export interface ChildTranscript {
  agentId: string;
  /** Where it was found, for warnings. */
  source: string;
  entries: ParsedEntry[];
  file: ParsedFile;
  meta: { agentType?: string; description?: string; toolUseId?: string };
  /** Compaction runs (`agent-acompact-*`) summarise the parent rather than answer a call. */
  compaction: boolean;
}

/** A subagent transcript's file name; the group is its agent id. */
export const AGENT_FILE = /^agent-(.+)\.jsonl$/;

/** The `.meta.json` beside a subagent transcript; {} when there is none or it is unreadable. */
export function readAgentMeta(jsonlPath: string): ChildTranscript['meta'] {
  const metaPath = jsonlPath.replace(/\.jsonl$/, '.meta.json');
  if (!existsSync(metaPath)) return {};
  try {
    const m = JSON.parse(readFileSync(metaPath, 'utf8')) as Record<string, unknown>;
    const s = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return { agentType: s(m.agentType), description: s(m.description), toolUseId: s(m.toolUseId) };
  } catch {
    return {};
  }
}

function listAgentFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => AGENT_FILE.test(n)).sort().map((n) => join(dir, n));
  } catch {
    return [];
  }
}

function childFromFile(path: string): ChildTranscript {
  const file = new TranscriptParser(path).readFile().finish();
  const agentId = file.agentId ?? AGENT_FILE.exec(basename(path))![1]!;
  return { agentId, source: path, entries: file.entries, file, meta: readAgentMeta(path), compaction: agentId.startsWith('acompact') };
}

/** Every subagent transcript of the session in `main`. */
export function findChildren(main: ParsedFile): ChildTranscript[] {
  const children: ChildTranscript[] = [];
  const seen = new Set<string>();
  const add = (c: ChildTranscript) => {
    if (seen.has(c.agentId) || c.entries.length === 0) return;
    seen.add(c.agentId);
    children.push(c);
  };
  const dir = dirname(main.path);
  const stem = basename(main.path, '.jsonl');
  const folders = new Set([join(dir, stem, 'subagents')]);
  if (main.sessionId) folders.add(join(dir, main.sessionId, 'subagents'));
  for (const folder of folders) for (const path of listAgentFiles(folder)) add(childFromFile(path));

  if (main.sessionId) {
    const marker = `"sessionId":"${main.sessionId}"`;
    for (const path of listAgentFiles(dir)) {
      if (path === main.path) continue;
      const head = readHead(path, 16 * 1024).toString('utf8');
      if (head.replace(/"sessionId"\s*:\s*"/g, '"sessionId":"').includes(marker)) add(childFromFile(path));
    }
  }

  // Inline sidechain lines: one child per agentId, or per chain of lines when there is none.
  const byEntry = new Map<string, ParsedEntry>();
  for (const e of main.entries) if (e.sidechain && e.uuid) byEntry.set(e.uuid, e);
  const groups = new Map<string, ParsedEntry[]>();
  for (const e of main.entries) {
    if (!e.sidechain) continue;
    let key = e.agentId;
    if (!key) {
      let root = e;
      for (let p = root.parent ? byEntry.get(root.parent) : undefined, n = 0; p && n < byEntry.size; p = p.parent ? byEntry.get(p.parent) : undefined, n++) root = p;
      key = `sidechain-${root.uuid ?? root.line}`;
    }
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  for (const [agentId, entries] of groups) {
    add({ agentId, source: main.path, entries, file: main, meta: {}, compaction: agentId.startsWith('acompact') });
  }

  for (const progress of main.agentProgress.values()) {
    if (seen.has(progress.agentId)) continue;
    const parser = new TranscriptParser(main.path);
    const uuids = new Set<string>();
    for (const item of progress.items) {
      const uuid = typeof item.message.uuid === 'string' ? item.message.uuid : undefined;
      if (uuid && uuids.has(uuid)) continue;
      if (uuid) uuids.add(uuid);
      parser.addObject(item.message, item.line);
    }
    const file = parser.finish();
    add({
      agentId: progress.agentId,
      source: main.path,
      entries: file.entries,
      file,
      meta: { toolUseId: progress.parentToolUseId },
      compaction: false,
    });
  }
  return children;
}

/** Where a child hangs in the recording: the call (or compaction) that started it. */
export interface ChildLink {
  parentSessionId: string;
  callId?: string;
  call?: AgentCall;
}

export interface CallSite {
  sessionId: string;
  entries: ParsedEntry[];
  calls: AgentCall[];
}

function firstPrompt(entries: ParsedEntry[]): string | undefined {
  return entries.find((e) => e.prompt)?.prompt?.text;
}

/**
 * Link a child to the Task/Agent call that started it, and put a `subagent` event right after
 * that call. Returns undefined, and warns, when no call matches.
 */
export function linkChild(child: ChildTranscript, sites: CallSite[], childSessionId: string, warnings: Warning[]): ChildLink | undefined {
  if (child.compaction) return linkCompaction(child, sites[0], childSessionId);
  const prompt = firstPrompt(child.entries)?.trim();
  const matchers: Array<(c: AgentCall) => boolean> = [
    (c) => !!child.meta.toolUseId && c.callId === child.meta.toolUseId,
    (c) => c.agentId === child.agentId,
    (c) => !!prompt && c.prompt?.trim() === prompt,
  ];
  for (const match of matchers) {
    for (const site of sites) {
      const call = site.calls.find(match);
      if (!call) continue;
      const found = findTool(site.entries, call.callId);
      if (!found) continue;
      const { entry, event } = found;
      event.childSessionId = childSessionId;
      const link: SubagentEvent = {
        id: `${call.callId}#subagent`,
        sessionId: '',
        messageId: event.messageId,
        time: event.time,
        participantId: 'agent:claude',
        kind: 'subagent',
        childSessionId,
        callId: call.callId,
        ...((child.meta.agentType ?? call.agentType) ? { agent: child.meta.agentType ?? call.agentType } : {}),
        ...((child.meta.description ?? call.description) ? { description: child.meta.description ?? call.description } : {}),
      };
      entry.events.splice(entry.events.indexOf(event) + 1, 0, link);
      return { parentSessionId: site.sessionId, callId: call.callId, call };
    }
  }
  warnings.push({
    message: `subagent ${child.agentId}: no Task/Agent call found that started it; shown as a child of the session`,
    file: child.source,
  });
  return undefined;
}

type ToolIndex = Map<string, { entry: ParsedEntry; event: ToolEvent }>;
const toolIndexes = new WeakMap<ParsedEntry[], ToolIndex>();

function findTool(entries: ParsedEntry[], callId: string): { entry: ParsedEntry; event: ToolEvent } | undefined {
  let index = toolIndexes.get(entries);
  if (!index) {
    index = new Map();
    for (const entry of entries) for (const ev of entry.events) if (ev.kind === 'tool') index.set(ev.callId, { entry, event: ev });
    toolIndexes.set(entries, index);
  }
  return index.get(callId);
}

/** A compaction run belongs to the first compaction boundary at or after it started. */
function linkCompaction(child: ChildTranscript, site: CallSite | undefined, childSessionId: string): ChildLink | undefined {
  if (!site) return undefined;
  const started = child.entries[0]?.time ?? 0;
  let best: { entry: ParsedEntry; event: CompactionEvent } | undefined;
  for (const entry of site.entries) {
    for (const ev of entry.events) {
      if (ev.kind !== 'compaction') continue;
      best = { entry, event: ev };
      if (ev.time >= started) break;
    }
    if (best && best.event.time >= started) break;
  }
  if (!best) return undefined;
  const link: SubagentEvent = {
    id: `${best.event.id}#compaction-run`,
    sessionId: '',
    time: best.event.time,
    participantId: 'agent:claude',
    kind: 'subagent',
    childSessionId,
    agent: 'compaction',
    description: 'the run that wrote the compaction summary',
  };
  best.entry.events.splice(best.entry.events.indexOf(best.event) + 1, 0, link);
  return { parentSessionId: site.sessionId };
}
