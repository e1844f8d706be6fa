// The player page: the bundle, the fonts and the deflated data in one HTML document, under a
// Content-Security-Policy that allows no network at all (the live page may reach its own server).
import { createHash } from 'node:crypto';
import type { PlayerBundle } from './bundle.js';
import { DATA_ID, FONTS_ID, ROOT_ID, type EmbeddedFont } from './payload.js';

export interface PageParts {
  bundle: PlayerBundle;
  /** base64 of the deflate-raw JSON payload. */
  data: string;
  fonts: EmbeddedFont[];
  /** Allow EventSource to the page's own origin (the local `play` server). */
  live?: boolean;
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function contentSecurityPolicy(bundle: PlayerBundle, live: boolean): string {
  return [
    "default-src 'none'",
    `script-src ${sha256(bundle.js)}`,
    `style-src ${sha256(bundle.css)}`,
    'img-src data:',
    'font-src data:',
    `connect-src ${live ? "'self'" : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function playerPage(parts: PageParts): string {
  const { bundle } = parts;
  // base64 and JSON of base64 strings hold no `<`, so neither island can end early.
  const fonts = JSON.stringify(parts.fonts);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(bundle, Boolean(parts.live))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="generator" content="playback-machine">',
    '<title>Playback</title>',
    `<style>${bundle.css}</style>`,
    '</head>',
    '<body>',
    `<div id="${ROOT_ID}"><div class="pm-loading">Loading the session…</div></div>`,
    `<script type="application/octet-stream" id="${DATA_ID}">${parts.data}</script>`,
    `<script type="application/json" id="${FONTS_ID}">${fonts}</script>`,
    `<script>${bundle.js}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
