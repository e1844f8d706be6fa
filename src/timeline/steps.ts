// A turn told in steps. A message the speaker writes along the way (not the turn's final message)
// is narration: "Let me check the server log." It is shown as its lead, and stays on screen as the
// caption of the work that follows it (calls, lookups, thinking, file writes) until the speaker
// writes again. Its reading time then runs while that work plays, not before it: a long session
// plays in half the time, and every word shown is still on screen for its reading time.
import type { Cue, StepCaption, TextBlock, TextPage } from './model.js';
import { blockText, pageText } from './pages.js';
import { leadOf } from './lead.js';
import { roundTime } from './pacing.js';

/** Words a narration keeps: about one sentence, read in under four seconds. */
export const NARRATION_WORDS = 14;
/** A first sentence longer than that is kept whole up to this many words, rather than cut. */
export const FIRST_SENTENCE_WORDS = 22;
/** The shortest time a narration is shown alone, after typing, before its work comes in under it. */
const NARRATION_ALONE = 0.4;

/** The fields of a cue draft this step reads and writes (build.ts's drafts, before times). */
interface StepDraft {
  kind: Cue['kind'];
  seconds: number;
  participantId?: string;
  sourceId?: string;
  blocks?: TextBlock[];
  chars?: number;
  pages?: TextPage[];
  abridged?: boolean;
  label?: string;
  caption?: StepCaption;
  guestId?: string;
}

const WORK = new Set<Cue['kind']>(['tool', 'file', 'reasoning']);

/**
 * Narrate a turn's drafts in place: every text draft but `finalIndex` becomes its lead, captioning
 * the work after it by the same speaker. `finalIndex` -1: the turn has no final message.
 */
export function narrateSteps(drafts: StepDraft[], finalIndex: number): void {
  for (let i = 0; i < drafts.length; i++) {
    const draft = drafts[i]!;
    if (draft.kind !== 'text' || i === finalIndex || !draft.blocks) continue;
    const whole = draft.blocks.map(blockText).join(' ').replace(/\s+/g, ' ').trim();
    const lead = narrationLead(draft.blocks);
    if (!lead.words) continue; // code alone: shown as it is
    const blocks = lead.shortened ? marked(lead.blocks) : draft.blocks;
    const paged = pageText(blocks, { typed: true });
    if (paged.pages.length !== 1) continue; // a lead always fits one page; anything else stays whole
    const page = paged.pages[0]!;
    const caption: StepCaption = { sourceId: draft.sourceId, blocks: paged.blocks };
    let work = 0;
    for (let j = i + 1; j < drafts.length; j++) {
      const next = drafts[j]!;
      // A guest's work is its own; a tool card that brings the guest on is still this speaker's.
      if (!WORK.has(next.kind) || next.participantId !== draft.participantId) break;
      next.caption = caption;
      work += next.seconds;
    }
    const reading = page.end - page.typed;
    const alone = work ? Math.max(NARRATION_ALONE, reading - work) : reading;
    page.end = roundTime(page.typed + alone);
    Object.assign(draft, { blocks: paged.blocks, pages: paged.pages, seconds: page.end, chars: blocks.map(blockText).join('\n').length });
    // The transcript row and search keep the whole message.
    if (lead.shortened) Object.assign(draft, { abridged: true, label: whole });
  }
}

/** The narration's first sentences within NARRATION_WORDS; a longer first sentence whole, if it is not too long. */
function narrationLead(blocks: TextBlock[]): ReturnType<typeof leadOf> {
  const lead = leadOf(blocks, NARRATION_WORDS);
  const cut = lead.blocks.length === 1 && lead.blocks[0]!.type === 'prose' && lead.blocks[0]!.text.endsWith('…');
  if (!cut) return lead;
  const longer = leadOf(blocks, FIRST_SENTENCE_WORDS);
  const first = longer.blocks[0];
  return first?.type === 'prose' && !first.text.endsWith('…') ? { ...longer, blocks: [first], words: first.text.split(' ').length } : lead;
}

/** A lead that leaves words out ends with an ellipsis, so nobody takes it for the whole message. */
function marked(blocks: TextBlock[]): TextBlock[] {
  const last = blocks[blocks.length - 1];
  if (!last || last.type !== 'prose' || last.text.endsWith('…') || last.text.startsWith('… ')) return blocks;
  return [...blocks.slice(0, -1), { ...last, text: `${last.text} …` }];
}
