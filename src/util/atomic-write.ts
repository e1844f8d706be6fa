// Atomic file writes: write beside the target, then rename, so a reader (or a killed process)
// never sees a half-written file. The temp name is unique per process and attempt.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/** A temp path in the same folder as `target` (rename is only atomic within one filesystem). */
export function tempPathFor(target: string): string {
  counter += 1;
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${counter}`);
}

export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  const tmp = tempPathFor(target);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Move a finished temp file into place. */
export function commitTemp(tmp: string, target: string): void {
  renameSync(tmp, target);
}
