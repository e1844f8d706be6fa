import type { Command } from '../command.js';
export const demo: Command = {
  name: 'demo',
  summary: '(not yet available)',
  usage: 'Usage: playback demo',
  options: {},
  run: async (ctx) => { ctx.stderr.write('playback demo: not yet available\n'); return 1; },
};
