#!/usr/bin/env node
// Entry point: the bundled CLI lives in dist/cli-bundle/ (built by `npm install` via the prepare script).
// `playback timeline x | head`: the reader has what it wanted; stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
const { main } = await import('../dist/cli-bundle/main.js');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // Everything is written: leave now instead of waiting out the runtime's teardown (20-30 ms of a
  // short command). Not while output is still queued (pipes are asynchronous on Windows).
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
});
