// The page `playback export` writes, as the built CLI writes it: its Content-Security-Policy
// must allow exactly the script and the style it inlines (the hashes are taken when the
// bundle is built), or the browser would show a blank page.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { playback, REPO, requireBuiltCli } from './helpers/cli.js';

const temp = mkdtempSync(join(tmpdir(), 'playback-export-page-'));
beforeAll(() => requireBuiltCli());
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

it('allows by hash exactly the inline script and style, and nothing else', async () => {
  const out = join(temp, 'demo.html');
  const r = await playback(['export', join(REPO, 'examples', 'party-demo'), '-o', out], { cwd: temp });
  expect(r.code).toBe(0);
  const html = readFileSync(out, 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!;
  const directive = (name: string): string => csp.split('; ').find((d) => d.startsWith(`${name} `))!.slice(name.length + 1);
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
  expect(scripts).toHaveLength(1);
  expect(styles).toHaveLength(1);
  expect(directive('script-src')).toBe(sha256(scripts[0]!));
  expect(directive('style-src')).toBe(sha256(styles[0]!));
  expect(directive('default-src')).toBe("'none'");
});
