// The apply_patch envelope Codex CLI (and opencode's apply_patch tool) write:
//   *** Begin Patch
//   *** Add File: path        (+ lines: the whole new file)
//   *** Update File: path     (optional "*** Move to: path", then @@ hunks of ' ', '-', '+' lines)
//   *** Delete File: path
//   *** End Patch
// Parsed into one entry per file, each hunk as old text → new text.

export interface PatchHunk {
  oldText: string;
  newText: string;
}

export interface PatchedFile {
  op: 'add' | 'update' | 'delete';
  path: string;
  /** `*** Move to:` destination of an update. */
  moveTo?: string;
  /** Whole content of an added file. */
  content?: string;
  hunks: PatchHunk[];
  /** This file's part of the patch, as written. */
  text: string;
}

const BEGIN = '*** Begin Patch';
const END = '*** End Patch';

/** The first `*** Begin Patch … *** End Patch` envelope inside a text (a heredoc, a shell script), if any. */
export function findPatch(text: string): string | undefined {
  const start = text.indexOf(BEGIN);
  if (start === -1) return undefined;
  const end = text.indexOf(END, start);
  return end === -1 ? text.slice(start) : text.slice(start, end + END.length);
}

export function parsePatch(patch: string): PatchedFile[] {
  const files: PatchedFile[] = [];
  let file: PatchedFile | undefined;
  let hunk: { old: string[]; new: string[] } | undefined;
  let body: string[] = [];
  let added: string[] = [];
  const closeHunk = () => {
    if (file && hunk && (hunk.old.length || hunk.new.length)) file.hunks.push({ oldText: hunk.old.join('\n'), newText: hunk.new.join('\n') });
    hunk = undefined;
  };
  const closeFile = () => {
    closeHunk();
    if (!file) return;
    if (file.op === 'add') file.content = added.length ? `${added.join('\n')}\n` : '';
    file.text = body.join('\n');
    files.push(file);
    file = undefined;
    body = [];
    added = [];
  };
  for (const raw of patch.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const header = /^\*\*\* (Add|Update|Delete) File: (.+)$/.exec(line);
    if (header) {
      closeFile();
      const op = header[1] === 'Add' ? 'add' : header[1] === 'Update' ? 'update' : 'delete';
      file = { op, path: header[2]!.trim(), hunks: [], text: '' };
      body.push(line);
      continue;
    }
    if (line.startsWith(BEGIN) || line.startsWith(END)) continue;
    if (!file) continue;
    body.push(line);
    if (line.startsWith('*** Move to:')) {
      file.moveTo = line.slice('*** Move to:'.length).trim();
      continue;
    }
    if (line === '*** End of File') continue;
    if (file.op === 'add') {
      if (line.startsWith('+')) added.push(line.slice(1));
      continue;
    }
    if (file.op !== 'update') continue;
    if (line.startsWith('@@')) {
      closeHunk();
      hunk = { old: [], new: [] };
      continue;
    }
    hunk ??= { old: [], new: [] };
    if (line.startsWith('+')) hunk.new.push(line.slice(1));
    else if (line.startsWith('-')) hunk.old.push(line.slice(1));
    else {
      const context = line.startsWith(' ') ? line.slice(1) : line;
      hunk.old.push(context);
      hunk.new.push(context);
    }
  }
  closeFile();
  return files;
}
