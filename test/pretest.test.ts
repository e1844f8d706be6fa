// scripts/pretest.mjs, run as `npm test` runs it, on a PATH holding only some of the programs
// the tests need: the real ones where present (symlinked), and none of the rest.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from './helpers/cli.js';

const SCRIPT = join(REPO, 'scripts', 'pretest.mjs');
const TOOLS = ['ffmpeg', 'ffprobe', 'tesseract', 'redis-server'];
const which = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A PATH folder with the real programs named, and nothing else. */
function pathWith(names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'playback-pretest-'));
  dirs.push(dir);
  for (const name of names) symlinkSync(which(name), join(dir, name));
  return dir;
}

function pretest(path: string) {
  return spawnSync(process.execPath, [SCRIPT], { env: { PATH: path }, encoding: 'utf8' });
}

describe('pretest', () => {
  it('is silent and exits 0 when every program is there', () => {
    const r = pretest(pathWith(TOOLS));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('without ffmpeg and no apt-get: exit 1 and one line naming it and the command to run', () => {
    const r = pretest(pathWith(TOOLS.filter((t) => t !== 'ffmpeg')));
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('npm test needs ffmpeg: install them (on Debian: `apt-get install -y chromium ffmpeg tesseract-ocr tesseract-ocr-eng redis-server`), then `npm test` again.');
  });

  it('names every missing program at once', () => {
    const r = pretest(pathWith(['ffprobe']));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^npm test needs ffmpeg, tesseract \(eng\), redis-server: /);
  });

  // As root beside apt-get, it installs. The apt-get here records its calls and, on install,
  // links the real ffmpeg in, as the package would; the script must then find it.
  it.runIf(process.getuid?.() === 0)('as root with apt-get: apt-get update, then a quiet noninteractive install, then checks again', () => {
    const dir = pathWith(TOOLS.filter((t) => t !== 'ffmpeg'));
    const log = join(dir, 'apt.log');
    writeFileSync(join(dir, 'apt-get'), `#!/bin/sh\necho "$DEBIAN_FRONTEND $*" >> ${log}\n[ "$1" = install ] && /bin/ln -s ${which('ffmpeg')} ${join(dir, 'ffmpeg')}\nexit 0\n`);
    chmodSync(join(dir, 'apt-get'), 0o755);
    const r = pretest(dir);
    expect(r.status).toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toEqual(['npm test needs ffmpeg: installing chromium ffmpeg tesseract-ocr tesseract-ocr-eng redis-server with apt-get.']);
    expect(readFileSync(log, 'utf8').trimEnd().split('\n')).toEqual([
      'noninteractive update -qq',
      'noninteractive install -y -qq --no-install-recommends chromium ffmpeg tesseract-ocr tesseract-ocr-eng redis-server',
    ]);
    expect(existsSync(join(dir, 'ffmpeg'))).toBe(true);
  });

  it.runIf(process.getuid?.() === 0)('as root, when apt-get fails: exit 1 naming the command to run by hand', () => {
    const dir = pathWith(TOOLS.filter((t) => t !== 'redis-server'));
    writeFileSync(join(dir, 'apt-get'), '#!/bin/sh\nexit 100\n');
    chmodSync(join(dir, 'apt-get'), 0o755);
    const r = pretest(dir);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n').pop()).toBe('`apt-get update -qq` failed (exit 100): run `apt-get install -y chromium ffmpeg tesseract-ocr tesseract-ocr-eng redis-server` by hand, then `npm test` again.');
  });
});
