// A message's lead: its first sentences (and its last when there is room), for the places that
// show a message in fewer words than it has: a short's cut, and a step's narration.
import type { TextBlock } from './model.js';
import { blockText } from './pages.js';

/**
 * A message cut to at most `words` words: its first sentences, and its last one when there is room
 * (how a message ends is often the hand-off). Code is left out: a short cannot hold it readable.
 */
export function leadOf(blocks: TextBlock[], words: number): { blocks: TextBlock[]; words: number; shortened: boolean } {
  const text = blocks.filter((b) => b.type === 'prose').map(blockText).join(' ').replace(/\s+/g, ' ').trim();
  const all = text ? text.split(' ') : [];
  if (all.length <= words && blocks.every((b) => b.type === 'prose')) return { blocks, words: all.length, shortened: false };
  const sentences = text.split(/(?<=[.!?])\s+(?=[^a-z])/).filter(Boolean);
  const count = (s: string) => s.split(' ').length;
  let lead: string[] = [];
  let used = 0;
  for (const s of sentences) {
    if (used + count(s) > words) break;
    lead.push(s);
    used += count(s);
  }
  if (!lead.length) {
    lead = [`${all.slice(0, words).join(' ')}…`];
    used = words;
  }
  const out: TextBlock[] = [{ type: 'prose', text: lead.join(' ') }];
  const last = sentences[sentences.length - 1];
  if (last && sentences.length > lead.length && used + count(last) <= words) {
    out.push({ type: 'prose', text: `… ${last}` });
    used += count(last);
  }
  return { blocks: out, words: used, shortened: true };
}
