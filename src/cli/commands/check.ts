import type { Command } from '../command.js';
export const check: Command = {
  name: 'check',
  summary: '(not yet available)',
  usage: 'Usage: playback check',
  options: {},
  run: async (ctx) => { ctx.stderr.write('playback check: not yet available\n'); return 1; },
};
