// A sealed home for the real opencode CLI: every XDG folder, HOME and TMPDIR inside one folder,
// and nothing that would start a network fetch (see shared docs: opencode-offline.md). Used by
// the demo generator and by the tests that build real opencode databases.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const OPENCODE_BIN = new URL('../node_modules/.bin/opencode', import.meta.url).pathname;

export interface SealedHome {
  /** Environment for opencode processes (and for readers that look up $XDG_DATA_HOME). */
  env: NodeJS.ProcessEnv;
  /** `$XDG_CONFIG_HOME/opencode`: where global opencode.json goes. */
  configDir: string;
  /** `$XDG_DATA_HOME/opencode/opencode.db`. */
  dbPath: string;
}

export function sealOpencodeHome(root: string): SealedHome {
  const dirs = {
    HOME: join(root, 'home'),
    XDG_DATA_HOME: join(root, 'data'),
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_CACHE_HOME: join(root, 'cache'),
    XDG_STATE_HOME: join(root, 'state'),
    // Each opencode process unpacks a shared library into TMPDIR.
    TMPDIR: join(root, 'tmp'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  // With a plugin folder that already looks installed, opencode starts no `npm install`.
  const configDir = join(dirs.XDG_CONFIG_HOME, 'opencode');
  mkdirSync(join(configDir, 'node_modules', '@opencode-ai', 'plugin'), { recursive: true });
  writeFileSync(join(configDir, 'package.json'), JSON.stringify({ dependencies: { '@opencode-ai/plugin': '*' } }));
  writeFileSync(
    join(configDir, 'package-lock.json'),
    JSON.stringify({
      name: 'opencode-config',
      lockfileVersion: 3,
      requires: true,
      packages: { '': { dependencies: { '@opencode-ai/plugin': '*' } }, 'node_modules/@opencode-ai/plugin': { version: '0.0.0' } },
    }),
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    ...dirs,
    OPENCODE_DISABLE_SHARE: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
    OPENCODE_DISABLE_CLAUDE_CODE: '1',
    OPENCODE_DISABLE_EXTERNAL_SKILLS: '1',
  };
  return { env, configDir, dbPath: join(dirs.XDG_DATA_HOME, 'opencode', 'opencode.db') };
}
