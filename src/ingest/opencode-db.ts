import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Reader } from './index.js';
export function defaultOpencodeDb(): string {
  const data = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(data, 'opencode', 'opencode.db');
}
export const opencodeDbReader: Reader = {
  format: 'opencode-db',
  detect: (head) => head.subarray(0, 16).toString('latin1') === 'SQLite format 3\0',
  read: async () => { throw new Error('not yet'); },
};
