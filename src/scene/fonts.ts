// The fonts the scene draws with. The same files are loaded in Node (Skia) and in the browser
// (FontFace), so text measures and wraps identically in the player and the video.
// Each family is split into a Latin and a Latin-Extended file; listing both in the CSS font
// string lets each renderer fall back per glyph.

export interface SceneFontFile {
  family: string;
  /** File name inside assets/fonts/. */
  file: string;
  weight: 400 | 700;
}

export const SANS = '"PM Sans", "PM Sans Ext", sans-serif';
export const MONO = '"PM Mono", "PM Mono Ext", monospace';

export const sceneFonts: SceneFontFile[] = [
  { family: 'PM Sans', file: 'inter-latin-400-normal.woff2', weight: 400 },
  { family: 'PM Sans', file: 'inter-latin-700-normal.woff2', weight: 700 },
  { family: 'PM Sans Ext', file: 'inter-latin-ext-400-normal.woff2', weight: 400 },
  { family: 'PM Sans Ext', file: 'inter-latin-ext-700-normal.woff2', weight: 700 },
  { family: 'PM Mono', file: 'jetbrains-mono-latin-400-normal.woff2', weight: 400 },
  { family: 'PM Mono Ext', file: 'jetbrains-mono-latin-ext-400-normal.woff2', weight: 400 },
];

/** `ctx.font` string for the sans family. */
export function sans(px: number, weight: 400 | 700 = 400): string {
  return `${weight} ${Math.round(px * 10) / 10}px ${SANS}`;
}

export function mono(px: number): string {
  return `400 ${Math.round(px * 10) / 10}px ${MONO}`;
}
