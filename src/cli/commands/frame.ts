import type { Command } from '../command.js';
export const frame: Command = {
  name: 'frame',
  summary: '(not yet available)',
  usage: 'Usage: playback frame',
  options: {},
  run: async (ctx) => { ctx.stderr.write('playback frame: not yet available\n'); return 1; },
};
