// Longer Claude Code sessions made from real ones, for benchmarks: transcripts appended one
// after another as one session, each renumbered so that no id repeats.
import { readFileSync } from 'node:fs';

const UUID = /[0-9a-f]{8}(?=-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/g;
const API_ID = /\b(msg|req|toolu)_([A-Za-z0-9]+)/g;

/**
 * `parts` as one session: each part after the first has its ids renumbered (so no uuid,
 * message, request or tool id repeats), the first session's id, timestamps moved to follow the
 * part before, and its first line chained to the last line before it.
 */
export function concatenated(parts: string[]): string {
  const out: string[] = [];
  let sessionId: string | undefined;
  let lastUuid: string | undefined;
  let clock = 0;
  parts.forEach((file, copy) => {
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
    let shift: number | undefined;
    let chained = copy === 0;
    for (const raw of lines) {
      const text = copy === 0
        ? raw
        : raw
            .replace(UUID, (h) => (parseInt(h, 16) ^ (copy * 0x1010101)).toString(16).padStart(8, '0'))
            .replace(API_ID, (_, kind: string, id: string) => `${kind}_${id}x${copy}`);
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        out.push(text);
        continue;
      }
      if (typeof line.sessionId === 'string') {
        sessionId ??= line.sessionId;
        line.sessionId = sessionId;
      }
      if (typeof line.timestamp === 'string') {
        const t = Date.parse(line.timestamp);
        if (Number.isFinite(t)) {
          shift ??= clock ? clock + 60_000 - t : 0;
          clock = Math.max(clock, t + shift);
          line.timestamp = new Date(t + shift).toISOString();
        }
      }
      if (!chained && 'parentUuid' in line && typeof line.uuid === 'string') {
        line.parentUuid = lastUuid ?? null;
        chained = true;
      }
      if (typeof line.uuid === 'string') lastUuid = line.uuid;
      out.push(JSON.stringify(line));
    }
  });
  return `${out.join('\n')}\n`;
}
