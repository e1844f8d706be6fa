// The account `playback inspect --json` prints: counts over the whole recording (subagents
// included), and each session's own counts. Pure: reads the recording, changes nothing.
import { addTokens, emptyTokens, type ModelUsage, type Recording, type Session, type TokenUsage, type Warning, type WorkflowNode } from './model.js';
import { unpricedModels } from './pricing.js';
import { modelColor } from './model-colors.js';

export interface SessionSummary {
  id: string;
  title: string;
  parentId: string | null;
  messages: { user: number; assistant: number };
  turns: number;
  toolCalls: number;
  toolErrors: number;
  models: string[];
}

export interface ParticipantSummary {
  id: string;
  name: string;
  kind: string;
  models: string[];
  color?: string;
}

export interface PartySummary {
  name: string;
  title: string;
  topic?: string;
  starter?: string;
  date?: string;
  /** Handles in the order they joined. */
  participants: string[];
}

export interface RecordingSummary {
  format: Recording['format'];
  source: string;
  title: string;
  sessions: SessionSummary[];
  participants: ParticipantSummary[];
  /** Distinct `provider/model` ids as actually run, in first-use order. */
  models: string[];
  /** Badge colour per model id. */
  modelColors: Record<string, string>;
  turns: number;
  toolCalls: number;
  toolErrors: number;
  /** Paths relative to the session directory, sorted. */
  filesWritten: string[];
  tokens: TokenUsage;
  cost: number;
  /** Tokens and dollars per model and per source of the dollars (`none`: no price known). */
  costs: ModelUsage[];
  /** Models whose tokens have no price: neither the log nor the catalog gives one. */
  unpricedModels: string[];
  start: number;
  end: number;
  /** Milliseconds from the first to the last event. */
  duration: number;
  warnings: Array<{ message: string; file: string | null; line: number | null }>;
  party?: PartySummary;
}

function pushUnique(list: string[], value: string | undefined): void {
  if (value && !list.includes(value)) list.push(value);
}

function sessionSummary(session: Session): SessionSummary {
  let toolCalls = 0;
  let toolErrors = 0;
  const models: string[] = [];
  for (const turn of session.turns) {
    for (const ev of turn.events) {
      pushUnique(models, ev.model);
      if (ev.kind !== 'tool') continue;
      toolCalls++;
      if (ev.status === 'error') toolErrors++;
    }
  }
  return {
    id: session.id,
    title: session.title,
    parentId: session.parentId ?? null,
    messages: { user: session.messages.user, assistant: session.messages.assistant },
    turns: session.turns.length,
    toolCalls,
    toolErrors,
    models,
  };
}

function costsByModel(rec: Recording): ModelUsage[] {
  const rows = new Map<string, ModelUsage>();
  for (const session of rec.sessions) {
    for (const turn of session.turns) {
      for (const u of turn.usage) {
        const key = `${u.model}\n${u.costFrom}\n${u.catalog ?? ''}`;
        let row = rows.get(key);
        if (!row) rows.set(key, (row = { model: u.model, tokens: emptyTokens(), cost: 0, costFrom: u.costFrom, ...(u.catalog && { catalog: u.catalog }) }));
        addTokens(row.tokens, u.tokens);
        row.cost += u.cost;
      }
    }
  }
  return [...rows.values()];
}

function warningSummary(w: Warning): RecordingSummary['warnings'][number] {
  return { message: w.message, file: w.file ?? null, line: w.line ?? null };
}

export function summarize(rec: Recording): RecordingSummary {
  const sessions = rec.sessions.map(sessionSummary);
  const models: string[] = [];
  for (const s of sessions) for (const m of s.models) pushUnique(models, m);
  const files = new Set<string>();
  for (const session of rec.sessions) {
    for (const turn of session.turns) {
      for (const ev of turn.events) if (ev.kind === 'file-change') files.add(ev.relPath);
    }
  }
  const modelColors: Record<string, string> = {};
  // The identity step resolved the user's overrides; the registry covers recordings made without it.
  for (const m of models) modelColors[m] = rec.modelStyles?.[m]?.color ?? modelColor(m);
  const summary: RecordingSummary = {
    format: rec.format,
    source: rec.source,
    title: rec.title,
    sessions,
    participants: rec.participants.map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      models: [...p.models],
      ...(p.color ? { color: p.color } : {}),
    })),
    models,
    modelColors,
    turns: sessions.reduce((n, s) => n + s.turns, 0),
    toolCalls: sessions.reduce((n, s) => n + s.toolCalls, 0),
    toolErrors: sessions.reduce((n, s) => n + s.toolErrors, 0),
    filesWritten: [...files].sort(),
    tokens: { ...rec.tokens },
    cost: rec.cost,
    costs: costsByModel(rec),
    unpricedModels: unpricedModels(rec.sessions.flatMap((session) => session.turns)),
    start: rec.start,
    end: rec.end,
    duration: Math.max(0, rec.end - rec.start),
    warnings: rec.warnings.map(warningSummary),
  };
  if (rec.party) {
    const p = rec.party;
    summary.party = {
      name: p.name,
      title: p.title,
      ...(p.topic !== undefined ? { topic: p.topic } : {}),
      ...(p.starter !== undefined ? { starter: p.starter } : {}),
      ...(p.date !== undefined ? { date: p.date } : {}),
      participants: p.participants.map((m) => m.handle),
    };
  }
  return summary;
}

/** One session of a workflow as `inspect --workflow` shows it. */
export interface WorkflowSummary {
  sessionId: string;
  title: string;
  label: string;
  link: WorkflowNode['link'];
  /** The label of the session it came from. */
  from?: string;
  depth: number;
  played: boolean;
  turns: number;
  /** Who spoke each turn, in order (the participant's name). */
  speakers: string[];
  copiedMessages?: number;
}

export function workflowTree(rec: Recording): WorkflowSummary[] {
  const nameOf = (id: string) => rec.participants.find((p) => p.id === id)?.name ?? id;
  return (rec.workflow ?? []).map((n) => {
    const session = rec.sessions.find((s) => s.id === n.sessionId);
    const from = n.fromSessionId ? rec.workflow!.find((m) => m.sessionId === n.fromSessionId)?.label : undefined;
    return {
      sessionId: n.sessionId, title: n.title, label: n.label, link: n.link, ...(from ? { from } : {}),
      depth: n.depth, played: n.played, turns: session?.turns.length ?? 0,
      speakers: (session?.turns ?? []).map((t) => nameOf(t.participantId)),
      ...(session?.origin?.copiedMessages ? { copiedMessages: session.origin.copiedMessages } : {}),
    };
  });
}
