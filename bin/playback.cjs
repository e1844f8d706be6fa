#!/usr/bin/env node
// Entry point. The bundled CLI is one CommonJS file, dist/cli-bundle/main.cjs (built by `npm install`
// via the prepare script), compiled here with the V8 code cache the build leaves beside it
// (main.cjs.cache): Node 20 keeps no compile cache for ES modules, and compiling was a third of
// a short export. A cache this Node cannot use (another version) is ignored: the CLI compiles as before.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

// `playback timeline x | head`: the reader has what it wanted; stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const file = join(__dirname, '..', 'dist', 'cli-bundle', 'main.cjs');
const cacheFile = `${file}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // No cache (a build without its warm-up): compiled from source.
}
// Latin-1: the build keeps the file all ASCII, and this reads it without decoding.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {"use strict";${readFileSync(file, 'latin1')}\n})`, {
  filename: file,
  cachedData,
});
const cli = { exports: {} };
// The loader's own createRequire (node:module's): loading the public module costs 0.2 ms a start.
script.runInThisContext()(cli.exports, module.constructor.createRequire(file), cli, file, dirname(file));
// Code compiled from a cache cannot import() in Node 20: the bundle imports its ES-module
// dependencies (secretlint, ...) with this module's import(), which resolves them alike.
cli.exports.lendImport((specifier) => import(specifier));

cli.exports.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // The build's warm-up run: the cache then holds every function the command compiled, not only the top level.
  if (process.env.PLAYBACK_WRITE_CODE_CACHE === '1') writeFileSync(cacheFile, script.createCachedData());
  // Everything is written: leave now instead of waiting out the runtime's teardown (20-30 ms of a
  // short command). Not while output is still queued (pipes are asynchronous on Windows).
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
});
