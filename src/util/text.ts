// Counts and durations as people read them, shared by every stage that prints to a person
// (warnings from the readers, summaries and progress from the CLI).

/** A count with thousands separators ("1,100,544"), the same on every machine whatever its locale.
 * Not toLocaleString: its first call loads ICU's locale data, about 20 ms of a 350 ms export. */
export function formatCount(n: number): string {
  const [whole, fraction] = String(Math.abs(n)).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** "1 file", "26 files", "1,204 lines": the count, then the noun with an "s" unless it is one. */
export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** Whole hours, minutes and seconds in a span of whole seconds. */
function hoursMinutesSeconds(seconds: number): { h: number; m: number; s: number } {
  return { h: Math.floor(seconds / 3600), m: Math.floor((seconds % 3600) / 60), s: seconds % 60 };
}

/** A span in milliseconds as "1h 2m 3s", "11m 11s" or "45s", to the nearest second; "0s" for
 * nothing, a negative span or an unknown one. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0s';
  const { h, m, s } = hoursMinutesSeconds(Math.round(ms / 1000));
  if (h) return `${h}h ${m}m ${s}s`;
  if (m) return `${m}m ${s}s`;
  return `${s}s`;
}

/** Seconds as a clock, "m:ss" or "h:mm:ss", in whole seconds elapsed (a clock shows 0:01 only
 * once a full second has passed); "--:--" for an unknown time. */
export function formatClock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const { h, m, s } = hoursMinutesSeconds(Math.max(0, Math.floor(seconds)));
  const ss = String(s).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Dollars as people read them: "$1,234.57", "$0.0123" below a dollar (to show a cent's
 * fraction), "$0.00" for nothing. */
export function formatDollars(usd: number): string {
  if (!(usd > 0)) return '$0.00';
  if (usd < 1) return `$${usd.toFixed(4)}`;
  const [whole, cents] = usd.toFixed(2).split('.');
  return `$${formatCount(Number(whole))}.${cents}`;
}

/** `text` as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
