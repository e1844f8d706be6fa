// Where users keep sessions, and a cheap look at each: Claude Code projects, the opencode
// database and party folders. Claude Code files are only read at their head and tail, so
// listing hundreds of long transcripts stays fast.
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Warning } from '../recording/model.js';
import { listOpencodeSessions } from './opencode-db.js';
import { defaultOpencodeDb } from './opencode-db-path.js';
import { findPartyFolders } from './party-folder.js';
import { titleFromPrompt } from './claude-code-session.js';
import { AGENT_FILE, readAgentMeta } from './claude-code-subagents.js';
import { isDir } from '../util/fs.js';
import { codexSessionsDir, geminiTmpDir, listCodexSessions, listGeminiSessions, listOne } from './discover-agents.js';

export type ListedFormat = 'claude-code' | 'opencode-db' | 'party' | 'codex' | 'gemini';

export interface ListedSession {
  /** What to pass as `<source>`: a file path, a bare `ses_...` id, or a party folder. */
  id: string;
  title: string;
  format: ListedFormat;
  /** Last activity, ms since the epoch (0 when unknown). */
  date: number;
  /** File size in bytes, where the session is one file. */
  bytes?: number;
  /** Message count, where known without reading the whole session. */
  messages?: number;
  participants: string[];
  directory?: string;
  /** Where it was found: the projects folder, the database, or the folder searched. */
  foundIn: string;
}

export interface Discovery {
  sessions: ListedSession[];
  /** The places looked in, found or not. */
  searched: Array<{ place: string; found: boolean }>;
  warnings: Warning[];
}

export function claudeProjectsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.CLAUDE_CONFIG_DIR || join(homedir(), '.claude'), 'projects');
}

const EDGE_BYTES = 64 * 1024;

type Json = Record<string, unknown>;

