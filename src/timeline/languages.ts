// Which code languages a recording shows: fence tags in its texts and the extensions of the
// files it writes. Tells the highlighter which grammars to load before the timeline is built.
import type { Recording } from '../recording/model.js';
import { loadLanguages } from './highlight.js';

const FENCE = /^\s*(?:```+|~~~+)\s*([\w+#.-]+)/gm;

export function languagesOf(rec: Recording): Set<string> {
  const tags = new Set<string>();
  for (const session of rec.sessions) {
    for (const turn of session.turns) {
      for (const ev of turn.events) {
        // Most texts hold no fence: `includes` rules them out far quicker than the scan for line starts.
        if (ev.kind === 'text' && (ev.text.includes('```') || ev.text.includes('~~~'))) {
          for (const m of ev.text.matchAll(FENCE)) tags.add(m[1]!.toLowerCase());
        }
        if (ev.kind === 'file-change') {
          const ext = /\.([A-Za-z0-9]+)$/.exec(ev.relPath)?.[1];
          if (ext) tags.add(ext.toLowerCase());
        }
      }
    }
  }
  return tags;
}

/** Load the grammars this recording needs (see highlight.ts). */
export function loadLanguagesFor(rec: Recording): Promise<void> {
  return loadLanguages(languagesOf(rec));
}
