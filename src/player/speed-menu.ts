// Playback speed: a button showing the speed that opens a short menu (0.5× to 4×).
import { el, formatSpeed } from './dom.js';
import { SPEEDS } from './payload.js';

export class SpeedMenu {
  readonly element: HTMLDivElement;
  private readonly button: HTMLButtonElement;
  private readonly menu: HTMLDivElement;

  constructor(private readonly onSpeed: (speed: number) => void) {
    this.button = el('button', {
      className: 'pm-btn pm-speed-btn',
      title: 'Playback speed',
      attrs: { type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-label': 'Playback speed' },
    });
    this.menu = el('div', { className: 'pm-menu', attrs: { role: 'menu' } });
    for (const s of SPEEDS) {
      const item = el('button', { className: 'pm-menu-item', text: formatSpeed(s), attrs: { type: 'button', role: 'menuitemradio' } });
      item.dataset.speed = String(s);
      item.addEventListener('click', () => {
        this.onSpeed(s);
        this.close();
      });
      this.menu.appendChild(item);
    }
    this.element = el('div', { className: 'pm-speed' }, [this.button, this.menu]);
    this.button.addEventListener('click', () => (this.menu.classList.contains('pm-open') ? this.close() : this.open()));
    document.addEventListener('pointerdown', (e) => {
      if (!this.element.contains(e.target as Node)) this.close();
    });
  }

  update(speed: number): void {
    this.button.textContent = formatSpeed(speed);
    for (const item of this.menu.children) {
      item.setAttribute('aria-checked', String(Number((item as HTMLElement).dataset.speed) === speed));
    }
  }

  open(): void {
    this.menu.classList.add('pm-open');
    this.button.setAttribute('aria-expanded', 'true');
  }

  close(): void {
    this.menu.classList.remove('pm-open');
    this.button.setAttribute('aria-expanded', 'false');
  }
}
