// A smaller, faster-to-load encoding of the timeline for the page:
// - syntax-highlighted lines ({"text":…,"color":…} per token) become [text, palette index];
// - the heavy parts (a cue's text blocks, a file version's preview window) are embedded as
//   JSON strings and parsed on first use, so opening a long session builds only what the
//   first frame reads;
// - preview windows point into one table of distinct lines, since versions of a file share most.
// Browser-safe; pack on export, unpack on load.
import type { Cue, FileTrack, FileVersion, TextBlock, Timeline, TokenLine } from '../timeline/model.js';

type PackedRun = [string, number];
type PackedLine = PackedRun[];

export interface PackedTimeline {
  /** Colours of the highlighted runs, indexed by the packed runs. */
  palette: string[];
  /**
   * Every distinct line of the files' preview windows, each a packed line as JSON. Successive
   * versions of a file share most of their lines, so windows hold indexes into this table.
   */
  lineTable: string[];
  /** The timeline with `blocks` and `window` replaced by `blocksJson` and `windowJson`. */
  timeline: Timeline;
}

export function packTimeline(timeline: Timeline): PackedTimeline {
  const palette: string[] = [];
  const index = new Map<string, number>();
  const packLines = (lines: TokenLine[]): PackedLine[] =>
    lines.map((line) =>
      line.map((run) => {
        let i = index.get(run.color);
        if (i === undefined) {
          i = palette.push(run.color) - 1;
          index.set(run.color, i);
        }
        return [run.text, i] as PackedRun;
      }),
    );
  const packBlocks = (blocks: TextBlock[]): unknown[] => blocks.map((b) => (b.type === 'code' ? { ...b, lines: packLines(b.lines) } : b));
  const cues = timeline.cues.map((c): Cue => {
    if (!('blocks' in c)) return c;
    const { blocks, ...rest } = c;
    return { ...rest, blocksJson: JSON.stringify(packBlocks(blocks)) } as unknown as Cue;
  });
  const lineTable: string[] = [];
  const lineIndex = new Map<string, number>();
  const tableRow = (line: PackedLine): number => {
    const json = JSON.stringify(line);
    let i = lineIndex.get(json);
    if (i === undefined) {
      i = lineTable.push(json) - 1;
      lineIndex.set(json, i);
    }
    return i;
  };
  const files = timeline.files.map(
    (f): FileTrack => ({
      ...f,
      versions: f.versions.map((v) => {
        const { window, ...rest } = v;
        const rows = packLines(window.lines).map(tableRow);
        return { ...rest, windowJson: JSON.stringify({ from: window.from, rows }) } as unknown as FileVersion;
      }),
    }),
  );
  return { palette, lineTable, timeline: { ...timeline, cues, files } };
}

/** Replace `jsonKey` by a property `key` parsed (and unpacked) the first time it is read. */
function lazyProperty(target: Record<string, unknown>, jsonKey: string, key: string, decode: (raw: unknown) => unknown): void {
  const json = target[jsonKey];
  if (typeof json !== 'string') return;
  delete target[jsonKey];
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = decode(JSON.parse(json));
      Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
      return value;
    },
    set(value: unknown) {
      Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
    },
  });
}

/** Restore the timeline in place (the packed copy is not used again). */
export function unpackTimeline(packed: PackedTimeline): Timeline {
  const { palette, lineTable, timeline } = packed;
  const unpackLine = (line: PackedLine): TokenLine => line.map(([text, i]) => ({ text, color: palette[i] ?? '#e6edf3' }));
  const unpackLines = (lines: PackedLine[]): TokenLine[] => lines.map(unpackLine);
  const tableLines = new Map<number, TokenLine>();
  const tableLine = (row: number): TokenLine => {
    let line = tableLines.get(row);
    if (!line) {
      line = unpackLine(JSON.parse(lineTable[row] ?? '[]') as PackedLine);
      tableLines.set(row, line);
    }
    return line;
  };
  const decodeBlocks = (raw: unknown): TextBlock[] =>
    (raw as TextBlock[]).map((b) => (b.type === 'code' ? { ...b, lines: unpackLines(b.lines as unknown as PackedLine[]) } : b));
  const decodeWindow = (raw: unknown): FileVersion['window'] => {
    const w = raw as { from: number; rows: number[] };
    return { from: w.from, lines: w.rows.map(tableLine) };
  };
  for (const cue of timeline.cues) lazyProperty(cue as unknown as Record<string, unknown>, 'blocksJson', 'blocks', decodeBlocks);
  for (const f of timeline.files) for (const v of f.versions) lazyProperty(v as unknown as Record<string, unknown>, 'windowJson', 'window', decodeWindow);
  return timeline;
}
