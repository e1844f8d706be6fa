// The `playback` CLI as a user runs it: bin/playback.cjs on the built bundle in dist/, in a subprocess.
// Tests do not build: `npm test` builds first; run `npm run build` before a single test file.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The executable users run (`playback` in package.json's bin). */
export const BIN = join(REPO, 'bin', 'playback.cjs');
const DIST_MAIN = join(REPO, 'dist', 'cli-bundle', 'main.cjs');

export interface CliResult {
  /** The exit code: 0 ok, 1 findings or failure, 2 bad usage. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Text written to the CLI's stdin. Without it stdin is empty, so a read of `-` ends at once. */
  input?: string;
  /**
   * Variables for the run, set over this process's environment (or instead of it, see
   * `inheritEnv`). PLAYBACK_DEBUG is cleared unless given here: tests check what users see.
   */
  env?: NodeJS.ProcessEnv;
  /** false: the run sees `env` and nothing else, e.g. a sealed HOME with no stray CLAUDE_CONFIG_DIR. */
  inheritEnv?: boolean;
  /** Working folder; the repository root unless given. */
  cwd?: string;
  /** Milliseconds before the run is killed and the call rejects; 60 s unless given. */
  timeoutMs?: number;
}

/**
 * Fails at once, naming the fix, when dist/ is missing (the CLI under test would be absent),
 * and warns when a file in src/ is newer than the build (the run would test old code).
 * Call it in `beforeAll`, before any costly setup.
 */
export function requireBuiltCli(): void {
  if (!existsSync(DIST_MAIN)) {
    throw new Error(`${relative(REPO, DIST_MAIN)} is missing: run \`npm run build\` (or \`npm test\`, which builds first) before these tests.`);
  }
  const built = statSync(DIST_MAIN).mtimeMs;
  const newer = newestSource(join(REPO, 'src'));
  if (newer && newer.mtimeMs > built) {
    console.warn(`warning: ${relative(REPO, newer.path)} changed after the last build; these tests run dist/. Run \`npm run build\` to test the current source.`);
  }
}

function newestSource(dir: string): { path: string; mtimeMs: number } | undefined {
  let newest: { path: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    const { mtimeMs } = statSync(path);
    if (!newest || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
  }
  return newest;
}

/**
 * Runs `playback <args>` as a real subprocess and resolves once it exits. Asynchronous, so the
 * test worker stays responsive (and runs can overlap with Promise.all). Rejects, with what the
 * run printed, when it outlives the timeout or dies from a signal: neither is an exit code a
 * user could see.
 */
export function playback(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const { input, cwd = REPO, timeoutMs = 60_000, inheritEnv = true } = options;
  const env = inheritEnv ? { ...process.env, PLAYBACK_DEBUG: '', ...options.env } : { ...options.env };
  const command = `playback ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // A CLI that exits without reading its stdin closes the pipe: that is not the test's failure.
    child.stdin.on('error', () => {});
    child.stdin.end(input);

    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);

    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const out = Buffer.concat(stdout).toString('utf8');
      const err = Buffer.concat(stderr).toString('utf8');
      if (code === null) {
        const why = timedOut ? `did not exit within ${timeoutMs} ms` : `was killed by ${signal}`;
        reject(new Error(`${command} ${why}\n--- stdout ---\n${out}\n--- stderr ---\n${err}`));
        return;
      }
      resolve({ code, stdout: out, stderr: err });
    });
  });
}

/**
 * `main()` from src/ in this process, for tests that need the CLI beside other in-process state
 * (a browser page, a timeline) and no exit code from a real process. Output is captured, not
 * printed. It cannot feed stdin: use `playback()` for `-` and for exit codes as users see them.
 */
export async function runMain(args: string[]): Promise<CliResult> {
  const { main } = await import('../../src/cli/main.js');
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  // Decoded as a stream, so a character split across two writes stays whole.
  out.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  err.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  // main() takes any writable stream; its parameter types are those of its process defaults.
  const code = await main(args, out as unknown as typeof process.stdout, err as unknown as typeof process.stderr);
  return { code, stdout, stderr };
}
