// The storage step: where finished kits go. A kit is made in a local staging folder and handed to
// a KitStore, which puts it in place whole or not at all. The local folder store is below; an
// S3-compatible store is one more module implementing the same interface (upload the staged
// files, then the manifest last, since its presence is what marks a kit complete).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { MANIFEST, parseManifest, type KitManifest } from './manifest.js';
import { processAlive } from '../util/process.js';

export interface KitStore {
  /** Where the kits go, for messages. */
  readonly location: string;
  /** The manifest of the kit in place, if there is a whole one. */
  manifest(id: string): KitManifest | undefined;
  /** Every whole kit in the store. */
  list(): KitManifest[];
  /** A new, empty local folder to write one kit's files into. */
  stage(id: string): string;
  /**
   * Put a staged kit in place (its manifest already written in it). 'already' when a kit with the
   * same key is in place: the staged copy is dropped, so a kit is written once.
   */
  commit(id: string, staged: string): 'written' | 'already';
  /** Drop a staged folder (a failed or interrupted job). */
  discard(staged: string): void;
  /** Remove staging folders left by processes that were killed. Returns how many. */
  removeStale(): number;
  /** Write a file beside the kits (the gallery, library.json), atomically. */
  writeIndex(name: string, data: string): void;
}

const STAGING = '.staging';
const TRASH = '.trash';
const LOCKS = '.locks';
/** Staging folders of other hosts older than this are taken as abandoned. */
const FOREIGN_STALE_MS = 24 * 3600_000;
const LOCK_STALE_MS = 120_000;

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Kits as folders `<dir>/<id>/`, shared by every process (and machine) that mounts `<dir>`. */
export class FolderStore implements KitStore {
  private readonly host = hostname();
  private counter = 0;

  constructor(readonly location: string) {
    mkdirSync(join(location, STAGING), { recursive: true });
  }

  manifest(id: string): KitManifest | undefined {
    try {
      return parseManifest(readFileSync(join(this.location, id, MANIFEST), 'utf8'));
    } catch {
      return undefined;
    }
  }

  list(): KitManifest[] {
    const out: KitManifest[] = [];
    for (const name of readdirSync(this.location).sort()) {
      if (name.startsWith('.')) continue;
      const m = this.manifest(name);
      if (m && m.id === name) out.push(m);
    }
    return out;
  }

  stage(id: string): string {
    this.counter += 1;
    // Host and pid in the name tell removeStale whose it is.
    const dir = join(this.location, STAGING, `${id}~${this.host}~${process.pid}~${Date.now().toString(36)}${this.counter}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  commit(id: string, staged: string): 'written' | 'already' {
    const stagedManifest = parseManifest(readFileSync(join(staged, MANIFEST), 'utf8'));
    if (!stagedManifest) throw new Error(`${staged}: the staged kit has no readable manifest`);
    const release = this.lock(id);
    try {
      const target = join(this.location, id);
      if (this.manifest(id)?.key === stagedManifest.key) {
        this.discard(staged);
        return 'already';
      }
      if (existsSync(target)) {
        // The old kit leaves in one rename and the new one arrives in another: in between the kit
        // is absent, never half old and half new.
        const trash = join(this.location, TRASH, `${id}~${process.pid}~${Date.now()}`);
        mkdirSync(join(this.location, TRASH), { recursive: true });
        renameSync(target, trash);
        renameSync(staged, target);
        rmSync(trash, { recursive: true, force: true });
      } else {
        renameSync(staged, target);
      }
      return 'written';
    } finally {
      release();
    }
  }

  discard(staged: string): void {
    rmSync(staged, { recursive: true, force: true });
  }

  removeStale(): number {
    let removed = 0;
    for (const area of [STAGING, TRASH]) {
      const dir = join(this.location, area);
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        const [, host, pid] = name.split('~');
        const path = join(dir, name);
        const mine = host === this.host;
        let stale = mine ? !processAlive(Number(pid)) : false;
        if (!mine) {
          try {
            stale = Date.now() - statSync(path).mtimeMs > FOREIGN_STALE_MS;
          } catch {
            stale = false;
          }
        }
        if (area === TRASH) stale = stale || host === undefined;
        if (stale) {
          rmSync(path, { recursive: true, force: true });
          removed++;
        }
      }
    }
    return removed;
  }

  writeIndex(name: string, data: string): void {
    writeFileAtomic(join(this.location, name), data);
  }

  /** One committer per kit at a time, across processes: a lock file made with O_EXCL. */
  private lock(id: string): () => void {
    mkdirSync(join(this.location, LOCKS), { recursive: true });
    const path = join(this.location, LOCKS, `${id}.lock`);
    for (let tries = 0; ; tries++) {
      try {
        writeFileSync(path, `${this.host} ${process.pid}\n`, { flag: 'wx' });
        return () => rmSync(path, { force: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        this.breakStaleLock(path);
        if (tries > 2000) throw new Error(`${path}: the kit stays locked by another process; remove the file if none is running`);
        sleepSync(5);
      }
    }
  }

  private breakStaleLock(path: string): void {
    try {
      const [host, pid] = readFileSync(path, 'utf8').trim().split(' ');
      const old = Date.now() - statSync(path).mtimeMs > LOCK_STALE_MS;
      if ((host === this.host && !processAlive(Number(pid))) || old) rmSync(path, { force: true });
    } catch {
      // gone already
    }
  }
}

