// Who spoke in a party-line session. opencode records every turn as its `party` agent; the
// entity behind each turn is decided, in order, by:
//   1. the `[PARTY-LINE: You are now <Entity>.` header of the prompt that opens the turn;
//   2. the first signature in the assistant text of the turn;
//   3. for the first turn (the spawn), the party's starter.
// The prompt's body is never read for signatures: it carries a filled-in signature template
// and the sign-out line the entity is asked to write.
import type { Participant, PartyInfo, Recording, Session, Turn, TurnAttribution } from './model.js';
import { handleOf, partyLineHeader, scanProvenance, type ProvenanceMark } from './provenance.js';

/** A signature or sign-out found in a turn, with the assistant message it is in. */
export interface TurnMark {
  messageId?: string;
  mark: ProvenanceMark;
}

/** Every signature and sign-out in the assistant text of a turn, in order. */
export function turnMarks(turn: Turn): TurnMark[] {
  const marks: TurnMark[] = [];
  for (const ev of turn.events) {
    if (ev.kind !== 'text' || ev.role !== 'assistant' || ev.synthetic) continue;
    for (const mark of scanProvenance(ev.text)) marks.push({ messageId: ev.messageId, mark });
  }
  return marks;
}

/** The session party-line turns live in: the root (subagents and forks are guests). */
export function rootSession(rec: Recording): Session | undefined {
  return rec.sessions.find((s) => !s.parentId) ?? rec.sessions[0];
}

/** A recording is a party when a party card was found or any root prompt has the PARTY-LINE header. */
export function isPartySession(rec: Recording, party?: PartyInfo): boolean {
  if (party ?? rec.party) return true;
  const root = rootSession(rec);
  return !!root?.turns.some((t) => t.prompt && partyLineHeader(t.prompt.text) !== undefined);
}

/** "juno" → "Juno"; a name written with capitals in a header is kept as written. */
export function displayName(handle: string, asWritten?: string): string {
  if (asWritten && asWritten !== asWritten.toLowerCase()) return asWritten;
  const [first = '', ...rest] = [...handle];
  return first.toLocaleUpperCase() + rest.join('');
}

/** Decide the entity of one turn. `isFirst`: the session's first turn, where the starter speaks. */
export function attributeTurn(turn: Turn, isFirst: boolean, starter?: string): TurnAttribution & { entity?: string; writtenName?: string } {
  const writtenName = turn.prompt ? partyLineHeader(turn.prompt.text) : undefined;
  const headerEntity = writtenName !== undefined ? handleOf(writtenName) : undefined;
  const marks = turnMarks(turn);
  const signatures = marks.flatMap((m) => (m.mark.kind === 'signature' ? [m.mark.signature] : []));
  const signOuts = marks.flatMap((m) => (m.mark.kind === 'sign-out' ? [m.mark.signOut.entity] : []));
  const signature = signatures[0];

  let entity: string | undefined;
  let source: TurnAttribution['source'] = 'agent';
  if (headerEntity) {
    entity = headerEntity;
    source = 'header';
  } else if (signature) {
    entity = signature.entity;
    source = 'signature';
  } else if (isFirst && starter) {
    entity = handleOf(starter);
    source = 'starter';
  }
  const speakers = new Set([entity, signature?.entity].filter((e): e is string => !!e));
  const attribution: TurnAttribution & { entity?: string; writtenName?: string } = {
    extraSignatures: signatures.slice(1),
    signedIn: !!signature,
    signedOut: signOuts.some((e) => speakers.has(e)),
    source,
  };
  if (headerEntity) attribution.headerEntity = headerEntity;
  if (signature) attribution.signature = signature;
  if (entity) attribution.entity = entity;
  if (writtenName) attribution.writtenName = writtenName;
  return attribution;
}

export function entityParticipantId(handle: string): string {
  return `entity:${handle}`;
}

/**
 * Attribute every root-session turn of a party-line recording to its entity: sets
 * `turn.participantId`, `turn.attribution`, the participant of the turn's own events, and
 * replaces the party agent participant by one participant per entity. A recording that is
 * not a party is returned unchanged. Mutates and returns `rec`.
 */
