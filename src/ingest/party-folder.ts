// Party folders: `<workspace>/.koad-io/parties/<name>/` with PRIMER.md (the party card),
// `session` (the opencode session id) and, here or beside it, an export of that session.
// Without an export, the session is read from the opencode database.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { PartyInfo, PartyMember, Recording, Warning } from '../recording/model.js';
import type { ReadOptions } from './index.js';
import { InputError } from './errors.js';
import { readHead } from './head.js';
import { defaultOpencodeDb } from './opencode-db-path.js';
import { isDir } from '../util/fs.js';
import { escapeRegExp } from '../util/text.js';

export interface PartyFolderEntry {
  folder: string;
  name: string;
  title: string;
  sessionId?: string;
  /** Handles in join order. */
  participants: string[];
  date?: string;
}

const SESSION_ID = /\bses_[A-Za-z0-9]+\b/;

/** A folder is a party folder when it holds a PRIMER.md or a `session` file. */
export function isPartyFolder(dir: string): boolean {
  return existsSync(join(dir, 'PRIMER.md')) || existsSync(join(dir, 'session'));
}


function partiesIn(partiesDir: string): string[] {
  if (!isDir(partiesDir)) return [];
  return readdirSync(partiesDir)
    .sort()
    .map((name) => join(partiesDir, name))
    .filter((dir) => isDir(dir) && isPartyFolder(dir));
}

/** The workspace of a `.koad-io/parties/<name>` folder, when it sits in one. */
export function partyWorkspace(folder: string): string | undefined {
  const parties = dirname(resolve(folder));
  const koad = dirname(parties);
  return basename(parties) === 'parties' && basename(koad) === '.koad-io' ? dirname(koad) : undefined;
}

/** `<none>`, empty and `-` mean "not given". */
function value(raw: string | undefined): string | undefined {
  const v = raw?.trim();
  return !v || /^<?none>?$/i.test(v) || v === '-' ? undefined : v;
}

/** Parse PRIMER.md (markdown, no front-matter). `name` is the folder name. */
export function parsePrimer(text: string, name: string, folder?: string): PartyInfo {
  const info: PartyInfo = { name, title: name, participants: [] };
  if (folder) info.folder = folder;
  const field = (label: string) =>
    value(new RegExp(`^\\s*[-*]\\s*\\*\\*${label}:?\\*\\*:?\\s*(.*)$`, 'im').exec(text)?.[1]);
  const title = value(/^#\s*Party:\s*(.+)$/im.exec(text)?.[1]);
  if (title) info.title = title;
  const starter = field('Started by');
  if (starter) info.starter = starter.toLowerCase();
  const date = field('Date');
  if (date) info.date = date;
  const session = field('Session');
  if (session) info.sessionId = SESSION_ID.exec(session)?.[0] ?? session;
  const topic = field('Topic');
  if (topic) info.topic = topic;
  const directory = field('Directory');
  if (directory) info.directory = directory;

  const section = /^##\s*Participants\s*$([\s\S]*?)(?=^#{1,2}\s|(?![\s\S]))/im.exec(text)?.[1] ?? '';
  for (const line of section.split('\n')) {
    const m = /^\s*[-*]\s+(\S+)\s*(?:\((.*)\))?\s*$/.exec(line);
    if (!m) continue;
    const handle = m[1]!.replace(/^\*+|\*+$/g, '').toLowerCase();
    const note = m[2]?.trim() ?? '';
    const member: PartyMember = { handle, starter: /^starter\b/i.test(note) };
    const joined = /^joined\s+(.+)$/i.exec(note)?.[1];
    if (joined) member.joined = joined.trim();
    if (!info.participants.some((p) => p.handle === handle)) info.participants.push(member);
  }
  if (!info.starter) info.starter = info.participants.find((p) => p.starter)?.handle;
  if (info.starter === undefined) delete info.starter;
  return info;
}

/** The session id in a party folder's `session` file. */
function readSessionFile(folder: string): string | undefined {
  const file = join(folder, 'session');
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  return SESSION_ID.exec(text)?.[0] ?? value(text.split('\n')[0]);
}

/** Read a party folder's card; a missing PRIMER.md leaves the folder name as title. */
export function readPartyInfo(folder: string, warnings: Warning[] = []): PartyInfo {
  const primer = join(folder, 'PRIMER.md');
  const name = basename(resolve(folder));
  let info: PartyInfo;
  if (existsSync(primer)) {
    info = parsePrimer(readFileSync(primer, 'utf8'), name, folder);
  } else {
    warnings.push({ message: 'no PRIMER.md in the party folder: no title, topic or participant list', file: folder });
    info = { name, title: name, participants: [], folder };
  }
  const fromFile = readSessionFile(folder);
  if (fromFile && info.sessionId && fromFile !== info.sessionId) {
    warnings.push({ message: `PRIMER.md names session ${info.sessionId} but the session file names ${fromFile}; using the session file`, file: join(folder, 'session') });
  }
  if (fromFile) info.sessionId = fromFile;
  return info;
}

/**
 * Every party under `root`: `root` itself, `root/.koad-io/parties/*`, `root/parties/*`
 * (root being a `.koad-io`), and the parties of workspaces one level below `root`.
 */
const SEARCH_DEPTH = 3;
const MAX_FOLDERS_PER_LEVEL = 2000;

export function findPartyFolders(root: string): PartyFolderEntry[] {
  const folders: string[] = [];
  const add = (dirs: string[]) => {
    for (const d of dirs) if (!folders.includes(d)) folders.push(d);
  };
  const abs = resolve(root);
  if (isPartyFolder(abs)) add([abs]);
  add(partiesIn(join(abs, '.koad-io', 'parties')));
  add(partiesIn(join(abs, 'parties')));
  if (basename(abs) === 'parties') add(partiesIn(abs));
  // Workspaces a few folders down (e.g. examples/party-demo from a repository's root), without
  // wandering into dependencies or hidden folders.
  let level = isDir(abs) ? [abs] : [];
  for (let depth = 0; depth < SEARCH_DEPTH && level.length; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      let children: string[] = [];
      try {
        children = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
      } catch {
        children = [];
      }
      for (const child of children.sort()) {
        if (child === 'node_modules' || child.startsWith('.')) continue;
        add(partiesIn(join(dir, child, '.koad-io', 'parties')));
        next.push(join(dir, child));
      }
    }
    level = next.slice(0, MAX_FOLDERS_PER_LEVEL);
  }
  return folders.map((folder) => {
    const info = readPartyInfo(folder);
    const entry: PartyFolderEntry = { folder, name: info.name, title: info.title, participants: info.participants.map((p) => p.handle) };
    if (info.sessionId) entry.sessionId = info.sessionId;
    if (info.date) entry.date = info.date;
    return entry;
  });
}

