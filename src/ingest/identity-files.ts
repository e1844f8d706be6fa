// What the identity step reads from disk: each entity's passenger.json (found through the
// party's workspace, `--entities` and $HOME) and the user's config (model colours and labels).
// Plain look-ups; the decisions are the recording stage's (../recording/identify.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Recording } from '../recording/model.js';
import type { Identities } from '../recording/identify.js';
import { lookupPassengers } from './passenger.js';
import { partyWorkspace } from './party-folder.js';
import { userConfig } from './config.js';

export interface IdentityFileOptions {
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

/** The passenger files of `handles` and the user's model overrides, with what went wrong reading them. */
export function readIdentityFiles(rec: Recording, handles: readonly string[], options: IdentityFileOptions = {}): Identities {
  const found = handles.length
    ? lookupPassengers([...handles], { entitiesDir: options.entitiesDir, workspace: workspaceOf(rec), home: options.home })
    : { passengers: {}, warnings: [] };
  const config = userConfig();
  // A broken config file is worth a visible warning wherever the recording is shown.
  return { passengers: found.passengers, modelOverrides: config.models, warnings: [...found.warnings, ...config.warnings] };
}