export function attributeParty(rec: Recording, party?: PartyInfo): Recording {
  if (party) rec.party = party;
  const card = rec.party;
  if (!isPartySession(rec, card)) return rec;
  const root = rootSession(rec);
  if (!root) return rec;

  const starter = card?.starter ?? card?.participants.find((p) => p.starter)?.handle;
  const names = new Map<string, string>();
  const replaced = new Set<string>();

  root.turns.forEach((turn, i) => {
    const { entity, writtenName, ...attribution } = attributeTurn(turn, i === 0, starter);
    turn.attribution = attribution;
    if (!entity) return;
    const id = entityParticipantId(entity);
    const previous = turn.participantId;
    if (previous !== id) {
      replaced.add(previous);
      for (const ev of turn.events) if (ev.participantId === previous) ev.participantId = id;
      turn.participantId = id;
    }
    if (!names.has(entity) || (writtenName && names.get(entity) === displayName(entity))) {
      names.set(entity, displayName(entity, writtenName));
    }
  });

  retagChildPrompts(rec, root, replaced);
  rec.participants = mergeEntityParticipants(rec, names, replaced, card);
  return rec;
}

/**
 * A subagent's prompts are attributed to whoever delegated; once the delegating turn has its
 * entity, the child's prompt events follow (the guest itself stays a guest).
 */
function retagChildPrompts(rec: Recording, root: Session, replaced: Set<string>): void {
  const delegatedBy = new Map<string, string>();
  for (const turn of root.turns) {
    for (const ev of turn.events) {
      if ((ev.kind === 'tool' || ev.kind === 'subagent') && ev.childSessionId) delegatedBy.set(ev.childSessionId, ev.participantId);
    }
  }
  for (const session of rec.sessions) {
    const entity = delegatedBy.get(session.id);
    if (!entity || session === root) continue;
    for (const turn of session.turns) {
      for (const ev of turn.events) if (replaced.has(ev.participantId)) ev.participantId = entity;
    }
  }
}

function mergeEntityParticipants(
  rec: Recording,
  names: Map<string, string>,
  replaced: Set<string>,
  card: PartyInfo | undefined,
): Participant[] {
  const modelsOf = new Map<string, string[]>();
  const hasTurn = new Set<string>();
  for (const session of rec.sessions) {
    for (const turn of session.turns) {
      hasTurn.add(turn.participantId);
      for (const ev of turn.events) {
        hasTurn.add(ev.participantId);
        if (!ev.model) continue;
        const list = modelsOf.get(ev.participantId) ?? [];
        if (!list.includes(ev.model)) list.push(ev.model);
        modelsOf.set(ev.participantId, list);
      }
    }
  }

  // Entities in the party's join order, then any others in the order they first spoke.
  const joinOrder = card?.participants.map((p) => handleOf(p.handle)) ?? [];
  const handles = [...names.keys()].sort((a, b) => rank(joinOrder, a) - rank(joinOrder, b));
  const existing = new Map(rec.participants.map((p) => [p.id, p]));
  const entities: Participant[] = handles.map((handle) => {
    const id = entityParticipantId(handle);
    const before = existing.get(id);
    return {
      ...before,
      id,
      kind: 'entity',
      name: before?.name ?? names.get(handle)!,
      handle,
      models: modelsOf.get(id) ?? [],
    };
  });

  const out: Participant[] = [];
  let placed = false;
  for (const p of rec.participants) {
    if (p.kind === 'entity') continue; // rebuilt above
    if (replaced.has(p.id) && !hasTurn.has(p.id)) {
      if (!placed) out.push(...entities);
      placed = true;
      continue;
    }
    if (replaced.has(p.id)) p.models = modelsOf.get(p.id) ?? [];
    out.push(p);
  }
  if (!placed) out.unshift(...entities);
  return out;
}

function rank(order: string[], handle: string): number {
  const i = order.indexOf(handle);
  return i >= 0 ? i : order.length;
}
