// Titles cut from a first prompt are cut to display length only after redaction: a token cut
// in half no longer matches any secret rule, and its first half would stand on the title card.

const MAX_TITLE = 80;

export function shortTitle(title: string): string {
  return title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title;
}

/**
 * Cut the titles of a Claude Code recording, which come from its prompts (its summaries and
 * custom titles are short already); other formats carry titles their tools wrote. Mutates and
 * returns `rec`.
 */
export function shortenTitles<T extends { format: string; title: string; sessions: Array<{ title: string }> }>(rec: T): T {
  if (rec.format !== 'claude-code') return rec;
  rec.title = shortTitle(rec.title);
  for (const s of rec.sessions) s.title = shortTitle(s.title);
  return rec;
}
