// Runs the real opencode CLI fully isolated: every bit of its state lives under one folder,
// auto-update, sharing, model lists, plugins and downloads are off, and its only provider
// endpoint is the scripted server on 127.0.0.1.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPENCODE_BIN, sealOpencodeHome } from '../opencode-home.js';


export interface Sandbox {
  root: string;
  env: NodeJS.ProcessEnv;
}

/** The provider ids to point at the local server, and the model ids each one serves. */
export type ProviderModels = Record<string, string[]>;

export function makeSandbox(root: string, port: number, providers: ProviderModels, partyConfig: string): Sandbox {
  const sealed = sealOpencodeHome(root);

  // The offline provider wiring is machine config, kept apart from the party's own config.
  const baseURL = `http://127.0.0.1:${port}/v1`;
  const provider: Record<string, unknown> = {};
  for (const [id, models] of Object.entries(providers)) {
    provider[id] = {
      npm: '@ai-sdk/openai-compatible',
      options: { baseURL, apiKey: 'local' },
      models: Object.fromEntries(models.map((m) => [m, {}])),
    };
  }
  const globalConfig = {
    $schema: 'https://opencode.ai/config.json',
    autoupdate: false,
    share: 'disabled',
    lsp: false,
    formatter: false,
    enabled_providers: Object.keys(providers),
    provider,
  };
  writeFileSync(join(sealed.configDir, 'opencode.json'), JSON.stringify(globalConfig, null, 2));

  const env: NodeJS.ProcessEnv = { ...sealed.env, LANG: 'C.UTF-8', TERM: 'dumb', NO_COLOR: '1', OPENCODE_CONFIG: partyConfig };
  return { root, env };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runOpencode(
  sandbox: Sandbox,
  cwd: string,
  args: string[],
  stdin: string,
  timeoutMs = 180_000,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // Own process group, so a hung run can be ended with everything it started, by its id.
    const child = spawn(OPENCODE_BIN, args, { cwd, env: sandbox.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`opencode ${args[0]} timed out after ${timeoutMs} ms\n${stderr.slice(-2000)}`));
      else resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

/**
 * `opencode export <id>`, written straight to a file: a large export read through a pipe can
 * come back cut short when the process exits before the pipe drains.
 */
export async function exportSession(sandbox: Sandbox, cwd: string, sessionId: string, target: string): Promise<string> {
  const fd = openSync(target, 'w');
  const result = await new Promise<RunResult>((resolve, reject) => {
    const child = spawn(OPENCODE_BIN, ['export', sessionId], { cwd, env: sandbox.env, stdio: ['ignore', fd, 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: '', stderr }));
  }).finally(() => closeSync(fd));
  if (result.code !== 0) throw new Error(`opencode export ${sessionId} failed (exit ${result.code}):\n${result.stderr.slice(-2000)}`);
  const text = readFileSync(target, 'utf8');
  JSON.parse(text);
  return text;
}

/** The session id from `opencode run --format json` event lines. */
export function sessionIdFrom(stdout: string): string | undefined {
  for (const line of stdout.split('\n')) {
    const match = /"sessionID"\s*:\s*"(ses_[A-Za-z0-9]+)"/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}
