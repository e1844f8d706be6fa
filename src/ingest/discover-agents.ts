// Where Codex CLI and Gemini CLI keep sessions, and a cheap look at each (its first 64 KiB):
// `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl` (default ~/.codex) and
// `~/.gemini/tmp/<project_hash>/chats/session-*.json[l]`.
import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import type { Warning } from '../recording/model.js';
import type { ListedSession } from './discover.js';
import { readHead } from './head.js';
import { titleFromPrompt } from './claude-code-session.js';
import { isObject, str, type Json } from './reader-kit.js';
import { isDir } from '../util/fs.js';
import { rolloutHeader } from './codex.js';

export function codexSessionsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.CODEX_HOME || join(homedir(), '.codex'), 'sessions');
}

export function geminiTmpDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.HOME || homedir(), '.gemini', 'tmp');
}

/** One session file's listing, or a warning naming it when it cannot be read. */
export function listOne(path: string, describe: (path: string) => ListedSession | undefined, out: ListedSession[], warnings: Warning[]): void {
  try {
    const listed = describe(path);
    if (listed) out.push(listed);
  } catch (err) {
    warnings.push({ message: `could not be read: ${(err as Error).message}`, file: path });
  }
}

function children(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Whole JSON lines of a head: the last may be cut. */
function headLines(path: string): Json[] {
  const out: Json[] = [];
  for (const line of readHead(path).toString('utf8').split('\n')) {
    try {
      const v = JSON.parse(line) as unknown;
      if (isObject(v)) out.push(v);
    } catch {
      // cut by the head's edge
    }
  }
  return out;
}

function describeRollout(path: string, foundIn: string): ListedSession | undefined {
  const header = rolloutHeader(path);
  if (!header) return undefined;
  const prompt = headLines(path).find((l) => l.type === 'event_msg' && isObject(l.payload) && l.payload.type === 'user_message')?.payload as Json | undefined;
  const st = statSync(path);
  return {
    id: path,
    title: titleFromPrompt(str(prompt?.message)) ?? basename(path, '.jsonl'),
    format: 'codex',
    date: st.mtimeMs,
    bytes: st.size,
    participants: ['User', header.forkedFrom ? 'Codex (sub-agent)' : 'Codex'],
    ...(header.cwd ? { directory: header.cwd } : {}),
    foundIn,
  };
}

/** Every rollout under the sessions folder, at any depth (dated folders, or flat in older versions). */
export function listCodexSessions(root: string, warnings: Warning[]): ListedSession[] {
  const out: ListedSession[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of children(dir)) {
      const path = join(dir, name);
      if (name.startsWith('rollout-') && name.endsWith('.jsonl')) listOne(path, (p) => describeRollout(p, root), out, warnings);
      else if (depth < 4 && isDir(path)) walk(path, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

function describeGemini(path: string, foundIn: string): ListedSession | undefined {
  const head = readHead(path).toString('utf8');
  if (!/"projectHash"\s*:/.test(head)) return undefined;
  const st = statSync(path);
  // The first user message's text, from the head: no need to parse the whole file to title it.
  const firstUser = /"type"\s*:\s*"user"[\s\S]*?"text"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(head) ?? /"text"\s*:\s*"((?:[^"\\]|\\.)*)"[\s\S]*?"type"\s*:\s*"user"/.exec(head);
  let prompt: string | undefined;
  try {
    prompt = firstUser ? (JSON.parse(`"${firstUser[1]}"`) as string) : undefined;
  } catch {
    prompt = undefined;
  }
  return {
    id: path,
    title: titleFromPrompt(prompt) ?? basename(path),
    format: 'gemini',
    date: st.mtimeMs,
    bytes: st.size,
    participants: ['User', 'Gemini'],
    foundIn,
  };
}

/** `<tmp>/<project_hash>/chats/session-*.json` and `.jsonl`. */
export function listGeminiSessions(tmp: string, warnings: Warning[]): ListedSession[] {
  const out: ListedSession[] = [];
  for (const project of children(tmp)) {
    const chats = join(tmp, project, 'chats');
    for (const name of children(chats)) {
      if (!name.startsWith('session-') || !/\.jsonl?$/.test(name)) continue;
      listOne(join(chats, name), (p) => describeGemini(p, tmp), out, warnings);
    }
  }
  return out;
}
