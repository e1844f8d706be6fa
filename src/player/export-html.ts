// Timeline → one self-contained HTML player (Node side). The timeline is deflated and
// base64-encoded into the page; the browser inflates it with DecompressionStream.
import { readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { sceneFonts } from '../scene/fonts.js';
import type { Timeline } from '../timeline/model.js';
import { loadPlayerBundle } from './bundle.js';
import { playerPage } from './page.js';
import { DATA_ID, MAX_SPEED, MIN_SPEED, type EmbeddedFont, type PlayerOptions, type PlayerPayload } from './payload.js';

const FONTS_DIR = new URL('../../assets/fonts/', import.meta.url);

let fontCache: EmbeddedFont[] | undefined;

export function embeddedFonts(): EmbeddedFont[] {
  fontCache ??= sceneFonts.map((f) => ({
    family: f.family,
    weight: f.weight,
    data: readFileSync(new URL(f.file, FONTS_DIR)).toString('base64'),
  }));
  return fontCache;
}

export function encodePayload(payload: PlayerPayload): string {
  return deflateRawSync(Buffer.from(JSON.stringify(payload), 'utf8'), { level: 9, memLevel: 9 }).toString('base64');
}

export function playerOptions(timeline: Timeline, partial: Partial<PlayerOptions> = {}): PlayerOptions {
  const speed = partial.speed ?? 1;
  return {
    speed: Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed)),
    poster: Math.min(Math.max(0, partial.poster ?? 0), timeline.duration),
    autoplay: partial.autoplay ?? false,
    ...(partial.live ? { live: partial.live } : {}),
  };
}

/** The whole player page for a timeline. */
export async function playerHtml(timeline: Timeline, options: Partial<PlayerOptions> = {}): Promise<string> {
  const bundle = await loadPlayerBundle();
  const payload: PlayerPayload = { timeline, options: playerOptions(timeline, options) };
  return playerPage({ bundle, data: encodePayload(payload), fonts: embeddedFonts(), live: Boolean(options.live) });
}

/** Read the payload back out of an exported page (for checks and tests). */
export function readEmbeddedPayload(html: string): PlayerPayload {
  const m = new RegExp(`<script type="application/octet-stream" id="${DATA_ID}">([A-Za-z0-9+/=\\s]*)</script>`).exec(html);
  if (!m) throw new Error('no embedded session data in this page');
  return JSON.parse(inflateRawSync(Buffer.from(m[1]!, 'base64')).toString('utf8')) as PlayerPayload;
}
