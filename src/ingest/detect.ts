// Which format a file holds, from its first bytes: each reader's cheap test, kept apart from the
// readers so that a command loads only the reader of the file it is given (index.ts). The
// readers are most of the ingest code; a Claude Code export needs none of the other four.
import { HEAD_BYTES } from './head.js';
import { isObject } from './reader-kit.js';

/** An SQLite database (opencode.db): the file format's 16-byte magic. */
export function looksLikeSqlite(head: Buffer): boolean {
  return head.subarray(0, 16).toString('latin1') === 'SQLite format 3\0';
}

/** An opencode export (JSON): an object whose first key is `info` or `messages`. */
export function looksLikeOpencodeExport(head: Buffer): boolean {
  const text = head.toString('utf8', 0, Math.min(head.length, 4096)).replace(/^\uFEFF/, '');
  return /^\s*\{\s*"(?:info|messages)"\s*:/.test(text);
}

/** A Gemini CLI session (JSON or JSONL): its head names a projectHash and a sessionId. */
export function looksLikeGemini(head: Buffer): boolean {
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return text.startsWith('{') && /"projectHash"\s*:/.test(text) && /"sessionId"\s*:/.test(text);
}

const KNOWN_LINE_TYPES = new Set(['user', 'assistant', 'system', 'summary', 'progress', 'file-history-snapshot', 'queue-operation', 'custom-title']);

const LINE_TYPES = new RegExp(`"type"\\s*:\\s*"(${[...KNOWN_LINE_TYPES].join('|')})"`);

/** Does this line look like one Claude Code writes? */
function isClaudeLine(o: unknown): boolean {
  if (!isObject(o)) return false;
  const line = o;
  if (typeof line.type !== 'string') return false;
  if (line.type === 'summary') return typeof line.summary === 'string' || typeof line.leafUuid === 'string';
  if (typeof line.sessionId === 'string' || typeof line.uuid === 'string') return true;
  // Sessions often open with a file-history snapshot, which carries neither.
  return KNOWN_LINE_TYPES.has(line.type) && typeof line.messageId === 'string' && typeof line.snapshot === 'object';
}

/** A Claude Code transcript (JSONL): its first line that parses is one Claude Code writes. */
export function looksLikeClaudeCode(head: Buffer): boolean {
  const text = head.toString('utf8');
  const lines = text.split('\n');
  const complete = text.length < head.length || lines.length > 1 ? lines : [];
  // The first line that parses decides; a few garbage lines before it are tolerated.
  for (let i = 0; i < Math.min(complete.length, 20); i++) {
    const line = complete[i]!.trim();
    if (!line) continue;
    if (i === lines.length - 1 && head.length >= HEAD_BYTES) break; // cut by the head limit
    try {
      return isClaudeLine(JSON.parse(line));
    } catch {
      continue;
    }
  }
  // A first line longer than the head: judge by its start.
  const start = text.trimStart();
  return start.startsWith('{') && !start.startsWith('{"info"') && LINE_TYPES.test(start) && /"(sessionId|uuid|messageId)"\s*:/.test(start);
}

const RECORD_START = /^\{\s*"timestamp"\s*:\s*"[^"]*"\s*,\s*"type"\s*:\s*"(session_meta|response_item|event_msg|turn_context|compacted)"/;

/** The head's first line, past a byte-order mark and blank lines. */
export function firstLine(head: Buffer): string {
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  const nl = text.indexOf('\n');
  return nl === -1 ? text : text.slice(0, nl);
}

/** Is this line one a Codex rollout opens with? */
function isRolloutStart(line: string): boolean {
  if (RECORD_START.test(line)) return true;
  try {
    const o = JSON.parse(line) as unknown;
    if (!isObject(o)) return false;
    if (typeof o.type === 'string' && isObject(o.payload) && typeof o.timestamp === 'string') {
      return ['session_meta', 'response_item', 'event_msg', 'turn_context', 'compacted'].includes(o.type);
    }
    // The oldest rollouts open with a bare header: {id, timestamp, instructions?, git?}.
    return o.type === undefined && typeof o.id === 'string' && typeof o.timestamp === 'string' && ('instructions' in o || 'git' in o);
  } catch {
    return false;
  }
}

/** A Codex CLI rollout (JSONL): its first line is one a rollout opens with. */
export function looksLikeCodexRollout(head: Buffer): boolean {
  return isRolloutStart(firstLine(head));
}
