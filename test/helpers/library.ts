// Library test and bench material: small Claude Code transcripts written on the spot, and a real
// redis-server on 127.0.0.1 and a free port. No vitest here, so bench:library can use it too.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

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
