// Titles are cut short for display only after redaction: a token cut in half no longer matches
// any secret rule, and its first half would stand on the title card.

const MAX_TITLE = 80;

export function shortTitle(title: string): string {
  const one = title.replace(/\s+/g, ' ').trim();
  return one.length > MAX_TITLE ? `${one.slice(0, MAX_TITLE - 1)}…` : one;
}

/** Cut the recording's and every session's title to display length. Mutates and returns `rec`. */
export function shortenTitles<T extends { title: string; sessions: Array<{ title: string }> }>(rec: T): T {
  rec.title = shortTitle(rec.title);
  for (const s of rec.sessions) s.title = shortTitle(s.title);
  return rec;
}
