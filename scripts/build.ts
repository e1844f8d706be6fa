// `npm run build`, after tsc: the two bundles the installed package runs.
// - dist/player-bundle/{player.js,player.css,csp.json}: the browser player, which `export` and
//   `play` inline into their pages, and the hashes their Content-Security-Policy allows.
// - dist/cli-bundle/: the CLI and the drawing thread's entry, each one file with shared chunks.
//   Node resolves and compiles some seventy small modules one by one; as a bundle, start-up is
//   about 35 ms shorter, a tenth of an export. Native addons and build-time tools stay external.
// - dist/genai-prices/: genai-prices' embedded prices, cut down to what pricing reads, a file a
//   provider (src/recording/genai-price-table.ts), so no command loads the 830 KB package.
import { mkdirSync, rmSync } from 'node:fs';
import { waitForUpdate } from '@pydantic/genai-prices';
import * as esbuild from 'esbuild';
import { BUNDLE_DIR, buildPlayerBundle } from '../src/player/bundle.js';
import { GENAI_PRICE_TABLE_DIR } from '../src/recording/genai-price-catalog.js';
import { genaiPriceTableOf, writeGenaiPriceTable } from '../src/recording/genai-price-table.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { packagePath } from '../src/util/package-root.js';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

let started = performance.now();
const bundle = await buildPlayerBundle();
mkdirSync(BUNDLE_DIR, { recursive: true });
writeFileAtomic(`${BUNDLE_DIR}player.js`, bundle.js);
writeFileAtomic(`${BUNDLE_DIR}player.css`, bundle.css);
writeFileAtomic(`${BUNDLE_DIR}csp.json`, JSON.stringify(bundle.csp));
console.log(`player bundle: ${kb(Buffer.byteLength(bundle.js))} JS, ${kb(Buffer.byteLength(bundle.css))} CSS in ${Math.round(performance.now() - started)} ms → ${BUNDLE_DIR}`);

started = performance.now();
const CLI_DIR = packagePath('dist/cli-bundle/');
rmSync(CLI_DIR, { recursive: true, force: true });
const cli = await esbuild.build({
  // The workers' file names are the ones src/render/frame-source.ts and src/library/pool.ts load beside themselves.
  entryPoints: {
    main: packagePath('src/cli/main.ts'),
    'draw-worker': packagePath('src/render/draw-worker.ts'),
    'render-child': packagePath('src/library/render-child.ts'),
  },
  outdir: CLI_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // BullMQ reads its Lua scripts from files beside its own code. secretlint's core requires
  // CommonJS modules (debug → tty) that an ESM bundle cannot; it is loaded only when a string
  // needs its rules.
  external: ['@napi-rs/canvas', 'better-sqlite3', '@ffmpeg-installer/ffmpeg', 'esbuild', 'tsx', 'bullmq', 'ioredis', '@secretlint/core', '@secretlint/secretlint-rule-preset-recommend'],
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(cli.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`cli bundle: ${kb(bytes)} in ${Object.keys(cli.metafile.outputs).length} files in ${Math.round(performance.now() - started)} ms → ${CLI_DIR}`);

started = performance.now();
rmSync(GENAI_PRICE_TABLE_DIR, { recursive: true, force: true });
mkdirSync(GENAI_PRICE_TABLE_DIR, { recursive: true });
let tableBytes = 0;
writeGenaiPriceTable(genaiPriceTableOf((await waitForUpdate()) ?? []), GENAI_PRICE_TABLE_DIR, (path, text) => {
  writeFileAtomic(path, text);
  tableBytes += Buffer.byteLength(text);
});
console.log(`genai-prices table: ${kb(tableBytes)} in ${Math.round(performance.now() - started)} ms → ${GENAI_PRICE_TABLE_DIR}`);
