#!/usr/bin/env node
// Before `npm test`: the programs the tests run for real (headless Chromium, ffmpeg/ffprobe,
// tesseract with English, redis-server). Missing ones are installed with apt when this is root
// on Debian; otherwise the run stops with the one command that installs them.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const CHROMIUM = '/usr/bin/chromium';
const APT_PACKAGES = ['chromium', 'ffmpeg', 'tesseract-ocr', 'tesseract-ocr-eng', 'redis-server'];

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The program's path on PATH, or undefined. */
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function tesseractHasEnglish() {
  const tesseract = onPath('tesseract');
  if (!tesseract) return false;
  const r = spawnSync(tesseract, ['--list-langs'], { encoding: 'utf8' });
  return /^eng$/m.test(`${r.stdout}\n${r.stderr}`);
}

/** What is missing, as names a user recognises. */
function missingTools() {
  const missing = [];
  if (!executable(CHROMIUM)) missing.push(CHROMIUM);
  for (const name of ['ffmpeg', 'ffprobe']) if (!onPath(name)) missing.push(name);
  if (!tesseractHasEnglish()) missing.push('tesseract (eng)');
  if (!onPath('redis-server')) missing.push('redis-server');
  return missing;
}

const installCommand = `apt-get install -y ${APT_PACKAGES.join(' ')}`;
let missing = missingTools();
if (missing.length > 0) {
  const apt = onPath('apt-get');
  const root = process.getuid?.() === 0;
  if (!apt || !root) {
    const how = apt ? `run \`sudo ${installCommand}\`` : `install them (on Debian: \`${installCommand}\`)`;
    console.error(`npm test needs ${missing.join(', ')}: ${how}, then \`npm test\` again.`);
    process.exit(1);
  }
  console.error(`npm test needs ${missing.join(', ')}: installing ${APT_PACKAGES.join(' ')} with apt-get.`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...APT_PACKAGES]]) {
    const r = spawnSync(apt, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) {
      console.error(`\`apt-get ${args.join(' ')}\` failed (exit ${r.status ?? r.signal}): run \`${installCommand}\` by hand, then \`npm test\` again.`);
      process.exit(1);
    }
  }
  missing = missingTools();
  if (missing.length > 0) {
    console.error(`still missing after apt-get: ${missing.join(', ')}: run \`${installCommand}\`, then \`npm test\` again.`);
    process.exit(1);
  }
}
