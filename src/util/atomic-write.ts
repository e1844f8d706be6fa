// Atomic file writes: write beside the target, then rename, so a reader (or a killed process)
// never sees a half-written file. The temp name is unique per process and attempt, and carries
// the writer's pid, so a later write can tell a killed run's leftovers from a live run's file.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

let counter = 0;
const swept = new Set<string>();

/** The target's folder is missing: said in words, naming the folder, not the temp file. */
export class MissingFolderError extends Error {
  override name = 'MissingFolderError';
  constructor(readonly target: string, readonly folder: string) {
    super(`cannot write ${target}: the folder ${folder} does not exist (create it, or choose another -o path)`);
  }
}

/** A temp path in the same folder as `target` (rename is only atomic within one filesystem). */
export function tempPathFor(target: string): string {
  const folder = dirname(resolve(target));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new MissingFolderError(target, folder);
  if (!swept.has(resolve(target))) {
    swept.add(resolve(target));
    removeStaleTemps(target);
  }
  counter += 1;
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${counter}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process nobody has reaped yet (a zombie) still answers; on Linux, /proc tells.
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/**
 * Remove temp files a killed writer left beside `target` (`.<name>.tmp-<pid>-<n>`, with any
 * suffix such as a GIF's `.png` palette). Only those whose pid is not running are removed,
 * so a render still going in another process keeps its file. Returns the names removed.
 */
export function removeStaleTemps(target: string): string[] {
  const folder = dirname(target);
  const prefix = `.${basename(target)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = /^(\d+)-\d+(?:\.[A-Za-z0-9]+)?$/.exec(name.slice(prefix.length))?.[1];
    if (!pid || Number(pid) === process.pid || isRunning(Number(pid))) continue;
    rmSync(join(folder, name), { force: true });
    removed.push(name);
  }
  return removed;
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
