import type { Command } from '../command.js';
export const play: Command = {
  name: 'play',
  summary: '(not yet available)',
  usage: 'Usage: playback play',
  options: {},
  run: async (ctx) => { ctx.stderr.write('playback play: not yet available\n'); return 1; },
};
