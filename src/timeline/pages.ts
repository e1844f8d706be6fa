// Text cues paged to the work area: the timeline cannot measure glyphs, so it estimates how much
// fits one screen from the stage's 16:9 layout with the files panel open (the narrowest work area
// a 16:9 stage has). The scene shrinks a page that still does not fit (another shape, more rows
// above it), so the estimate only decides where pages break, never whether words show.
import type { TextBlock, TextPage } from './model.js';
import * as pace from './pacing.js';

/**
 * How the work panel sets text, in stage units: the scene draws with these (work.ts) and pages
 * are planned with them, for `lineChars` characters of prose a line and `pageHeight` a page.
 */
export const TEXT_METRICS = { proseLine: 25, paragraphGap: 8, codeLine: 19, codePad: 22, lineChars: 72, pageHeight: 300 } as const;
const { proseLine: PROSE_LH, paragraphGap: PARA_GAP, codeLine: CODE_LH, codePad: CODE_PAD, lineChars: LINE_CHARS, pageHeight: PAGE_HEIGHT } = TEXT_METRICS;

export interface PagedText {
  blocks: TextBlock[];
  /** Pages with times in seconds from the cue's start. */
  pages: TextPage[];
  seconds: number;
}

/**
 * Break blocks into pages and time them: each page types on, then holds for its reading time
 * (the last page at least `lastHold`). `typed` false: the page shows at once (prompts).
 */
export function pageText(input: TextBlock[], options: { typed: boolean; lastHold?: number }): PagedText {
  const blocks = input.flatMap(splitTallProse);
  const pages: TextPage[] = [];
  let from = 0;
  let height = 0;
  for (let i = 0; i < blocks.length; i++) {
    const h = blockHeight(blocks[i]!);
    if (i > from && height + h > PAGE_HEIGHT) {
      pages.push({ blocks: [from, i], chars: 0, typed: 0, end: 0 });
      from = i;
      height = 0;
    }
    height += h;
  }
  if (blocks.length) pages.push({ blocks: [from, blocks.length], chars: 0, typed: 0, end: 0 });
  let t = 0;
  pages.forEach((page, k) => {
    const text = page.blocks[1] > page.blocks[0] ? blocks.slice(...page.blocks).map(blockText).join('\n') : '';
    page.chars = text.length;
    t += options.typed ? pace.typingSeconds(page.chars) : pace.PROMPT_FADE;
    page.typed = pace.roundTime(t);
    const least = k === pages.length - 1 ? Math.max(pace.MIN_HOLD, options.lastHold ?? 0) : pace.MIN_HOLD;
    t += pace.readingSeconds(countWords(text), least);
    page.end = pace.roundTime(t);
  });
  // A prompt with nothing to show in words (an image alone) still gets its moment.
  return { blocks, pages, seconds: Math.max(t, pace.MIN_HOLD) };
}

function blockHeight(block: TextBlock): number {
  if (block.type === 'code') return block.lines.length * CODE_LH + CODE_PAD;
  const perLine = block.bullet ? LINE_CHARS - 3 : LINE_CHARS;
  return Math.ceil(block.text.length / perLine) * PROSE_LH + PARA_GAP;
}

/** A paragraph taller than a page becomes several, cut between sentences (or words). */
function splitTallProse(block: TextBlock): TextBlock[] {
  if (block.type !== 'prose' || blockHeight(block) <= PAGE_HEIGHT) return [block];
  const room = Math.floor((PAGE_HEIGHT - PARA_GAP) / PROSE_LH) * LINE_CHARS * 0.9;
  const parts: TextBlock[] = [];
  let rest = block.text;
  while (rest.length > room) {
    const window = rest.slice(0, room);
    const sentence = Math.max(window.lastIndexOf('. '), window.lastIndexOf('! '), window.lastIndexOf('? '));
    const cut = sentence > room / 2 ? sentence + 1 : Math.max(window.lastIndexOf(' '), 1);
    parts.push({ ...block, text: rest.slice(0, cut).trim() });
    rest = rest.slice(cut).trim();
  }
  if (rest) parts.push({ ...block, text: rest, heading: false });
  return parts;
}

export function blockText(block: TextBlock): string {
  return block.type === 'prose' ? block.text : block.lines.map((l) => l.map((r) => r.text).join('')).join('\n');
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
