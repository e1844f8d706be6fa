// Entries of one Claude Code session (main branch only) → a Session with its turns.
import { addUsage, emptyTokens, type Session, type Turn } from '../recording/model.js';
import { relativeToDirectory } from '../recording/derive.js';
import type { AssistantUsage, ParsedEntry } from './claude-code-parse.js';
import { fillUnknownTimes } from './field-checks.js';

/** A session's identity as the recording keeps it, plus who speaks in it. */
export interface SessionSpec extends Pick<Session, 'id' | 'title' | 'parentId' | 'parentCallId' | 'directory' | 'version'> {
  /** The participant who answers: `agent:claude`, or `guest:<agentId>` in a subagent. */
  answerer: string;
  /** Who writes the prompts: `user`, or the calling agent in a subagent. */
  prompter: string;
}

export function buildSession(spec: SessionSpec, entries: ParsedEntry[], usage: Map<string, AssistantUsage>): Session {
  const session: Session = {
    id: spec.id,
    title: spec.title,
    ...(spec.parentId ? { parentId: spec.parentId } : {}),
    ...(spec.parentCallId ? { parentCallId: spec.parentCallId } : {}),
    ...(spec.directory ? { directory: spec.directory } : {}),
    ...(spec.version ? { version: spec.version } : {}),
    start: entries[0]?.time ?? 0,
    end: entries[entries.length - 1]?.time ?? 0,
    messages: { user: 0, assistant: 0 },
    turns: [],
  };
  const countedKeys = new Set<string>();
  const assistantIds = new Set<string>();
  let turn: Turn | undefined;
  let turnMessageIds = new Set<string>();

  const openTurn = (entry: ParsedEntry): Turn => {
    const t: Turn = {
      index: session.turns.length,
      sessionId: spec.id,
      participantId: spec.answerer,
      ...(entry.prompt ? { prompt: entry.prompt } : {}),
      messageIds: [],
      start: entry.time,
      end: entry.time,
      models: [],
      events: [],
      tokens: emptyTokens(),
      cost: 0,
      usage: [],
    };
    session.turns.push(t);
    turnMessageIds = new Set();
    return t;
  };

  for (const entry of entries) {
    if (entry.prompt) {
      turn = openTurn(entry);
      session.messages.user++;
    } else if (!turn) {
      if (entry.events.length === 0 && !entry.assistantKey) continue;
      turn = openTurn(entry);
    }
    if (!turnMessageIds.has(entry.messageId)) {
      turnMessageIds.add(entry.messageId);
      turn.messageIds.push(entry.messageId);
    }
    if (entry.assistantKey) {
      assistantIds.add(entry.messageId);
      if (!countedKeys.has(entry.assistantKey)) {
        countedKeys.add(entry.assistantKey);
        const used = usage.get(entry.assistantKey);
        if (used) addUsage(turn, used.model, used.tokens, used.cost);
      }
    }
    for (const ev of entry.events) {
      ev.sessionId = spec.id;
      if (ev.participantId === 'agent:claude') ev.participantId = spec.answerer;
      else if (ev.participantId === 'user') ev.participantId = spec.prompter;
      if (ev.kind === 'file-change') ev.relPath = relativeToDirectory(ev.path, spec.directory);
      turn.events.push(ev);
    }
  }
  session.messages.assistant = assistantIds.size;
  fillUnknownTimes(session);
  return session;
}

/**
 * The first line of a prompt, as a title. Kept whole: it is cut to display length only after
 * redaction (../recording/title.ts), so a secret in it is never cut in half first.
 */
export function titleFromPrompt(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const line = text
    .replace(/<command-name>\s*([^<]*)<\/command-name>/, '$1 ')
    .replace(/<[^>]+>/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  return line || undefined;
}
