// Files that ship beside the code: package.json, fonts, the demo, the player bundle. Every module
// sits two folders below the package root (src/<stage>/x.ts, dist/<stage>/x.js, and the CLI
// bundle's dist/cli-bundle/x.js), so one relative URL finds the root from source and from builds.
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = new URL('../../', import.meta.url);

/** An absolute path to a file in the package, e.g. `packagePath('assets/fonts/')`. */
export function packagePath(relative: string): string {
  return fileURLToPath(new URL(relative, PACKAGE_ROOT));
}
