import type { Recording } from '../recording/model.js';
import { buildTimeline } from './build.js';
import { loadLanguagesFor } from './languages.js';
import type { PacingOptions, Timeline } from './model.js';

export { buildTimeline } from './build.js';
export { languagesOf, loadLanguagesFor } from './languages.js';
export * from './query.js';
export type * from './model.js';
export { defaultPacing } from './model.js';

/** Load the code grammars the recording needs, then build its timeline: what every host calls. */
export async function timelineFor(rec: Recording, pacing: Partial<PacingOptions> = {}): Promise<Timeline> {
  await loadLanguagesFor(rec);
  return buildTimeline(rec, pacing);
}
