// Who wrote which line: a git-blame-style account of each file, replayed from the recorded
// writes, edits and patches. Owners are participant indexes; -1 marks text from before the session.
import type { FileChangeEvent } from '../recording/model.js';
import { highlight } from './highlight.js';
import type { FileVersion } from './model.js';

const WINDOW_LINES = 14;

interface FileState {
  text: string | undefined; // undefined: the file's content is not known (only patches seen)
  lines: string[];
  owners: number[];
  /** A whole-file write was seen: the content is known, not only what was changed. */
  whole: boolean;
  /** Lines written so far, over all changes. */
  written: number;
}

export interface BlameResult {
  version: Omit<FileVersion, 'time'>;
  /** Lines added or rewritten by this change. */
  linesWritten: number;
}

export class BlameTracker {
  private files = new Map<string, FileState>();

  apply(change: FileChangeEvent, owner: number, participantId: string): BlameResult {
    const state = this.files.get(change.relPath) ?? { text: undefined, lines: [], owners: [], whole: false, written: 0 };
    this.files.set(change.relPath, state);
    let changed: [number, number];
    if (change.op === 'write' && change.content !== undefined) {
      changed = rewrite(state, change.content, owner);
      state.whole = true;
    } else if (change.op === 'edit' && change.newString !== undefined) {
      changed = edit(state, change.oldString ?? '', change.newString, change.replaceAll ?? false, owner);
    } else if (change.patch) {
      changed = appendAdded(state, change.patch, owner);
    } else {
      changed = [0, 0]; // a patch part names the file only: it was touched, lines unknown
    }
    const from = Math.max(0, Math.min(changed[0], state.lines.length - WINDOW_LINES));
    state.written += changed[1] - changed[0];
    return {
      version: {
        lineCount: state.lines.length,
        owners: runs(state.owners),
        changed,
        window: { from, lines: highlight(state.lines.slice(from, from + WINDOW_LINES).join('\n'), extensionOf(change.relPath)) },
        participantId,
        ...(state.whole ? {} : { partial: true }),
        linesChanged: state.written,
      },
      linesWritten: changed[1] - changed[0],
    };
  }
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A whole-file write keeps the owners of the unchanged head and tail, like a minimal diff. */
function rewrite(state: FileState, content: string, owner: number): [number, number] {
  const next = splitLines(content);
  const prev = state.lines;
  let head = 0;
  while (head < prev.length && head < next.length && prev[head] === next[head]) head++;
  let tail = 0;
  while (tail < prev.length - head && tail < next.length - head && prev[prev.length - 1 - tail] === next[next.length - 1 - tail]) tail++;
  const owners = [
    ...state.owners.slice(0, head),
    ...new Array<number>(next.length - head - tail).fill(owner),
    ...state.owners.slice(prev.length - tail),
  ];
  state.text = content;
  state.lines = next;
  state.owners = owners;
  return [head, next.length - tail];
}

function edit(state: FileState, oldString: string, newString: string, replaceAll: boolean, owner: number): [number, number] {
  if (state.text === undefined) {
    // Edited a file written before the session: its content is unknown, so show the new text.
    state.text = '';
  }
  let text = state.text;
  let at = oldString ? text.indexOf(oldString) : -1;
  if (at < 0) {
    // The old text is not in what we know of the file: append the new text as a fragment.
    const sep = text && !text.endsWith('\n') ? '\n' : '';
    return rewriteRange(state, text.length, text.length, sep + newString, owner);
  }
  let first: [number, number] | undefined;
  let last: [number, number] = [0, 0];
  while (at >= 0) {
    last = rewriteRange(state, at, at + oldString.length, newString, owner);
    first ??= last;
    if (!replaceAll) break;
    text = state.text!;
    at = text.indexOf(oldString, at + newString.length);
  }
  return [first![0], Math.max(first![1], last[1])];
}

/** Replace characters [from, to) of the text; lines touched by the replacement get the new owner. */
function rewriteRange(state: FileState, from: number, to: number, insert: string, owner: number): [number, number] {
  const text = state.text ?? '';
  const next = text.slice(0, from) + insert + text.slice(to);
  const firstLine = lineOf(text, from);
  const oldLastLine = lineOf(text, to);
  const newLastLine = lineOf(next, from + insert.length);
  const nextLines = splitLines(next);
  const keepTail = state.owners.slice(oldLastLine + 1);
  const owners = [
    ...state.owners.slice(0, firstLine),
    ...new Array<number>(Math.max(0, newLastLine - firstLine + 1)).fill(owner),
    ...keepTail,
  ].slice(0, nextLines.length);
  while (owners.length < nextLines.length) owners.push(owner);
  state.text = next;
  state.lines = nextLines;
  state.owners = owners;
  return [firstLine, Math.min(nextLines.length, newLastLine + 1)];
}

function lineOf(text: string, index: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** For diff-like patches with unknown base text: the added lines are appended to what we know. */
function appendAdded(state: FileState, patch: string, owner: number): [number, number] {
  const added = patch
    .split('\n')
    .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
    .map((l) => l.slice(1));
  if (!added.length) return [0, 0];
  const start = state.lines.length;
  state.lines = [...state.lines, ...added];
  state.owners = [...state.owners, ...added.map(() => owner)];
  state.text = state.lines.join('\n') + '\n';
  return [start, state.lines.length];
}

function runs(owners: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const o of owners) {
    const last = out[out.length - 1];
    if (last && last[0] === o) last[1]++;
    else out.push([o, 1]);
  }
  return out;
}

function extensionOf(path: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(path);
  return m ? m[1]! : '';
}
