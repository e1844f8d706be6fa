// Builds the browser player into dist/player-bundle/{player.js,player.css}, which the
// compiled `playback export` and `playback play` inline into their pages.
import { mkdirSync } from 'node:fs';
import { BUNDLE_DIR, buildPlayerBundle } from '../src/player/bundle.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';

const started = performance.now();
const bundle = await buildPlayerBundle();
mkdirSync(BUNDLE_DIR, { recursive: true });
writeFileAtomic(`${BUNDLE_DIR}player.js`, bundle.js);
writeFileAtomic(`${BUNDLE_DIR}player.css`, bundle.css);
const kb = (s: string): string => `${(Buffer.byteLength(s) / 1024).toFixed(1)} KB`;
console.log(`player bundle: ${kb(bundle.js)} JS, ${kb(bundle.css)} CSS in ${Math.round(performance.now() - started)} ms → ${BUNDLE_DIR}`);
