import type { Reader } from './index.js';
export const claudeCodeReader: Reader = {
  format: 'claude-code',
  detect: () => false,
  read: async () => { throw new Error('not yet'); },
};
