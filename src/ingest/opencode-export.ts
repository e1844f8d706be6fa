// `opencode export <id>` JSON: `{ info: Session, messages: [{ info, parts }] }` (1.2.x and 1.18+).
// An export holds one session; subagent sessions are exported by their own ids, so an export
// named after a child id lying beside the file is read in as that child.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Warning } from '../recording/model.js';
import { InputError } from './errors.js';
import type { Reader } from './index.js';
import { opencodeRecording, type OpencodeMessageRecord, type OpencodeSessionInput } from './opencode-messages.js';

const EXPECTED = 'expected an opencode export: a JSON object with "info" (the session) and "messages" (a list)';

/** The first key of an export is `info` (or `messages` in hand-made files). */
function looksLikeExport(head: Buffer): boolean {
  const text = head.toString('utf8', 0, Math.min(head.length, 4096)).replace(/^\uFEFF/, '');
  return /^\s*\{\s*"(?:info|messages)"\s*:/.test(text);
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Parse and check the shape; every failure is an InputError naming the file and, where known, the line. */
export function parseOpencodeExport(path: string, text: string): OpencodeSessionInput {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message);
    const line = pos ? lineAt(text, Number(pos[1])) : lineAt(text, text.length);
    const truncated = /end of JSON input|Unterminated/i.test(message);
    throw new InputError(
      truncated ? 'the export ends too early (truncated JSON)' : `not valid JSON (${message.replace(/^.*?: /, '')})`,
      path,
      line,
      'Export the session again: opencode export <ses_...> > session.json',
    );
  }
  const root = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  if (!root) throw new InputError(`${EXPECTED}; found ${Array.isArray(data) ? 'a list' : typeof data}`, path);
  if (!Array.isArray(root.messages)) throw new InputError(`${EXPECTED}; "messages" is missing or not a list`, path);
  const info = root.info !== null && typeof root.info === 'object' && !Array.isArray(root.info) ? (root.info as Record<string, unknown>) : undefined;
  if (!info) throw new InputError(`${EXPECTED}; "info" is missing or not an object`, path);
  return { info, messages: root.messages as OpencodeMessageRecord[], file: path };
}

function childIds(session: OpencodeSessionInput): string[] {
  const ids: string[] = [];
  for (const m of session.messages) {
    if (!m || !Array.isArray(m.parts)) continue;
    for (const p of m.parts) {
      if (!p || p.type !== 'tool' || p.tool !== 'task') continue;
      const state = p.state as { metadata?: { sessionId?: unknown } } | undefined;
      const id = state?.metadata?.sessionId;
      if (typeof id === 'string' && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

export const opencodeExportReader: Reader = {
  format: 'opencode-export',
  detect: (head) => looksLikeExport(head),
  async read(path) {
    const rootSession = parseOpencodeExport(path, readFileSync(path, 'utf8'));
    const sessions = [rootSession];
    const warnings: Warning[] = [];
    const rootId = String(rootSession.info.id ?? '');
    // Child exports beside the file (named with the child's id), followed recursively.
    let siblings: string[] = [];
    try {
      siblings = readdirSync(dirname(path)).filter((f) => f.endsWith('.json') && f !== basename(path));
    } catch {
      siblings = [];
    }
    const seen = new Set([rootId]);
    for (let i = 0; i < sessions.length; i++) {
      for (const childId of childIds(sessions[i]!)) {
        if (seen.has(childId)) continue;
        seen.add(childId);
        const file = siblings.find((f) => f.includes(childId));
        if (!file) continue;
        const childPath = join(dirname(path), file);
        try {
          const child = parseOpencodeExport(childPath, readFileSync(childPath, 'utf8'));
          if (child.info.id === childId) sessions.push(child);
        } catch (err) {
          const e = err as InputError;
          warnings.push({ message: `subagent export for ${childId} not read: ${e.message}`, file: childPath, line: e.line });
        }
      }
    }
    return opencodeRecording({ format: 'opencode-export', source: path, sessions, warnings });
  },
};
