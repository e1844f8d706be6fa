// How a day of tides reads in a terminal: a sparkline of the water, then one line per
// high and low. Times are UTC, so a table means the same thing wherever it is read.

const BARS = '▁▂▃▄▅▆▇█';

/** "03:37" for a Date, in UTC. */
export function hhmm(date) {
  return date.toISOString().slice(11, 16);
}

/** One bar per sample, scaled between the lowest and highest sample. */
export function sparkline(samples) {
  const low = Math.min(...samples);
  const high = Math.max(...samples);
  const span = high - low || 1;
  return samples.map((s) => BARS[Math.round(((s - low) / span) * (BARS.length - 1))]).join('');
}

/** "+1.20 m" with an explicit sign, so highs and lows line up. */
export function metres(height) {
  const sign = height < 0 ? '-' : '+';
  return `${sign}${Math.abs(height).toFixed(2)} m`;
}

/** The day's table: a title, the water hour by hour, then the events. */
export function formatDay({ label, hourly, events }) {
  const lines = [`${label}  (UTC)`, `  ${sparkline(hourly)}`];
  for (const event of events) {
    lines.push(`  ${event.kind.padEnd(4)}  ${hhmm(event.time)}  ${metres(event.height)}`);
  }
  return lines.join('\n');
}
