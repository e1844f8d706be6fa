import type { Command } from '../command.js';
export const render: Command = {
  name: 'render',
  summary: '(not yet available)',
  usage: 'Usage: playback render',
  options: {},
  run: async (ctx) => { ctx.stderr.write('playback render: not yet available\n'); return 1; },
};
