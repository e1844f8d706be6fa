// The check that a library's kit folders are whole: a manifest naming the kit (written last),
// every part it lists present at its size, the MP4 decodable at the asked size.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { KitManifest } from '../../src/library/manifest.js';

export function ffprobe(file: string): { width: number; height: number; duration: number; codec: string } {
  const out = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height:format=duration', '-of', 'json', file], { encoding: 'utf8' })) as {
    streams: Array<{ codec_name: string; width: number; height: number }>; format: { duration: string };
  };
  const s = out.streams[0]!;
  return { width: s.width, height: s.height, duration: Number(out.format.duration), codec: s.codec_name };
}

/** The kit folders of a library (hidden folders are its staging areas). */
export function kitFolders(dir: string): string[] {
  return readdirSync(dir).filter((n) => !n.startsWith('.') && statSync(join(dir, n)).isDirectory()).sort();
}

/** Every kit folder is whole: a manifest naming itself, each part present at its size, the MP4 decodable. */
export function expectWholeKits(dir: string, size: { width: number; height: number }): KitManifest[] {
  return kitFolders(dir).map((id) => {
    const manifestPath = join(dir, id, 'manifest.json');
    expect(existsSync(manifestPath), `${id} has a manifest`).toBe(true);
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as KitManifest;
    expect(m.id).toBe(id);
    for (const part of Object.values(m.parts)) expect(statSync(join(dir, id, part!.file)).size, `${id}/${part!.file}`).toBe(part!.bytes);
    if (m.parts.mp4) {
      const probe = ffprobe(join(dir, id, m.parts.mp4.file));
      expect(probe).toMatchObject({ codec: 'h264', ...size });
      expect(probe.duration).toBeGreaterThan(0.5);
    }
    return m;
  });
}


/**
 * Wait until a render is in flight in the library (its video's temp file in a staging folder,
 * of the given process when `pid` is set): the kit it belongs to and the rendering process.
 */
export async function renderInFlight(out: string, timeoutMs: number, pid?: number): Promise<{ id: string; pid: number } | undefined> {
  const staging = join(out, '.staging');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const name of existsSync(staging) ? readdirSync(staging) : []) {
      const [id, , owner] = name.split('~');
      if (pid !== undefined && Number(owner) !== pid) continue;
      let files: string[] = [];
      try {
        files = readdirSync(join(staging, name));
      } catch {
        // committed or dropped meanwhile
      }
      if (files.some((f) => f.startsWith('.video.mp4.tmp'))) return { id: id!, pid: Number(owner) };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}
