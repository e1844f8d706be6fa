// Identification, after party-line attribution (party-line.ts): every participant's name,
// colour and avatar (identity.ts), and every model's label and colour. It takes what was read
// from disk as plain data (../ingest/identity-files.ts) and reads nothing itself.
import type { Recording, Warning } from './model.js';
import { applyIdentity, type Passenger } from './identity.js';
import { modelInfo, type ModelOverride } from './model-colors.js';

export interface Identities {
  /** passenger.json contents by entity handle. */
  passengers: Record<string, Passenger>;
  /** The user's model colour and label overrides, closest config first. */
  modelOverrides: readonly ModelOverride[];
  /** Problems met reading them, shown with the recording's own. */
  warnings?: Warning[];
}

/** The handles of the entities that speak, whose passenger files identification wants. */
export function entityHandles(rec: Recording): string[] {
  return rec.participants.flatMap((p) => (p.kind === 'entity' && p.handle ? [p.handle] : []));
}

/** Fill every participant's name, colour and avatar, and the model styles. Mutates and returns `rec`. */
export function identifyParticipants(rec: Recording, identities: Identities): Recording {
  rec.warnings.push(...(identities.warnings ?? []));
  applyIdentity(rec, identities.passengers);
  rec.modelStyles = modelStyles(rec, identities.modelOverrides);
  return rec;
}

/** Label and colour of every model that ran, with the user's overrides applied. */
function modelStyles(rec: Recording, overrides: readonly ModelOverride[]): Recording['modelStyles'] {
  const styles: NonNullable<Recording['modelStyles']> = {};
  for (const session of rec.sessions) {
    for (const turn of session.turns) for (const id of turn.models) styles[id] ??= modelInfo(id, overrides);
  }
  return styles;
}
