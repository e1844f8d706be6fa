// Where opencode keeps its database: apart from its reader (opencode-db.ts), for what only
// needs the path (bare `ses_...` ids, party folders, `playback list`, `--follow`).
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultOpencodeDb(): string {
  const data = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(data, 'opencode', 'opencode.db');
}
