// The keyboard map, after asciinema-player's: Space, ←/→ ±5 s, Shift+←/→ ±10 %, [ / ] turns,
// 0-9 → 0-90 %, , / . frame step, f fullscreen, ? help.

export interface KeyActions {
  toggle(): void;
  seekBy(seconds: number): void;
  seekFraction(fraction: number, relative: boolean): void;
  turn(direction: 1 | -1): void;
  frameStep(direction: 1 | -1): void;
  speedStep(direction: 1 | -1): void;
  toggleFullscreen(): void;
  toggleHelp(): void;
  toggleTranscript(): void;
  focusSearch(): void;
  escape(): void;
}

function typingInto(target: EventTarget | null): boolean {
  const node = target as HTMLElement | null;
  if (!node || !node.tagName) return false;
  return node.tagName === 'INPUT' || node.tagName === 'TEXTAREA' || node.isContentEditable;
}

function handleKey(e: KeyboardEvent, a: KeyActions): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  if (typingInto(e.target)) {
    if (e.key === 'Escape') a.escape();
    return false;
  }
  // Space on a focused button would click it too; the map wins.
  switch (e.key) {
    case ' ':
    case 'k':
      a.toggle();
      return true;
    case 'ArrowLeft':
      if (e.shiftKey) a.seekFraction(-0.1, true);
      else a.seekBy(-5);
      return true;
    case 'ArrowRight':
      if (e.shiftKey) a.seekFraction(0.1, true);
      else a.seekBy(5);
      return true;
    case '[':
      a.turn(-1);
      return true;
    case ']':
      a.turn(1);
      return true;
    case ',':
      a.frameStep(-1);
      return true;
    case '.':
      a.frameStep(1);
      return true;
    case '<':
      a.speedStep(-1);
      return true;
    case '>':
      a.speedStep(1);
      return true;
    case 'f':
      a.toggleFullscreen();
      return true;
    case '?':
      a.toggleHelp();
      return true;
    case 't':
      a.toggleTranscript();
      return true;
    case '/':
      a.focusSearch();
      return true;
    case 'Escape':
      a.escape();
      return true;
    default:
      if (/^[0-9]$/.test(e.key)) {
        a.seekFraction(Number(e.key) / 10, false);
        return true;
      }
      return false;
  }
}

export function bindKeyboard(target: Document | HTMLElement, actions: KeyActions): void {
  target.addEventListener('keydown', (event) => {
    const e = event as KeyboardEvent;
    if (handleKey(e, actions)) e.preventDefault();
  });
}
