// The page's head for sharing: a real <title>, a description, and the Open Graph and Twitter
// card tags a link preview reads, written at export time (crawlers run no script). Session text
// is data: every value is escaped for an HTML attribute or text.
import type { Timeline } from '../timeline/model.js';
import { formatClock } from '../util/text.js';

export interface ShareInfo {
  title: string;
  description: string;
  /** The poster PNG, relative to the page. */
  image?: string;
}

/** Longest description kept: what previews show before they cut. */
const DESCRIPTION_CHARS = 200;

function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Title, participants and turns, as one or two sentences. */
export function shareInfo(timeline: Timeline, image?: string): ShareInfo {
  const names = timeline.participants.filter((p) => p.kind !== 'guest').map((p) => p.name);
  const turns = timeline.chapters.length;
  const kind = timeline.meta.party ? 'A party-line session' : `A ${timeline.meta.format.replace('-', ' ')} session`;
  const who = names.length ? ` with ${listNames(names)}` : '';
  let description = `${kind}${who}: ${turns} turn${turns === 1 ? '' : 's'}, ${formatClock(timeline.duration)}.`;
  const topic = timeline.meta.topic?.trim();
  if (topic) description = `${topic}${/[.!?\u2026]$/.test(topic) ? '' : '.'} ${description}`;
  if (description.length > DESCRIPTION_CHARS) description = `${description.slice(0, DESCRIPTION_CHARS - 1).trimEnd()}…`;
  return { title: timeline.meta.title.trim() || 'Playback', description, ...(image ? { image } : {}) };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The <title> and the meta tags, one a line, for the page's <head>. */
export function shareTags(info: ShareInfo): string[] {
  const title = escapeHtml(info.title);
  const description = escapeHtml(info.description);
  const tags = [
    `<title>${title}</title>`,
    `<meta name="description" content="${description}">`,
    `<meta property="og:type" content="video.other">`,
    `<meta property="og:title" content="${title}">`,
    `<meta property="og:description" content="${description}">`,
    `<meta name="twitter:card" content="${info.image ? 'summary_large_image' : 'summary'}">`,
    `<meta name="twitter:title" content="${title}">`,
    `<meta name="twitter:description" content="${description}">`,
  ];
  if (info.image) {
    const image = escapeHtml(info.image);
    tags.push(`<meta property="og:image" content="${image}">`, `<meta name="twitter:image" content="${image}">`);
  }
  return tags;
}
