// The step after every read: who spoke (party-line attribution) and how each speaker looks
// (passenger files, colours). The decisions are pure (../recording/party-line.ts and
// identity.ts); this file does the looking-up on disk for them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Recording } from '../recording/model.js';
import { attributeParty } from '../recording/party-line.js';
import { applyIdentity } from '../recording/identity.js';
import { modelInfo, type ModelOverride } from '../recording/model-colors.js';
import { lookupPassengers } from './passenger.js';
import { partyWorkspace } from './party-folder.js';
import { userConfig } from './config.js';

export interface IdentifyOptions {
  /** `--entities <dir>`: searched for entity folders before the workspace and $HOME. */
  entitiesDir?: string;
  /** Defaults to the user's home folder. */
  home?: string;
}

/** The workspace whose `entities/` folder is searched: the party's, else the session's own directory. */
function workspaceOf(rec: Recording): string | undefined {
  const fromParty = rec.party?.folder ? partyWorkspace(rec.party.folder) : undefined;
  if (fromParty) return fromParty;
  const dir = rec.directory ?? rec.sessions[0]?.directory;
  return dir && existsSync(join(dir, 'entities')) ? dir : undefined;
}

/** Attribute party turns, then fill every participant's name, colour and avatar. Mutates and returns `rec`. */
export function identifyParticipants(rec: Recording, options: IdentifyOptions = {}): Recording {
  attributeParty(rec);
  const handles = rec.participants.flatMap((p) => (p.kind === 'entity' && p.handle ? [p.handle] : []));
  let passengers = {};
  if (handles.length) {
    const found = lookupPassengers(handles, { entitiesDir: options.entitiesDir, workspace: workspaceOf(rec), home: options.home });
    passengers = found.passengers;
    rec.warnings.push(...found.warnings);
  }
  // A broken config file is worth a visible warning wherever the recording is shown.
  const config = userConfig();
  rec.warnings.push(...config.warnings);
  applyIdentity(rec, passengers);
  rec.modelStyles = modelStyles(rec, config.models);
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
