// Live follow: the local server pushes each new timeline of a growing session over
// Server-Sent Events; the player swaps it in and keeps its playhead.
import type { Timeline } from '../timeline/model.js';
import type { Player } from './app.js';
import { el } from './dom.js';

export function followLive(player: Player, url: string): EventSource {
  const badge = el('span', { className: 'pm-live', text: 'LIVE', title: 'Following the session as it is written' });
  player.controls.element.insertBefore(badge, player.controls.element.children[2] ?? null);
  const source = new EventSource(url);
  source.addEventListener('timeline', (e) => {
    try {
      const timeline = JSON.parse((e as MessageEvent<string>).data) as Timeline;
      const atEnd = player.currentTime >= player.duration - 0.05 && !player.clock.playing;
      player.setTimeline(timeline);
      badge.classList.remove('pm-offline');
      // A viewer parked at the live edge sees the new turn arrive.
      if (atEnd && player.root.classList.contains('pm-started')) player.play();
    } catch (err) {
      console.warn('playback: could not read a live update', err);
    }
  });
  source.addEventListener('open', () => badge.classList.remove('pm-offline'));
  source.addEventListener('error', () => badge.classList.add('pm-offline'));
  return source;
}
