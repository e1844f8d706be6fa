// Browser entry: read the page's data islands, load fonts and avatars, start the player. The
// first frame comes from the head (the session's first seconds, placed before this script);
// the whole timeline, placed after it, is read once the document is parsed and swapped in.
import { makeApi, listenForMessages, type PlaybackApi } from './api.js';
import { Player } from './app.js';
import { decodePayload, loadAvatars, loadFonts, readPayload } from './data.js';
import { timeFromHash } from './deep-link.js';
import { el } from './dom.js';
import { followLive } from './live.js';
import { AVATARS_ID, DATA_CLASS, FONTS_ID, HEAD_ID, ROOT_ID, type EmbeddedAvatars, type EmbeddedFont, type PlayerPayload } from './payload.js';

declare global {
  interface Window {
    playback?: PlaybackApi;
  }
  interface HTMLElement {
    playback?: PlaybackApi;
  }
}

function island(id: string): string {
  return document.getElementById(id)?.textContent ?? '';
}

/** Resolves once the whole document, the islands after this script included, is parsed. */
function documentParsed(): Promise<void> {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

async function wholePayload(): Promise<PlayerPayload> {
  await documentParsed();
  const pieces = document.querySelectorAll<HTMLScriptElement>(`script.${DATA_CLASS}`);
  const payload = await decodePayload(Array.from(pieces, (p) => p.textContent ?? '').join(''));
  performance.mark('playback:data');
  return payload;
}

async function start(): Promise<void> {
  const root = document.getElementById(ROOT_ID);
  if (!root) return;
  try {
    performance.mark('playback:start');
    const headText = island(HEAD_ID);
    const head = headText ? readPayload(headText) : undefined;
    const [avatars] = await Promise.all([
      loadAvatars(JSON.parse(island(AVATARS_ID) || '{}') as EmbeddedAvatars),
      loadFonts(JSON.parse(island(FONTS_ID) || '[]') as EmbeddedFont[]).then(() => performance.mark('playback:fonts')),
    ]);
    const whole = wholePayload();
    // Open on the head, unless a deep link points past it.
    const linked = head ? timeFromHash(location.hash, head.timeline) : undefined;
    const fromHead = head?.until !== undefined && (linked ?? head.options.poster) <= head.until;
    let player: Player;
    let options: PlayerPayload['options'];
    if (head && fromHead) {
      options = head.options;
      player = new Player(root, head.timeline, { avatars }, options, head.until);
      player.setTimeline((await whole).timeline);
    } else {
      const payload = await whole;
      options = payload.options;
      player = new Player(root, payload.timeline, { avatars }, options);
    }
    const api = makeApi(player);
    window.playback = api;
    root.playback = api;
    listenForMessages(api);
    if (options.live) followLive(player, options.live);
    performance.mark('playback:ready');
    player.emit('ready', player.duration);
  } catch (err) {
    root.replaceChildren(
      el('div', { className: 'pm-error' }, [
        el('strong', { text: 'This player could not start.' }),
        el('p', { text: err instanceof Error ? err.message : String(err) }),
        el('p', { text: 'It needs a current browser (Chrome, Edge, Firefox or Safari from 2023 on).' }),
      ]),
    );
    console.error(err);
  }
}

void start();
