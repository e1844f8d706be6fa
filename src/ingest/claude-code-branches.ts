// `/rewind` in Claude Code restarts the conversation from an earlier prompt: the new prompt
// becomes a sibling of the old one (same parentUuid) and the old answer stays in the file.
// The main branch is the one holding the last line written; the others are left out.
//
// Only siblings that are both real prompts mark a rewind: parallel tool calls and hook
// progress lines also give a line several children, and those are all kept.
import type { ParsedEntry } from './claude-code-parse.js';

const ROOT = '\u0000root';

export interface BranchResult {
  kept: ParsedEntry[];
  /** Lines (bookkeeping lines included) on branches that were left out. */
  abandonedLines: number;
  /** Where the first abandoned branch starts, for the warning. */
  firstAbandonedLine?: number;
}

/** `loadParents` gives every line's parent (bookkeeping lines too); it is called only when there are branches. */
export function followMainBranch(entries: ParsedEntry[], loadParents: () => Map<string, string | null>): BranchResult {
  const promptSiblings = new Map<string, string[]>();
  let withParent = 0;
  for (const e of entries) {
    if (e.parent) withParent++;
    if (!e.prompt || !e.uuid) continue;
    const key = e.parent ?? ROOT;
    const list = promptSiblings.get(key);
    if (list) list.push(e.uuid);
    else promptSiblings.set(key, [e.uuid]);
  }
  // Claude Code links every line but the first; files that mostly do not (hand-made ones)
  // have nothing to follow at the top.
  const linked = withParent * 2 >= entries.length;
  const forks = [...promptSiblings].filter(([parent, kids]) => kids.length > 1 && (parent !== ROOT || linked));
  if (forks.length === 0) return { kept: entries, abandonedLines: 0 };
  const parents = loadParents();

  let lastUuid: string | undefined;
  for (let i = entries.length - 1; i >= 0 && !lastUuid; i--) lastUuid = entries[i]!.uuid;
  const onMainPath = new Set<string>();
  for (let u = lastUuid; u !== undefined && !onMainPath.has(u); u = parents.get(u) ?? undefined) onMainPath.add(u);

  const abandonedRoots = new Set<string>();
  for (const [, kids] of forks) {
    const keep = kids.find((k) => onMainPath.has(k)) ?? kids[kids.length - 1];
    for (const k of kids) if (k !== keep) abandonedRoots.add(k);
  }

  // Is a line below an abandoned root? Walk up once per line, remembering every answer.
  const verdict = new Map<string, boolean>();
  const isAbandoned = (start: string): boolean => {
    const chain: string[] = [];
    let answer = false;
    for (let u: string | undefined = start; u !== undefined; u = parents.get(u) ?? undefined) {
      const known = verdict.get(u);
      if (known !== undefined) {
        answer = known;
        break;
      }
      if (abandonedRoots.has(u)) {
        answer = true;
        chain.push(u);
        break;
      }
      if (chain.length > parents.size) break; // a cycle: treat as kept
      chain.push(u);
    }
    for (const u of chain) verdict.set(u, answer);
    return answer;
  };

  let abandonedLines = 0;
  for (const uuid of parents.keys()) if (isAbandoned(uuid)) abandonedLines++;
  const kept: ParsedEntry[] = [];
  let firstAbandonedLine: number | undefined;
  for (const e of entries) {
    if (e.uuid && isAbandoned(e.uuid)) firstAbandonedLine ??= e.line;
    else kept.push(e);
  }
  return { kept, abandonedLines, firstAbandonedLine };
}
