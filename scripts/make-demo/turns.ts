// From a screenplay turn to what is actually served and run: the model that runs it, the
// signature and sign-out woven into its rounds, and the protocol findings it plants.
import type { ScriptedRound, ServedTurn } from './model-server.js';
import { signOutLine, signatureLine } from './protocol.js';
import type { Entity, Party, Turn } from './screenplay.js';

export function entityOf(party: Party, handle: string): Entity {
  const entity = party.entities.find((e) => e.handle === handle);
  if (!entity) throw new Error(`party ${party.name}: no entity "${handle}"`);
  return entity;
}

export function runModelOf(turn: Turn, entity: Entity): string {
  return turn.deviation?.runModel ?? entity.model;
}

/** The rounds as the model replies them: signature first, sign-out last (unless deviating). */
export function signedRounds(turn: Turn, entity: Entity, time: string): ScriptedRound[] {
  const deviation = turn.deviation ?? {};
  const rounds = turn.rounds.map((r) => ({ ...r }));
  if (rounds.length === 0) throw new Error(`turn for ${entity.handle} has no rounds`);
  if (deviation.unsigned) return rounds;
  const first = rounds[0]!;
  const signature = signatureLine(entity, time, deviation);
  first.text = first.text ? `${signature}\n\n${first.text}` : signature;
  if (!deviation.noSignOut) {
    const last = rounds[rounds.length - 1]!;
    const out = signOutLine(deviation.signAs ?? entity.handle);
    last.text = last.text ? `${last.text}\n\n${out}` : out;
  }
  return rounds;
}

export function servedTurn(index: number, turn: Turn, entity: Entity, time: string): ServedTurn {
  return {
    label: `turn ${index + 1} ${entity.handle}`,
    opening: `[PARTY-LINE: You are now ${entity.name}.`,
    rounds: signedRounds(turn, entity, time),
  };
}

export interface PlantedFinding {
  kind: 'unsigned' | 'incomplete-provenance' | 'no-sign-out' | 'entity-mismatch' | 'model-mismatch' | 'not-in-primer';
  /** 1-based turn number. */
  turn: number;
  entity: string;
  detail: string;
}

/** The findings a protocol checker must report for this party, one per deviation. */
export function plantedFindings(party: Party): PlantedFinding[] {
  const findings: PlantedFinding[] = [];
  party.turns.forEach((turn, i) => {
    const d = turn.deviation;
    if (!d) return;
    const entity = entityOf(party, turn.entity);
    const at = { turn: i + 1, entity: entity.handle };
    if (d.unsigned) findings.push({ kind: 'unsigned', ...at, detail: 'the reply carries no signature line' });
    if (d.omit) findings.push({ kind: 'incomplete-provenance', ...at, detail: `the signature has no ${d.omit}` });
    if (d.noSignOut && !d.unsigned) {
      findings.push({ kind: 'no-sign-out', ...at, detail: `signed in as ${entity.handle}, never signed out` });
    }
    if (d.signAs) {
      findings.push({
        kind: 'entity-mismatch',
        ...at,
        detail: `PARTY-LINE header names ${entity.name}, the signature names ${d.signAs}`,
      });
    }
    if (d.runModel && d.runModel !== entity.model) {
      findings.push({ kind: 'model-mismatch', ...at, detail: `signed ${entity.model}, ran ${d.runModel}` });
    }
    if (d.notInPrimer) findings.push({ kind: 'not-in-primer', ...at, detail: `${entity.handle} is not in PRIMER.md` });
  });
  return findings;
}
