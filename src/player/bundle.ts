// The browser player as one JS and one CSS asset. `npm run build` writes them to
// dist/player-bundle/ (scripts/build.ts); the exporter inlines them. Run from the
// TypeScript sources (tsx, vitest), they are built in memory with esbuild instead, so they
// are never stale.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../util/package-root.js';
import { importEsm } from '../util/import-esm.js';

export interface PlayerBundle {
  js: string;
  css: string;
  /** The Content-Security-Policy sources that allow exactly this script and this style. */
  csp: { script: string; style: string };
}

export const BUNDLE_DIR = fileURLToPath(new URL('dist/player-bundle/', PACKAGE_ROOT));
const ENTRY = fileURLToPath(new URL('src/player/main.ts', PACKAGE_ROOT));
const STYLES = fileURLToPath(new URL('src/player/player.css', PACKAGE_ROOT));
const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts');

let cached: Promise<PlayerBundle> | undefined;

/** Build the bundle from src/player with esbuild (a development dependency). */
export async function buildPlayerBundle(): Promise<PlayerBundle> {
  const esbuild = await importEsm<typeof import('esbuild')>('esbuild');
  const common = { bundle: true, write: false, minify: true, legalComments: 'none', logLevel: 'silent' } as const;
  const [js, css] = await Promise.all([
    esbuild.build({ ...common, entryPoints: [ENTRY], format: 'iife', target: ['es2022', 'chrome110', 'firefox113', 'safari16.4'], charset: 'ascii' }),
    esbuild.build({ ...common, entryPoints: [STYLES], loader: { '.css': 'css' }, charset: 'ascii' }),
  ]);
  const bundle = { js: js.outputFiles[0]!.text, css: css.outputFiles[0]!.text };
  assertInlineSafe(bundle);
  return { ...bundle, csp: await cspSources(bundle.js, bundle.css) };
}

/** 'sha256-…' sources for the script and the style. Hashed when the bundle is built, so an
 * export does not load node:crypto (5-20 ms) for two hashes that never change. */
async function cspSources(js: string, css: string): Promise<PlayerBundle['csp']> {
  const { createHash } = await importEsm<typeof import('node:crypto')>('node:crypto');
  const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
  return { script: sha256(js), style: sha256(css) };
}

/** The bundle for this install: prebuilt in dist/, or built now when running from source. */
export function loadPlayerBundle(): Promise<PlayerBundle> {
  cached ??= (async () => {
    const js = `${BUNDLE_DIR}player.js`;
    const css = `${BUNDLE_DIR}player.css`;
    const csp = `${BUNDLE_DIR}csp.json`;
    if (!RUNNING_FROM_SOURCE && existsSync(js) && existsSync(css)) {
      const bundle = { js: readFileSync(js, 'utf8'), css: readFileSync(css, 'utf8') };
      const hashes = existsSync(csp) ? (JSON.parse(readFileSync(csp, 'utf8')) as PlayerBundle['csp']) : await cspSources(bundle.js, bundle.css);
      return { ...bundle, csp: hashes };
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
function assertInlineSafe(bundle: Pick<PlayerBundle, 'js' | 'css'>): void {
  if (/<\/script/i.test(bundle.js) || /<\/style/i.test(bundle.css)) {
    throw new Error('player bundle holds a closing </script> or </style> and cannot be inlined');
  }
}
