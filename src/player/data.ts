// Reading the page's data islands: the deflated timeline and the fonts.
import { unpackTimeline } from './pack.js';
import type { EmbeddedFont, EncodedPayload, PlayerPayload } from './payload.js';

function base64Bytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64.trim());
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

export async function decodePayload(b64: string): Promise<PlayerPayload> {
  const stream = new Blob([base64Bytes(b64)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const text = await new Response(stream).text();
  performance.mark('playback:inflated');
  const encoded = JSON.parse(text) as EncodedPayload;
  return { timeline: unpackTimeline(encoded.packed), options: encoded.options };
}

/**
 * Register the scene's fonts from bytes (no URL, so the page's CSP needs no font source) and
 * wait for them, so the first frame already lays out as the video does.
 */
export async function loadFonts(fonts: EmbeddedFont[]): Promise<void> {
  const faces = fonts.map((f) => new FontFace(f.family, base64Bytes(f.data), { weight: String(f.weight) }));
  for (const face of faces) document.fonts.add(face);
  await Promise.all(faces.map((face) => face.load().catch(() => undefined)));
  await document.fonts.ready;
}

/** Decode avatar data: URLs into images the scene can draw. */
export async function loadAvatars(participants: Array<{ id: string; avatar?: string }>): Promise<Record<string, HTMLImageElement>> {
  const out: Record<string, HTMLImageElement> = {};
  await Promise.all(
    participants.map(async (p) => {
      if (!p.avatar || !p.avatar.startsWith('data:image/')) return;
      const img = new Image();
      img.src = p.avatar;
      try {
        await img.decode();
        out[p.id] = img;
      } catch {
        // A broken avatar falls back to the generated one the scene draws.
      }
    }),
  );
  return out;
}
