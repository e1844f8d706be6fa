// The shared real-world samples (see samples-path.ts) for tests whose point is real data.
// Without the folder those tests are skipped, and the run ends with one line saying how many
// and why (test/helpers/samples-reporter.ts). With PLAYBACK_SAMPLES set, as CI sets it, a
// missing folder fails every such file instead.
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { getCurrentSuite } from 'vitest/suite';
import { samplesLocation } from './samples-path.js';

const location = samplesLocation();
if (location.explicit && !location.found) {
  throw new Error(`PLAYBACK_SAMPLES=${process.env.PLAYBACK_SAMPLES}: no folder at ${location.path}. Point it at the shared samples, or unset it to skip the tests that read them.`);
}

/** true when the samples folder is there. */
export const SAMPLES_FOUND = location.found;

/** A path inside the samples folder: `sample('claude-code', 'spotter', 'short.jsonl')`. */
export const sample = (...parts: string[]): string => join(location.path, ...parts);

/** `describe`, skipped without the samples. */
export function describeSamples(name: string, body: () => void): void {
  describe.skipIf(!SAMPLES_FOUND)(name, () => {
    const suite = getCurrentSuite().suite;
    if (suite) suite.meta.needsSamples = true;
    body();
  });
}

/** `it`, skipped without the samples. */
export function itSamples(name: string, body: () => Promise<void> | void, timeout?: number): void {
  it.skipIf(!SAMPLES_FOUND)(name, body, timeout);
  const tasks = getCurrentSuite().tasks;
  const test = tasks[tasks.length - 1];
  if (test && 'meta' in test) test.meta.needsSamples = true;
}
