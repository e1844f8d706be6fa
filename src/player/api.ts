// The embedder's API: `window.playback` and `element.playback` on the player's root, plus
// `postMessage` commands for a page that holds the player in a cross-origin iframe:
//   iframe.contentWindow.postMessage({ playback: 'seek', value: 42 }, '*')
import type { Player, PlayerEvent } from './app.js';

export interface PlaybackApi {
  play(): void;
  pause(): void;
  toggle(): void;
  /** Seconds from the start. */
  seek(t: number): void;
  /** 1-based turn; false when there is no such turn. */
  seekTurn(turn: number): boolean;
  getCurrentTime(): number;
  getDuration(): number;
  isPlaying(): boolean;
  getSpeed(): number;
  setSpeed(speed: number): void;
  /** The 1-based turn playing now, or undefined on the title and end cards. */
  getTurn(): number | undefined;
  getTurnCount(): number;
  /** Search the transcript; returns the number of matching cues and seeks to the first. */
  search(query: string): number;
  /** Listen for ready, play, pause, ended, seek, turn, timeline; returns an unsubscribe function. */
  on(event: PlayerEvent, callback: (detail: unknown) => void): () => void;
}

export function makeApi(player: Player): PlaybackApi {
  return {
    play: () => player.play(),
    pause: () => player.pause(),
    toggle: () => player.toggle(),
    seek: (t) => player.seek(Number(t)),
    seekTurn: (turn) => player.seekTurn(Number(turn)),
    getCurrentTime: () => player.currentTime,
    getDuration: () => player.duration,
    isPlaying: () => player.clock.playing,
    getSpeed: () => player.clock.speed,
    setSpeed: (s) => player.setSpeed(Number(s)),
    getTurn: () => player.currentTurn(),
    getTurnCount: () => player.data.chapters.length,
    search: (query) => {
      player.toggleTranscript(true);
      player.transcript.search.input.value = String(query);
      return player.transcript.search.run(true);
    },
    on: (event, callback) => player.on(event, callback),
  };
}

type Command = { playback?: unknown; value?: unknown };

/** Commands from an embedding page. They only drive playback; nothing in them is rendered. */
export function listenForMessages(api: PlaybackApi): void {
  window.addEventListener('message', (e: MessageEvent<Command>) => {
    const data = e.data;
    if (!data || typeof data !== 'object' || typeof data.playback !== 'string') return;
    const value = Number(data.value);
    switch (data.playback) {
      case 'play':
        return api.play();
      case 'pause':
        return api.pause();
      case 'toggle':
        return api.toggle();
      case 'seek':
        if (Number.isFinite(value)) api.seek(value);
        return;
      case 'seekTurn':
        if (Number.isFinite(value)) api.seekTurn(value);
        return;
      case 'setSpeed':
        if (Number.isFinite(value)) api.setSpeed(value);
        return;
    }
  });
}
