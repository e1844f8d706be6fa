// The committed demo parties, made by the real opencode CLI (`npm run demo:make`).
import { join } from 'node:path';
import { REPO } from './cli.js';

export const DEMO = join(REPO, 'examples', 'party-demo');
export const DEMO_PARTY = join(DEMO, '.koad-io', 'parties', 'tidepool');
export const DEMO_EXPORT = join(DEMO_PARTY, 'export.json');
export const VIOLATIONS = join(REPO, 'examples', 'party-demo-violations');
export const VIOLATIONS_EXPORT = join(VIOLATIONS, '.koad-io', 'parties', 'night-shift', 'export.json');
