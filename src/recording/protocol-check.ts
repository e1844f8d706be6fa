// The party-line protocol check: what each entity did wrong when it took the conch. Reads
// only what the party step recorded from assistant text (`turn.attribution`), so a prompt's
// signature template never counts as signing.
import type { PartyInfo, Recording, Turn } from './model.js';
import { rootSession, turnMarks } from './party-line.js';
import { handleOf } from './provenance.js';
import { sameModel } from './model-colors.js';

export type FindingKind =
  | 'unsigned' // a turn with no signature
  | 'incomplete-provenance' // a signature missing time, host, user or model
  | 'no-sign-out' // signed in, never signed out
  | 'entity-mismatch' // the signature names another entity than the PARTY-LINE header (or a second entity signs)
  | 'model-mismatch' // the signed model is not the model that ran
  | 'not-in-primer'; // an entity spoke that PRIMER.md does not list

export interface Finding {
  kind: FindingKind;
  /** 1-based turn number in the party session. */
  turn: number;
  /** Entity handle the turn is attributed to ('' when nobody could be named). */
  entity: string;
  /** The assistant message the finding is about (the signing one, or the turn's first reply). */
  messageId: string;
  detail: string;
}

function firstAssistantMessage(turn: Turn): string {
  const ev = turn.events.find((e) => e.kind === 'text' && e.role === 'assistant') ?? turn.events.find((e) => e.participantId === turn.participantId && e.messageId);
  return ev?.messageId ?? turn.messageIds.find((id) => id !== turn.prompt?.messageId) ?? turn.messageIds[0] ?? '';
}

function entityOf(turn: Turn): string {
  return turn.participantId.startsWith('entity:') ? turn.participantId.slice('entity:'.length) : '';
}

/** Check every turn of the party session. A recording the party step did not mark as a party has no findings. */
export function checkProtocol(rec: Recording, party: PartyInfo | undefined = rec.party): Finding[] {
  const root = rootSession(rec);
  if (!root) return [];
  const findings: Finding[] = [];
  // Without a participant list (no PRIMER.md) there is nothing to hold speakers against.
  const listed = party?.participants.length ? new Set(party.participants.map((p) => handleOf(p.handle))) : undefined;
  const reportedUnlisted = new Set<string>();

  root.turns.forEach((turn, i) => {
    const a = turn.attribution;
    if (!a) return;
    const number = i + 1;
    const entity = entityOf(turn);
    const fallbackMessage = firstAssistantMessage(turn);
    const marks = turnMarks(turn);
    const signingMessage = (n: number) =>
      marks.filter((m) => m.mark.kind === 'signature')[n]?.messageId ?? fallbackMessage;
    const add = (kind: FindingKind, detail: string, messageId = fallbackMessage) =>
      findings.push({ kind, turn: number, entity, messageId, detail });

    if (!a.signature) {
      add('unsigned', `${entity || 'the turn'} did not sign (no "--- ${entity || '<entity>'} @ <time> | <host>:<user> | <model> ---" line in the reply)`);
    } else {
      const sig = a.signature;
      if (sig.missing.length) {
        add('incomplete-provenance', `signature lacks ${sig.missing.join(', ')}: ${sig.raw.trim()}`, signingMessage(0));
      }
      if (!a.signedOut) add('no-sign-out', `${sig.entity} signed in but never wrote "--- ${sig.entity} out ---"`, signingMessage(0));
      if (a.headerEntity && sig.entity !== a.headerEntity) {
        add('entity-mismatch', `the PARTY-LINE header hands the turn to ${a.headerEntity}, but it is signed by ${sig.entity}`, signingMessage(0));
      }
      a.extraSignatures.forEach((extra, k) => {
        if (extra.entity !== (entity || sig.entity)) {
          add('entity-mismatch', `${extra.entity} also signs in a turn that belongs to ${entity || sig.entity}`, signingMessage(k + 1));
        }
      });
      if (sig.model && turn.models.length && !turn.models.some((m) => sameModel(m, sig.model!))) {
        add('model-mismatch', `signed as ${sig.model}, but ${turn.models.join(', ')} ran`, signingMessage(0));
      }
    }
    if (listed && entity && !listed.has(entity) && !reportedUnlisted.has(entity)) {
      reportedUnlisted.add(entity);
      add('not-in-primer', `${entity} speaks but is not among the participants of PRIMER.md (${[...listed].join(', ') || 'none listed'})`);
    }
  });
  return findings;
}
