import type { Command } from '../command.js';
export const list: Command = {
  name: 'list',
  summary: '(not yet available)',
  usage: 'Usage: playback list',
  options: {},
  run: async (ctx) => { ctx.stderr.write('playback list: not yet available\n'); return 1; },
};
