// The folder store's promise, in process: a kit lands whole or not at all, and a second commit
// of the same key (a job finished twice, e.g. by a worker thought dead) leaves the first in place.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../src/library/storage.js';
import { MANIFEST, type KitManifest } from '../src/library/manifest.js';
import { DEFAULT_KIT_OPTIONS } from '../src/library/kit-options.js';

const root = mkdtempSync(join(tmpdir(), 'playback-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function stageKit(store: FolderStore, id: string, key: string, video: string): string {
  const dir = store.stage(id);
  writeFileSync(join(dir, 'video.mp4'), video);
  const manifest: KitManifest = {
    id, key, renderer: 'test', options: DEFAULT_KIT_OPTIONS, parts: { mp4: { file: 'video.mp4', bytes: video.length } },
    meta: { title: id, kind: 'single', format: 'claude-code', participants: [], models: [], turns: 1, files: 0, length: 1, date: null, source: 'x', redactions: 0 },
    made: { at: new Date().toISOString(), host: 'h', pid: process.pid, seconds: 0 },
  };
  writeFileSync(join(dir, MANIFEST), JSON.stringify(manifest));
  return dir;
}

describe('the folder store', () => {
  it('writes a kit once per key, replaces it whole for a new key, and never shows a staged one', () => {
    const store = new FolderStore(root);
    const first = stageKit(store, 'kit-a', 'k1', 'first');
    expect(store.manifest('kit-a')).toBeUndefined();
    expect(store.commit('kit-a', first)).toBe('written');
    const again = stageKit(store, 'kit-a', 'k1', 'second');
    expect(store.commit('kit-a', again)).toBe('already');
    expect(existsSync(again)).toBe(false);
    expect(readFileSync(join(root, 'kit-a', 'video.mp4'), 'utf8')).toBe('first');

    const newer = stageKit(store, 'kit-a', 'k2', 'newer');
    expect(store.commit('kit-a', newer)).toBe('written');
    expect(readFileSync(join(root, 'kit-a', 'video.mp4'), 'utf8')).toBe('newer');
    expect(store.manifest('kit-a')!.key).toBe('k2');
    expect(store.list().map((m) => m.id)).toEqual(['kit-a']);
    expect(readdirSync(join(root, '.staging'))).toEqual([]);
    expect(readdirSync(join(root, '.trash'))).toEqual([]);
  });

  it('removes only the staging folders of processes that are gone', () => {
    const store = new FolderStore(root);
    const mine = store.stage('kit-b');
    const dead = join(root, '.staging', `kit-c~${hostname()}~999999~x`);
    mkdirSync(dead);
    expect(store.removeStale()).toBe(1);
    expect(existsSync(mine)).toBe(true);
    expect(existsSync(dead)).toBe(false);
  });
});
