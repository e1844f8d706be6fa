// Entity identity files: `passenger.json` (name, role, outfit colour, avatar) in the entity's
// folder, `.<handle>/` or `<handle>/`. Searched in `--entities <dir>`, then the party
// workspace's `entities/`, then $HOME, the first found winning.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Warning } from '../recording/model.js';
import type { Passenger } from '../recording/identity.js';

export interface PassengerSearch {
  /** `--entities <dir>`. */
  entitiesDir?: string;
  /** The party workspace, whose `entities/` folder is searched second. */
  workspace?: string;
  /** Defaults to the user's home folder. */
  home?: string;
}

export interface PassengerLookup {
  passengers: Record<string, Passenger>;
  /** handle → the passenger.json used. */
  files: Record<string, string>;
  warnings: Warning[];
}

/** Avatars bigger than this are not inlined into every player and frame. */
const MAX_AVATAR_BYTES = 4 * 1024 * 1024;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function searchDirs(search: PassengerSearch): string[] {
  const dirs: string[] = [];
  if (search.entitiesDir) dirs.push(resolve(search.entitiesDir));
  if (search.workspace) dirs.push(join(resolve(search.workspace), 'entities'));
  dirs.push(search.home ?? homedir());
  return dirs;
}

/** The first `passenger.json` for a handle, in search order. */
export function findPassengerFile(handle: string, dirs: string[]): string | undefined {
  // A handle comes from text the model wrote: never let it walk out of the search folders.
  if (!/^[\p{L}\p{M}\p{N}_-][\p{L}\p{M}\p{N}_.-]*$/u.test(handle) || handle.includes('..')) return undefined;
  for (const dir of dirs) {
    for (const folder of [`.${handle}`, handle]) {
      const file = join(dir, folder, 'passenger.json');
      if (existsSync(file)) return file;
    }
  }
  return undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** The avatar as a data: URL, or a warning saying why there is none. */
function readAvatar(ref: string, entityDir: string, file: string): { avatar?: string; warning?: Warning } {
  if (ref.startsWith('data:image/')) return { avatar: ref };
  const path = isAbsolute(ref) ? ref : join(entityDir, ref);
  if (!existsSync(path)) return { warning: { message: `avatar ${ref} not found (looked at ${path}); a generated avatar is used`, file } };
  const size = statSync(path).size;
  if (size > MAX_AVATAR_BYTES) return { warning: { message: `avatar ${path} is ${Math.round(size / 1024)} KiB, over the 4 MiB limit; a generated avatar is used`, file } };
  const bytes = readFileSync(path);
  if (!bytes.subarray(0, 8).equals(PNG)) return { warning: { message: `avatar ${path} is not a PNG file; a generated avatar is used`, file } };
  return { avatar: `data:image/png;base64,${bytes.toString('base64')}` };
}

/** Read one passenger.json; bad JSON or fields become warnings. */
export function readPassenger(handle: string, file: string): { passenger?: Passenger; warnings: Warning[] } {
  let data: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    data = parsed as Record<string, unknown>;
  } catch (err) {
    return { warnings: [{ message: `passenger.json for ${handle} is unreadable (${(err as Error).message}); using a generated colour and avatar`, file }] };
  }
  const warnings: Warning[] = [];
  const passenger: Passenger = { handle };
  const name = str(data.name);
  if (name) passenger.name = name;
  const role = str(data.role);
  if (role) passenger.role = role;
  const outfit = data.outfit && typeof data.outfit === 'object' ? (data.outfit as Record<string, unknown>) : undefined;
  const h = num(outfit?.h);
  if (h !== undefined) passenger.outfit = { h, ...(num(outfit?.s) !== undefined ? { s: num(outfit?.s)! } : {}) };
  for (const key of ['hue', 'saturation', 'brightness'] as const) {
    const v = num(data[key]);
    if (v !== undefined) passenger[key] = v;
  }
  const visual = outfit?.visual && typeof outfit.visual === 'object' ? (outfit.visual as Record<string, unknown>) : undefined;
  const avatarRef = str(data.avatar) ?? str(visual?.avatar);
  if (avatarRef) {
    const { avatar, warning } = readAvatar(avatarRef, dirname(file), file);
    if (avatar) passenger.avatar = avatar;
    if (warning) warnings.push(warning);
  }
  return { passenger, warnings };
}

/** Look up every handle; a handle with no passenger.json anywhere gets a warning and no entry. */
export function lookupPassengers(handles: string[], search: PassengerSearch): PassengerLookup {
  const dirs = searchDirs(search);
  const out: PassengerLookup = { passengers: {}, files: {}, warnings: [] };
  for (const handle of handles) {
    const file = findPassengerFile(handle, dirs);
    if (!file) {
      out.warnings.push({
        message: `no passenger.json for ${handle} (looked in ${dirs.join(', ')}); using a generated colour and avatar`,
      });
      continue;
    }
    const { passenger, warnings } = readPassenger(handle, file);
    out.warnings.push(...warnings);
    if (passenger) {
      out.passengers[handle] = passenger;
      out.files[handle] = file;
    }
  }
  return out;
}
