// Reading the page's data islands: the deflated timelines (head and whole), fonts and avatars.
import { unpackTimeline } from './pack.js';
import type { EmbeddedAvatars, EmbeddedFont, EncodedPayload, PlayerPayload } from './payload.js';

/** Uint8Array.fromBase64, where the browser has it (native, and far faster than a loop before the JIT warms up). */
const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> }).fromBase64;

function base64Bytes(b64: string): Uint8Array<ArrayBuffer> {
  if (fromBase64) return fromBase64(b64.trim());
  const bin = atob(b64.trim());
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** The whole payload: base64 of deflate-raw JSON. */
export async function decodePayload(b64: string): Promise<PlayerPayload> {
  const stream = new Blob([base64Bytes(b64)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const text = await new Response(stream).text();
  performance.mark('playback:inflated');
  return readPayload(text);
}

/** A payload as plain JSON (the head). */
export function readPayload(json: string): PlayerPayload {
  const encoded = JSON.parse(json) as EncodedPayload;
  return { timeline: unpackTimeline(encoded.packed), options: encoded.options, until: encoded.until };
}

/**
 * Register the scene's fonts from bytes (no URL, so the page's CSP needs no font source) and
 * wait for them, so the first frame already lays out as the video does.
 */
export async function loadFonts(fonts: EmbeddedFont[]): Promise<void> {
  const faces = fonts.map((f) => new FontFace(f.family, base64Bytes(f.data), { weight: String(f.weight) }));
  for (const face of faces) document.fonts.add(face);
  // Chromium parses fonts given as bytes at once; waiting for nothing would hand the thread back
  // to the HTML parser, which then reads the whole session before the first frame.
  if (faces.every((face) => face.status === 'loaded')) return;
  await Promise.all(faces.map((face) => face.load().catch(() => undefined)));
  await document.fonts.ready;
}

/** Decode avatar data: URLs into images the scene can draw. */
export async function loadAvatars(avatars: EmbeddedAvatars): Promise<Record<string, HTMLImageElement>> {
  const out: Record<string, HTMLImageElement> = {};
  await Promise.all(
    Object.entries(avatars).map(async ([id, url]) => {
      if (typeof url !== 'string' || !url.startsWith('data:image/')) return;
      const img = new Image();
      img.src = url;
      try {
        await img.decode();
        out[id] = img;
      } catch {
        // A broken avatar falls back to the generated one the scene draws.
      }
    }),
  );
  return out;
}
