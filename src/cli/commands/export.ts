import type { Command } from '../command.js';
export const exportHtml: Command = {
  name: 'export',
  summary: '(not yet available)',
  usage: 'Usage: playback export',
  options: {},
  run: async (ctx) => { ctx.stderr.write('playback export: not yet available\n'); return 1; },
};
