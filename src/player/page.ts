// The player page: the bundle, the fonts and the deflated data in one HTML document, under a
// Content-Security-Policy that allows no network at all (the live page may reach its own server).
import type { PlayerBundle } from './bundle.js';
import { shareTags, type ShareInfo } from './share-tags.js';
import { AVATARS_ID, DATA_CLASS, FONTS_ID, HEAD_ID, ROOT_ID, type EmbeddedAvatars, type EmbeddedFont } from './payload.js';

export interface PageParts {
  bundle: PlayerBundle;
  /** base64 of the deflate-raw JSON payload: the whole timeline. */
  data: string;
  /** The head, the timeline's first seconds, as JSON: small, and read without waiting. */
  head: unknown;
  fonts: EmbeddedFont[];
  avatars: EmbeddedAvatars;
  /** Allow EventSource to the page's own origin (the local `play` server). */
  live?: boolean;
  /** Title, description and preview tags (see share-tags.ts). */
  share?: ShareInfo;
}

function contentSecurityPolicy(bundle: PlayerBundle, live: boolean): string {
  return [
    "default-src 'none'",
    `script-src ${bundle.csp.script}`,
    `style-src ${bundle.csp.style}`,
    'img-src data:',
    'font-src data:',
    `connect-src ${live ? "'self'" : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Characters of base64 per data island. */
const DATA_CHUNK = 64 * 1024;

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

/** JSON for a data island: with `<` escaped, no text inside can end the element early. */
function jsonIsland(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * The fonts' island, written out: their base64 (about 100 KB) needs no escaping, and neither
 * JSON.stringify nor the `<` scan need read it.
 */
function fontsIsland(fonts: EmbeddedFont[]): string {
  return `[${fonts.map(({ data, ...rest }) => `${jsonIsland(rest).slice(0, -1)},"data":"${data}"}`).join(',')}]`;
}

/**
 * The islands the first frame needs (fonts, avatars, the head) come before the script, so it
 * runs as soon as they are parsed; the whole timeline, by far the largest, comes after it and is
 * read once the document is parsed.
 */
export function playerPage(parts: PageParts): string {
  const { bundle } = parts;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(bundle, Boolean(parts.live))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="generator" content="playback-machine">',
    ...(parts.share ? shareTags(parts.share) : ['<title>Playback</title>']),
    `<style>${bundle.css}</style>`,
    '</head>',
    '<body>',
    // No placeholder text: laying it out before the script ran made Chromium look through the
    // system fonts for a fallback, which delayed the script's start by about 40 ms.
    `<div id="${ROOT_ID}"><noscript><div class="pm-loading">This player needs JavaScript.</div></noscript></div>`,
    `<script type="application/json" id="${FONTS_ID}">${fontsIsland(parts.fonts)}</script>`,
    `<script type="application/json" id="${AVATARS_ID}">${jsonIsland(parts.avatars)}</script>`,
    `<script type="application/json" id="${HEAD_ID}">${jsonIsland(parts.head)}</script>`,
    `<script>${bundle.js}</script>`,
    // base64 holds no `<`, so these islands cannot end early. In pieces, so the parser can yield
    // between them to work the first frame awaits (decoding avatars), not only after the last.
    ...chunks(parts.data, DATA_CHUNK).map((piece) => `<script type="application/octet-stream" class="${DATA_CLASS}">${piece}</script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
