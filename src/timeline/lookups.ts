// Lookups: tool calls that only look (read a file, match names, search text, list a folder).
// A run of them by one speaker plays as one card; these are its words, shared by the timeline
// (which groups them) and the scene (which fills the card as it plays).

export const LOOKUP_TOOLS = new Set(['read', 'view', 'glob', 'grep', 'ls', 'list', 'find', 'search', 'codesearch']);

/** "read 6 files", "3 searches", or "5 lookups" for a mixed run (a card's title as it fills). */
export function lookupTitle(tools: string[], count = tools.length): string {
  const kinds = new Set(tools.map((t) => t.toLowerCase()));
  const n = count;
  const s = n === 1 ? '' : 's';
  if (kinds.size === 1) {
    const kind = [...kinds][0]!;
    if (kind === 'read' || kind === 'view') return `read ${n} file${s}`;
    if (kind === 'grep' || kind === 'search' || kind === 'codesearch') return `${n} search${n === 1 ? '' : 'es'}`;
    if (kind === 'glob' || kind === 'find') return `${n} file pattern${s}`;
    return `${n} listing${s}`;
  }
  return `${n} lookup${s}`;
}
