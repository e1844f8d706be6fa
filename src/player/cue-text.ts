// Plain text of a cue, for the transcript's rows and for search. Read from the timeline's data
// only; shown through textContent.
import type { Cue, TextBlock } from '../timeline/model.js';

function blocksText(blocks: TextBlock[]): string {
  return blocks.map((b) => (b.type === 'prose' ? b.text : b.lines.map((l) => l.map((r) => r.text).join('')).join('\n'))).join('\n');
}

/** Everything a viewer could search for in a cue. */
export function cueSearchText(cue: Cue): string {
  switch (cue.kind) {
    case 'prompt':
    case 'text':
      return `${cue.label}\n${blocksText(cue.blocks)}`;
    case 'reasoning':
      return `${cue.label}\n${cue.text}`;
    case 'tool':
      return `${cue.label}\n${cue.tool}\n${cue.title}\n${cue.summary.join('\n')}${cue.items ? `\n${cue.items.map((it) => `${it.tool} ${it.title}`).join('\n')}` : ''}`;
    case 'conch':
      return `${cue.label}\n${cue.from}\n${cue.to}`;
    case 'notice':
      return `${cue.label}\n${cue.what}`;
    case 'session':
      return `${cue.label}\n${cue.detail}`;
    default:
      return cue.label;
  }
}

/** The short kind tag shown before a row. */
export function cueTag(cue: Cue): string {
  switch (cue.kind) {
    case 'prompt':
      return 'prompt';
    case 'text':
      return 'says';
    case 'reasoning':
      return 'thinks';
    case 'tool':
      return cue.tool;
    case 'file':
      return cue.op;
    case 'conch':
      return 'hand-off';
    case 'notice':
      return cue.tone;
    case 'title':
      return 'title';
    case 'end':
      return 'end';
    case 'session':
      return 'session';
  }
}
