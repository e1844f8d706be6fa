// Browser entry: read the page's data islands, load fonts and avatars, start the player.
import { makeApi, listenForMessages, type PlaybackApi } from './api.js';
import { Player } from './app.js';
import { decodePayload, loadAvatars, loadFonts } from './data.js';
import { el } from './dom.js';
import { followLive } from './live.js';
import { DATA_ID, FONTS_ID, ROOT_ID, type EmbeddedFont } from './payload.js';

declare global {
  interface Window {
    playback?: PlaybackApi;
  }
  interface HTMLElement {
    playback?: PlaybackApi;
  }
}

async function start(): Promise<void> {
  const root = document.getElementById(ROOT_ID);
  if (!root) return;
  try {
    const dataText = document.getElementById(DATA_ID)?.textContent ?? '';
    const fontsText = document.getElementById(FONTS_ID)?.textContent ?? '[]';
    performance.mark('playback:start');
    const [payload] = await Promise.all([
      decodePayload(dataText).then((p) => (performance.mark('playback:data'), p)),
      loadFonts(JSON.parse(fontsText) as EmbeddedFont[]).then(() => performance.mark('playback:fonts')),
    ]);
    const avatars = await loadAvatars(payload.timeline.participants);
    performance.mark('playback:avatars');
    const player = new Player(root, payload.timeline, { avatars }, payload.options);
    const api = makeApi(player);
    window.playback = api;
    root.playback = api;
    listenForMessages(api);
    if (payload.options.live) followLive(player, payload.options.live);
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
