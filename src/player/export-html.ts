// Timeline → one self-contained HTML player (Node side). The timeline is deflated and
// base64-encoded into the page, whole and as a head of its first seconds; the browser inflates
// them with DecompressionStream.
import { readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { sceneFonts } from '../scene/fonts.js';
import type { Timeline } from '../timeline/model.js';
import { timelineUntil } from '../timeline/query.js';
import { loadPlayerBundle } from './bundle.js';
import { playerPage } from './page.js';
import { shareInfo } from './share-tags.js';
import { packTimeline, unpackTimeline } from './pack.js';
import {
  AVATARS_ID, DATA_CLASS, MAX_SPEED, MIN_SPEED,
  type EmbeddedAvatars, type EmbeddedFont, type EncodedPayload, type PlayerOptions, type PlayerPayload,
} from './payload.js';
import { PACKAGE_ROOT } from '../util/package-root.js';

const FONTS_DIR = new URL('assets/fonts/', PACKAGE_ROOT);
/** The same files as base64, written by `npm run build` (scripts/build.ts): read as they are, not encoded on each export. */
export const FONTS_BASE64_DIR = new URL('dist/fonts-base64/', PACKAGE_ROOT);

const fontCache = new Map<string, EmbeddedFont>();

/** Characters only the Latin-Extended font files hold (their unicode-range, less what Latin holds). */
const LATIN_EXT_ONLY =
  /[\u0100-\u02BA\u02BD-\u02C5\u02C7-\u02CC\u02CE-\u02D7\u02DD-\u02FF\u1D00-\u1DBF\u1E00-\u1E9F\u1EF2-\u1EFF\u2020\u20A0-\u20AB\u20AD-\u20C0\u2113\u2C60-\u2C7F\uA720-\uA7FF]/;

/**
 * The scene's font files, as base64. The Latin-Extended files are left out when no text needs
 * them: the glyphs drawn are the same, and the page is ~100 KB smaller.
 */
function embeddedFonts(text?: string): EmbeddedFont[] {
  const needExt = text === undefined || LATIN_EXT_ONLY.test(text);
  return sceneFonts
    .filter((f) => needExt || !f.family.endsWith(' Ext'))
    .map((f) => {
      let font = fontCache.get(f.file);
      if (!font) {
        font = { family: f.family, weight: f.weight, data: fontBase64(f.file) };
        fontCache.set(f.file, font);
      }
      return font;
    });
}

/** A font file as base64: the build's copy (ASCII, read without decoding), else encoded from the file (running from source). */
function fontBase64(file: string): string {
  try {
    return readFileSync(new URL(`${file}.b64`, FONTS_BASE64_DIR), 'latin1');
  } catch {
    return readFileSync(new URL(file, FONTS_DIR)).toString('base64');
  }
}

/** zlib's default level: on a session's payload level 9 saved under 1% of the bytes for 30% more time. */
function encodePayload(json: string): string {
  return deflateRawSync(Buffer.from(json, 'utf8'), { level: 6, memLevel: 9 }).toString('base64');
}

function playerOptions(timeline: Timeline, partial: Partial<PlayerOptions> = {}): PlayerOptions {
  const speed = partial.speed ?? 1;
  return {
    speed: Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed)),
    poster: Math.min(Math.max(0, partial.poster ?? defaultPoster(timeline)), timeline.duration),
    autoplay: partial.autoplay ?? false,
    ...(partial.live ? { live: partial.live } : {}),
  };
}

/** The title card once it has faded in (at 0 it is still blank), else the start. */
function defaultPoster(timeline: Timeline): number {
  const first = timeline.cues[0];
  return first?.kind === 'title' ? first.start + (first.end - first.start) * 0.6 : 0;
}

/** Seconds past the poster that the head covers: a viewer who presses play at once stays inside it while the rest is read. */
const HEAD_SECONDS = 10;

/** The avatars, out of the participants: both payloads use them, and the page carries them once. */
function splitAvatars(timeline: Timeline): { bare: Timeline; avatars: EmbeddedAvatars } {
  const avatars: EmbeddedAvatars = {};
  const participants = timeline.participants.map(({ avatar, ...rest }) => {
    if (avatar) avatars[rest.id] = avatar;
    return rest;
  });
  return { bare: { ...timeline, participants }, avatars };
}

/** The whole player page for a timeline. */
export async function playerHtml(timeline: Timeline, options: Partial<PlayerOptions> & { image?: string } = {}): Promise<string> {
  const bundle = await loadPlayerBundle();
  const { bare, avatars } = splitAvatars(timeline);
  const opts = playerOptions(timeline, options);
  const json = JSON.stringify({ packed: packTimeline(bare), options: opts } satisfies EncodedPayload);
  const until = opts.poster + HEAD_SECONDS;
  const head: EncodedPayload = { packed: packTimeline(timelineUntil(bare, until)), options: opts, until };
  // A live page may later receive text needing the extended fonts: it always carries them.
  const fonts = embeddedFonts(options.live ? undefined : json);
  return playerPage({
    bundle, data: encodePayload(json), head, fonts, avatars, live: Boolean(options.live), share: shareInfo(timeline, options.image),
  });
}

/** Read the whole payload back out of an exported page, avatars included (for checks and tests). */
export function readEmbeddedPayload(html: string): PlayerPayload {
  const pieces = [...html.matchAll(new RegExp(`<script type="application/octet-stream" class="${DATA_CLASS}">([A-Za-z0-9+/=\\s]*)</script>`, 'g'))];
  if (!pieces.length) throw new Error('no embedded session data in this page');
  const base64 = pieces.map((m) => m[1]!).join('');
  const encoded = JSON.parse(inflateRawSync(Buffer.from(base64, 'base64')).toString('utf8')) as EncodedPayload;
  const timeline = unpackTimeline(encoded.packed);
  const a = new RegExp(`<script type="application/json" id="${AVATARS_ID}">(.*?)</script>`).exec(html);
  const avatars = JSON.parse(a?.[1] ?? '{}') as EmbeddedAvatars;
  for (const p of timeline.participants) if (avatars[p.id]) p.avatar = avatars[p.id];
  return { timeline, options: encoded.options };
}
