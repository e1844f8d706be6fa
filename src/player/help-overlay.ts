// The `?` overlay: the keyboard map, as asciinema-player users know it.
import { el, iconButton } from './dom.js';
import { icon } from './icons.js';

const KEYS: Array<[string, string]> = [
  ['Space', 'play / pause'],
  ['← / →', 'back / forward 5 seconds'],
  ['Shift + ← / →', 'back / forward 10%'],
  ['[ / ]', 'previous / next turn'],
  ['0 – 9', 'jump to 0% – 90%'],
  [', / .', 'step back / forward one frame (paused)'],
  ['< / >', 'slower / faster'],
  ['t', 'transcript and search'],
  ['/', 'search the transcript'],
  ['f', 'fullscreen'],
  ['?', 'this help'],
  ['Esc', 'close'],
];

export class HelpOverlay {
  readonly element: HTMLDivElement;

  constructor() {
    const close = iconButton(icon('close', 16), 'Close help (Esc)', 'pm-help-close');
    close.addEventListener('click', () => this.hide());
    const rows = KEYS.map(([k, what]) => el('tr', {}, [el('th', {}, [el('kbd', { text: k })]), el('td', { text: what })]));
    const box = el('div', { className: 'pm-help-box', attrs: { role: 'dialog', 'aria-label': 'Keyboard shortcuts' } }, [
      close,
      el('h2', { text: 'Keyboard shortcuts' }),
      el('table', {}, [el('tbody', {}, rows)]),
      el('p', { className: 'pm-help-foot', text: 'Links: add #t=90 (seconds) or #turn=3 to the address to open there.' }),
    ]);
    this.element = el('div', { className: 'pm-help' }, [box]);
    this.element.addEventListener('click', (e) => {
      if (e.target === this.element) this.hide();
    });
  }

  get visible(): boolean {
    return this.element.classList.contains('pm-open');
  }

  toggle(): void {
    this.element.classList.toggle('pm-open');
  }

  hide(): void {
    this.element.classList.remove('pm-open');
  }
}
