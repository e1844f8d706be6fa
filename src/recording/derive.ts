// Totals a reader need not keep by hand: computed once from the turns it built.
import { addTokens, emptyTokens, type Recording, type Session } from './model.js';

function pushUnique(list: string[], value: string | undefined): void {
  if (value && !list.includes(value)) list.push(value);
}

/** Recompute session/turn spans, model lists and totals from the events a reader produced. */
export function finishRecording(rec: Recording): Recording {
  rec.tokens = emptyTokens();
  rec.cost = 0;
  const modelsByParticipant = new Map<string, string[]>();
  for (const session of rec.sessions) {
    finishSession(session);
    for (const turn of session.turns) {
      addTokens(rec.tokens, turn.tokens);
      rec.cost += turn.cost;
      for (const ev of turn.events) {
        if (!ev.model) continue;
        const list = modelsByParticipant.get(ev.participantId) ?? [];
        pushUnique(list, ev.model);
        modelsByParticipant.set(ev.participantId, list);
      }
    }
  }
  for (const p of rec.participants) {
    for (const m of modelsByParticipant.get(p.id) ?? []) pushUnique(p.models, m);
  }
  const starts = rec.sessions.map((s) => s.start).filter((t) => t > 0);
  const ends = rec.sessions.map((s) => s.end).filter((t) => t > 0);
  if (starts.length) rec.start = Math.min(...starts);
  if (ends.length) rec.end = Math.max(...ends);
  return rec;
}

function finishSession(session: Session): void {
  let start = Infinity;
  let end = -Infinity;
  for (const turn of session.turns) {
    let tStart = turn.prompt?.time ?? Infinity;
    let tEnd = turn.prompt?.time ?? -Infinity;
    for (const ev of turn.events) {
      tStart = Math.min(tStart, ev.time);
      const evEnd = ev.kind === 'tool' && ev.end ? ev.end : ev.time;
      tEnd = Math.max(tEnd, evEnd);
      if (ev.model) pushUnique(turn.models, ev.model);
    }
    if (Number.isFinite(tStart)) turn.start = tStart;
    if (Number.isFinite(tEnd)) turn.end = Math.max(tEnd, turn.start);
    start = Math.min(start, turn.start);
    end = Math.max(end, turn.end);
  }
  if (Number.isFinite(start) && !session.start) session.start = start;
  if (Number.isFinite(end)) session.end = Math.max(session.end || 0, end);
}

/** A path relative to the session directory when it lies inside it, else the path unchanged. */
export function relativeToDirectory(path: string, directory: string | undefined): string {
  if (!directory) return path;
  const dir = directory.endsWith('/') ? directory : `${directory}/`;
  return path.startsWith(dir) ? path.slice(dir.length) : path;
}
