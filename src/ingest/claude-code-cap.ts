// A bound on what is kept of any one string (tool outputs, file contents, prompts), so one
// huge line cannot blow up the recording or everything drawn from it later.

/** Characters kept of any single string; the rest is replaced by a note saying how much was cut. */
export const MAX_KEPT_CHARS = 256 * 1024;

export interface CapCounter {
  count: number;
  largest: number;
}

export function capString(s: string, counter: CapCounter): string {
  if (s.length <= MAX_KEPT_CHARS) return s;
  counter.count++;
  counter.largest = Math.max(counter.largest, s.length);
  // Copy through a Buffer: a plain slice may keep the whole original string alive.
  const head = Buffer.from(s.slice(0, MAX_KEPT_CHARS), 'utf8').toString('utf8');
  return `${head}\n… [cut: ${s.length - MAX_KEPT_CHARS} more characters not kept]`;
}

/** The same bound applied to every string inside a JSON value (tool inputs). */
export function capValue(value: unknown, counter: CapCounter, depth = 0): unknown {
  if (typeof value === 'string') return capString(value, counter);
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = capValue(value[i], counter, depth + 1);
    return value;
  }
  const obj = value as Record<string, unknown>;
  for (const k in obj) {
    const v = obj[k];
    if (typeof v === 'string' ? v.length > MAX_KEPT_CHARS : typeof v === 'object' && v !== null) {
      obj[k] = capValue(v, counter, depth + 1);
    }
  }
  return value;
}
