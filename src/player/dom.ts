// Element building without markup strings: every text goes in through textContent, so nothing
// from a session can become markup.

export interface ElOptions {
  className?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElOptions = {},
  children: Array<Node | null | undefined> = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.title !== undefined) node.title = options.title;
  if (options.attrs) for (const [k, v] of Object.entries(options.attrs)) node.setAttribute(k, v);
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

/** An icon button; the icon is a glyph or an SVG, the label is for screen readers and the tooltip. */
export function iconButton(glyph: string | SVGElement, label: string, className = ''): HTMLButtonElement {
  const button = el('button', {
    className: `pm-btn ${className}`.trim(),
    title: label,
    attrs: { type: 'button', 'aria-label': label },
  });
  if (typeof glyph === 'string') button.textContent = glyph;
  else button.appendChild(glyph);
  return button;
}

/** `m:ss` (or `h:mm:ss`) for a time in seconds. */

export function formatSpeed(speed: number): string {
  return `${Number(speed.toFixed(2))}×`;
}