/** The party folder a `<source>` folder stands for: the party itself, or the only party of a workspace. */
export function resolvePartyFolder(dir: string): string {
  if (isPartyFolder(dir)) return dir;
  const candidates = [...partiesIn(join(dir, '.koad-io', 'parties')), ...(basename(resolve(dir)) === 'parties' ? partiesIn(dir) : []), ...partiesIn(join(dir, 'parties'))];
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    throw new InputError(
      `this workspace holds ${candidates.length} parties: ${candidates.map((c) => basename(c)).join(', ')}`,
      dir,
      undefined,
      `Name one: ${candidates.map((c) => c).join('  or  ')}`,
    );
  }
  throw new InputError('not a party folder: no PRIMER.md or session file, and no .koad-io/parties/ inside', dir, undefined,
    'Give a session file, a party folder (.koad-io/parties/<name>), or run `playback list`.');
}


/** An export of `sessionId` in the party folder, beside it (`parties/`), or in the workspace root. */
export function findExport(folder: string, sessionId: string): string | undefined {
  const places = [folder, dirname(resolve(folder))];
  const workspace = partyWorkspace(folder);
  if (workspace) places.push(workspace);
  for (const place of places) {
    let names: string[];
    try {
      names = readdirSync(place).filter((n) => n.endsWith('.json')).sort();
    } catch {
      continue;
    }
    // `export.json` and files named after the session first: the likely ones.
    names.sort((a, b) => score(b, sessionId) - score(a, sessionId));
    for (const name of names) {
      const path = join(place, name);
      if (!statSync(path).isFile()) continue;
      const text = readHead(path).toString('utf8');
      if (/^\uFEFF?\s*\{\s*"(?:info|messages)"\s*:/.test(text) && new RegExp(`"id"\\s*:\\s*"${escapeRegExp(sessionId)}"`).test(text)) return path;
    }
  }
  return undefined;
}

function score(name: string, sessionId: string): number {
  return (name === 'export.json' ? 2 : 0) + (name.includes(sessionId) ? 1 : 0);
}

export async function readPartySource(
  dir: string,
  options: ReadOptions,
  readFile: (path: string, options: ReadOptions) => Promise<Recording>,
): Promise<Recording> {
  const folder = resolvePartyFolder(dir);
  const warnings: Warning[] = [];
  const party = readPartyInfo(folder, warnings);
  const sessionId = options.sessionId ?? party.sessionId;
  if (!sessionId) {
    throw new InputError('the party names no session: no session file and no **Session:** in PRIMER.md', folder, undefined,
      'Write the opencode session id (ses_...) into the session file.');
  }
  const exported = findExport(folder, sessionId);
  let rec: Recording;
  if (exported) {
    rec = await readFile(exported, { ...options, sessionId });
  } else {
    const db = defaultOpencodeDb();
    if (!existsSync(db)) {
      throw new InputError(`session ${sessionId} not found: no export of it in or beside the party folder, and no opencode database at ${db}`, folder, undefined,
        `Export it: opencode export ${sessionId} > ${join(folder, 'export.json')}`);
    }
    rec = await readFile(db, { ...options, sessionId });
  }
  const root = rec.sessions.find((s) => !s.parentId) ?? rec.sessions[0];
  if (root && root.id !== sessionId) {
    warnings.push({ message: `the party names session ${sessionId}, but the export holds ${root.id}`, file: exported ?? folder });
  }
  rec.party = party;
  rec.warnings.push(...warnings);
  return rec;
}
