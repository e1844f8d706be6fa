// The browser player as one JS and one CSS asset. `npm run build` writes them to
// dist/player-bundle/ (scripts/build.ts); the exporter inlines them. Run from the
// TypeScript sources (tsx, vitest), they are built in memory with esbuild instead, so they
// are never stale.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../util/package-root.js';

export interface PlayerBundle {
  js: string;
  css: string;
}

export const BUNDLE_DIR = fileURLToPath(new URL('dist/player-bundle/', PACKAGE_ROOT));
const ENTRY = fileURLToPath(new URL('src/player/main.ts', PACKAGE_ROOT));
const STYLES = fileURLToPath(new URL('src/player/player.css', PACKAGE_ROOT));
const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts');

let cached: Promise<PlayerBundle> | undefined;

/** Build the bundle from src/player with esbuild (a development dependency). */
export async function buildPlayerBundle(): Promise<PlayerBundle> {
  const esbuild = await import('esbuild');
  const common = { bundle: true, write: false, minify: true, legalComments: 'none', logLevel: 'silent' } as const;
  const [js, css] = await Promise.all([
    esbuild.build({ ...common, entryPoints: [ENTRY], format: 'iife', target: ['es2022', 'chrome110', 'firefox113', 'safari16.4'], charset: 'ascii' }),
    esbuild.build({ ...common, entryPoints: [STYLES], loader: { '.css': 'css' }, charset: 'ascii' }),
  ]);
  const bundle = { js: js.outputFiles[0]!.text, css: css.outputFiles[0]!.text };
  assertInlineSafe(bundle);
  return bundle;
}

/** The bundle for this install: prebuilt in dist/, or built now when running from source. */
export function loadPlayerBundle(): Promise<PlayerBundle> {
  cached ??= (async () => {
    const js = `${BUNDLE_DIR}player.js`;
    const css = `${BUNDLE_DIR}player.css`;
    if (!RUNNING_FROM_SOURCE && existsSync(js) && existsSync(css)) {
      return { js: readFileSync(js, 'utf8'), css: readFileSync(css, 'utf8') };
    }
    try {
      return await buildPlayerBundle();
    } catch (err) {
      throw new Error(`the web player is not built (${(err as Error).message}); run \`npm run build\``);
    }
  })();
  return cached;
}

/** The assets go inside <script> and <style>: they must not be able to close those elements. */
function assertInlineSafe(bundle: PlayerBundle): void {
  if (/<\/script/i.test(bundle.js) || /<\/style/i.test(bundle.css)) {
    throw new Error('player bundle holds a closing </script> or </style> and cannot be inlined');
  }
}
