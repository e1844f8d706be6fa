import type { Reader } from './index.js';
export const opencodeExportReader: Reader = {
  format: 'opencode-export',
  detect: () => false,
  read: async () => { throw new Error('not yet'); },
};
