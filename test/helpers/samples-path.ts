// Where the shared real-world sample sessions live. They come from other people's public
// repositories and stay outside this one: `$PLAYBACK_SAMPLES`, else `../shared/samples` beside
// the repository. Kept free of vitest so the reporter can read it too.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface SamplesLocation {
  /** Absolute path of the samples folder. */
  path: string;
  /** true when PLAYBACK_SAMPLES named it: then a missing folder is an error, not a skip. */
  explicit: boolean;
  found: boolean;
}

export function samplesLocation(env: NodeJS.ProcessEnv = process.env): SamplesLocation {
  const given = env.PLAYBACK_SAMPLES?.trim();
  const path = resolve(REPO, given || '../shared/samples');
  const found = existsSync(path) && statSync(path).isDirectory();
  return { path, explicit: Boolean(given), found };
}

declare module '@vitest/runner' {
  interface TaskMeta {
    /** Set on a suite or test that reads the samples, for the reporter's count of skipped ones. */
    needsSamples?: boolean;
  }
}
