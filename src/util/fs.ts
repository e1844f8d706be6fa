// Small filesystem questions asked in several places.
import { statSync } from 'node:fs';

/** Whether `path` is a folder; false for anything missing or unreadable. */
export function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
