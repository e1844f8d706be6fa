import type { Command } from '../command.js';
export const inspect: Command = {
  name: 'inspect',
  summary: '(not yet available)',
  usage: 'Usage: playback inspect',
  options: {},
  run: async (ctx) => { ctx.stderr.write('playback inspect: not yet available\n'); return 1; },
};
