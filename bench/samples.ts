// The shared samples for the benchmarks, found by the tests' rule (test/helpers/samples-path.ts):
// $PLAYBACK_SAMPLES, else ../shared/samples beside the repository.
import { join } from 'node:path';
import { samplesLocation } from '../test/helpers/samples-path.js';

/** A path inside the samples folder; without the folder, one line saying where it was looked for. */
export function sample(...parts: string[]): string {
  const location = samplesLocation();
  if (!location.found) {
    const where = location.explicit ? `PLAYBACK_SAMPLES=${process.env.PLAYBACK_SAMPLES}: no folder at ${location.path}` : `no samples at ${location.path}`;
    throw new Error(`${where}. This benchmark reads the shared samples: set PLAYBACK_SAMPLES to their folder.`);
  }
  return join(location.path, ...parts);
}
