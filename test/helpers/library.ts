// Library test material: small Claude Code transcripts written on the spot, the check that a
// kit folder is whole (manifest last, every part it lists present at its size, the MP4 playable),
// and a real redis-server on 127.0.0.1 and a free port.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { KitManifest } from '../../src/library/manifest.js';

export interface TranscriptSpec {
  id: string;
  title?: string;
  /** Prompts and replies, in turns. */
  turns: Array<{ prompt: string; reply: string }>;
  startedAt?: string;
}

/** A Claude Code transcript of plain user and assistant lines, as Claude Code writes them. */
export function claudeTranscript(spec: TranscriptSpec): string {
  const start = Date.parse(spec.startedAt ?? '2026-03-01T10:00:00Z');
  const lines: object[] = [];
  let parent: string | null = null;
  spec.turns.forEach((t, i) => {
    const base = { isSidechain: false, userType: 'external', cwd: '/tmp/project', sessionId: spec.id, version: '2.1.38' };
    const u = `u${i}-${spec.id}`;
    const a = `a${i}-${spec.id}`;
    lines.push({ ...base, parentUuid: parent, type: 'user', uuid: u, timestamp: new Date(start + i * 60_000).toISOString(), message: { role: 'user', content: t.prompt } });
    lines.push({
      ...base, parentUuid: u, type: 'assistant', uuid: a, timestamp: new Date(start + i * 60_000 + 20_000).toISOString(),
      message: { id: `msg_${i}${spec.id.slice(0, 6)}`, type: 'message', role: 'assistant', model: 'claude-opus-4-6', content: [{ type: 'text', text: t.reply }], usage: { input_tokens: 10, output_tokens: 20 } },
    });
    parent = a;
  });
  if (spec.title) lines.push({ type: 'custom-title', customTitle: spec.title, sessionId: spec.id });
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

export function writeTranscript(projectDir: string, spec: TranscriptSpec): string {
  mkdirSync(projectDir, { recursive: true });
  const path = join(projectDir, `${spec.id}.jsonl`);
  writeFileSync(path, claudeTranscript(spec));
  return path;
}

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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

/** redis-server on 127.0.0.1 and a free port, nothing saved to disk. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child: ChildProcess = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${log}`)), 15_000);
    child.stdout!.on('data', (c: Buffer) => {
      log += c.toString();
      if (/Ready to accept connections/i.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${log}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
