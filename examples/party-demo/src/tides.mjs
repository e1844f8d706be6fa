// The tide model: one principal lunar constituent, M2. The water rises and falls as a
// cosine with a period of 12 h 25 m 14 s, highest at every observed high tide.

/** One M2 period in milliseconds: 12.4206012 hours. */
export const M2_PERIOD_MS = 12.4206012 * 3600 * 1000;

const HALF_PERIOD_MS = M2_PERIOD_MS / 2;

/**
 * Water height in metres at `time`, around mean sea level `msl`, for a tidal `range`
 * (high minus low), given one observed high tide `referenceHigh`.
 */
export function heightAt(time, { referenceHigh, msl = 0, range = 2 }) {
  const phase = (2 * Math.PI * (time - referenceHigh)) / M2_PERIOD_MS;
  return msl + (range / 2) * Math.cos(phase);
}

/**
 * Every high and low tide in the window [from, to), in time order.
 * Highs sit at referenceHigh + k periods, lows half a period later.
 */
export function tideEvents({ referenceHigh, from, to, msl = 0, range = 2 }) {
  const events = [];
  // ceil, not round: round steps back to the tide before `from` when the fraction is under .5.
  let k = Math.ceil((from - referenceHigh) / HALF_PERIOD_MS);
  for (let t = referenceHigh.getTime() + k * HALF_PERIOD_MS; t < to; t += HALF_PERIOD_MS, k += 1) {
    const kind = k % 2 === 0 ? 'high' : 'low';
    const time = new Date(Math.round(t));
    events.push({ kind, time, height: heightAt(time, { referenceHigh, msl, range }) });
  }
  return events;
}