function readEdges(path: string): { head: string; tail: string; size: number; mtime: number } {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    const headBuf = Buffer.alloc(Math.min(EDGE_BYTES, st.size));
    const headLen = readSync(fd, headBuf, 0, headBuf.length, 0);
    let tail = '';
    if (st.size > EDGE_BYTES) {
      const tailBuf = Buffer.alloc(EDGE_BYTES);
      const tailLen = readSync(fd, tailBuf, 0, EDGE_BYTES, st.size - EDGE_BYTES);
      tail = tailBuf.toString('utf8', 0, tailLen);
    }
    return { head: headBuf.toString('utf8', 0, headLen), tail, size: st.size, mtime: st.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** The whole lines of a chunk: the first (of a tail) and last may be cut. */
function parseLines(text: string, dropFirst: boolean): Json[] {
  const lines = text.split('\n');
  if (dropFirst) lines.shift();
  const out: Json[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    try {
      const v = JSON.parse(line) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) out.push(v as Json);
    } catch {
      // a line cut by the chunk edge
    }
  }
  return out;
}

function promptText(line: Json): string | undefined {
  if (line.type !== 'user' || line.isMeta === true || line.isCompactSummary === true || line.isSidechain === true) return undefined;
  const message = line.message as Json | undefined;
  const content = message?.content;
  let text: string | undefined;
  if (typeof content === 'string') text = content;
  else if (Array.isArray(content)) {
    if (content.some((b) => (b as Json)?.type === 'tool_result')) return undefined;
    text = content.map((b) => ((b as Json)?.type === 'text' ? String((b as Json).text ?? '') : '')).join('\n');
  }
  if (!text || text.startsWith('<local-command-std') || text.startsWith('[Request interrupted')) return undefined;
  return text;
}

/** Title, dates and participants of one Claude Code transcript, from its first and last 64 KiB. */
export function describeClaudeSession(path: string, foundIn: string): ListedSession | undefined {
  const { head, tail, size, mtime } = readEdges(path);
  const lines = [...parseLines(head, false), ...parseLines(tail, true)];
  if (!lines.some((l) => l.type === 'user' || l.type === 'assistant')) return undefined;
  let customTitle: string | undefined;
  let prompt: string | undefined;
  let directory: string | undefined;
  let last = 0;
  let sessionId: string | undefined;
  const uuids = new Set<string>();
  const summaries: Array<[string, string]> = [];
  const models: string[] = [];
  for (const l of lines) {
    if (typeof l.uuid === 'string') uuids.add(l.uuid);
    if (!sessionId && typeof l.sessionId === 'string') sessionId = l.sessionId;
    if (!directory && typeof l.cwd === 'string') directory = l.cwd;
    if (l.type === 'custom-title' && typeof l.customTitle === 'string') customTitle = l.customTitle;
    if (l.type === 'summary' && typeof l.summary === 'string' && typeof l.leafUuid === 'string') summaries.push([l.leafUuid, l.summary]);
    if (!prompt) prompt = promptText(l);
    if (typeof l.timestamp === 'string') last = Math.max(last, Date.parse(l.timestamp) || 0);
    const model = (l.message as Json | undefined)?.model;
    if (l.type === 'assistant' && typeof model === 'string' && model !== '<synthetic>' && !models.includes(model)) models.push(model);
  }
  const summary = summaries.filter(([leaf]) => uuids.has(leaf)).pop()?.[1];
  const participants = ['User', 'Claude', ...subagentNames(path, sessionId)];
  return {
    id: path,
    title: customTitle ?? summary ?? titleFromPrompt(prompt) ?? basename(path, '.jsonl'),
    format: 'claude-code',
    date: last || mtime,
    bytes: size,
    participants,
    ...(directory ? { directory } : {}),
    foundIn,
  };
}

/** Names of the subagents in `<sessionId>/subagents/`, from their .meta.json where there is one. */
function subagentNames(path: string, sessionId: string | undefined): string[] {
  const folder = join(path.replace(/\.jsonl$/, ''), 'subagents');
  const alt = sessionId ? join(resolve(path, '..'), sessionId, 'subagents') : folder;
  const dir = existsSync(folder) ? folder : alt;
  let files: string[];
  try {
    files = readdirSync(dir).filter((n) => AGENT_FILE.test(n) && !n.startsWith('agent-acompact'));
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const f of files.sort()) {
    const type = readAgentMeta(join(dir, f)).agentType;
    const name = type ? `${type} (subagent)` : 'subagent';
    if (!names.includes(name)) names.push(name);
  }
  return names;
}


/** `<projects>/<project>/<sessionId>.jsonl`; subagent files (`agent-*.jsonl`) belong to their session. */
export function listClaudeSessions(projects: string, warnings: Warning[]): ListedSession[] {
  const out: ListedSession[] = [];
  let projectNames: string[];
  try {
    projectNames = readdirSync(projects);
  } catch {
    return out;
  }
  for (const project of projectNames.sort()) {
    const dir = join(projects, project);
    if (!isDir(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.jsonl') || name.startsWith('agent-')) continue;
      listOne(join(dir, name), (p) => describeClaudeSession(p, projects), out, warnings);
    }
  }
  return out;
}

/** Root sessions of the opencode database (children are read with their parent). */
export function listDatabaseSessions(db: string, warnings: Warning[]): ListedSession[] {
  try {
    const rows = listOpencodeSessions(db);
    const children = new Map<string, number>();
    for (const r of rows) if (r.parentId) children.set(r.parentId, (children.get(r.parentId) ?? 0) + 1);
    return rows
      .filter((r) => !r.parentId)
      .map((r) => ({
        id: r.id,
        title: r.title,
        format: 'opencode-db' as const,
        date: r.updated || r.created,
        messages: r.messages,
        participants: ['User', ...r.agents, ...(children.get(r.id) ? [`${children.get(r.id)} subagent session(s)`] : [])],
        ...(r.directory ? { directory: r.directory } : {}),
        foundIn: db,
      }));
  } catch (err) {
    warnings.push({ message: `could not be listed: ${(err as Error).message}`, file: db });
    return [];
  }
}

export function listPartySessions(root: string, warnings: Warning[]): ListedSession[] {
  try {
    return findPartyFolders(root).map((p) => {
      const dated = p.date ? Date.parse(p.date) : NaN;
      let date = Number.isFinite(dated) ? dated : 0;
      if (!date) {
        try {
          date = statSync(p.folder).mtimeMs;
        } catch {
          date = 0;
        }
      }
      return { id: p.folder, title: p.title, format: 'party' as const, date, participants: p.participants, foundIn: root };
    });
  } catch (err) {
    warnings.push({ message: `party folders could not be searched: ${(err as Error).message}`, file: root });
    return [];
  }
}

/** Every session found, newest first. */
export function discoverSessions(options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Discovery {
  const env = options.env ?? process.env;
  const cwd = resolve(options.cwd ?? process.cwd());
  const warnings: Warning[] = [];
  const projects = claudeProjectsDir(env);
  const db = defaultOpencodeDb();
  const codex = codexSessionsDir(env);
  const gemini = geminiTmpDir(env);
  const sessions = [
    ...listClaudeSessions(projects, warnings),
    ...listCodexSessions(codex, warnings),
    ...listGeminiSessions(gemini, warnings),
    ...(existsSync(db) ? listDatabaseSessions(db, warnings) : []),
    ...listPartySessions(cwd, warnings),
  ];
  sessions.sort((a, b) => b.date - a.date || a.id.localeCompare(b.id));
  return {
    sessions,
    searched: [
      { place: projects, found: isDir(projects) },
      { place: codex, found: isDir(codex) },
      { place: gemini, found: isDir(gemini) },
      { place: db, found: existsSync(db) },
      { place: cwd, found: sessions.some((s) => s.format === 'party') },
    ],
    warnings,
  };
}
