import type { Command } from '../command.js';
export const timeline: Command = {
  name: 'timeline',
  summary: '(not yet available)',
  usage: 'Usage: playback timeline',
  options: {},
  run: async (ctx) => { ctx.stderr.write('playback timeline: not yet available\n'); return 1; },
};
