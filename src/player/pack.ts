// A smaller encoding of the timeline for the page: syntax-highlighted lines, which dominate
// long sessions ({"text":…,"color":…} per token), become [text, palette index] pairs. Less to
// inflate and to parse before the first frame. Browser-safe; pack on export, unpack on load.
import type { Cue, FileTrack, TextBlock, Timeline, TokenLine } from '../timeline/model.js';

type PackedRun = [string, number];
type PackedLine = PackedRun[];

export interface PackedTimeline {
  /** Colours of the highlighted runs, indexed by the packed runs. */
  palette: string[];
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
  const packBlocks = (blocks: TextBlock[]): TextBlock[] =>
    blocks.map((b) => (b.type === 'code' ? ({ ...b, lines: packLines(b.lines) } as unknown as TextBlock) : b));
  const cues = timeline.cues.map((c): Cue => ('blocks' in c ? ({ ...c, blocks: packBlocks(c.blocks) } as Cue) : c));
  const files = timeline.files.map(
    (f): FileTrack => ({
      ...f,
      versions: f.versions.map((v) => ({ ...v, window: { ...v.window, lines: packLines(v.window.lines) as unknown as TokenLine[] } })),
    }),
  );
  return { palette, timeline: { ...timeline, cues, files } };
}

/** Restore the timeline in place (the packed copy is not used again). */
export function unpackTimeline(packed: PackedTimeline): Timeline {
  const { palette, timeline } = packed;
  const unpackLines = (lines: TokenLine[]): TokenLine[] =>
    (lines as unknown as PackedLine[]).map((line) => line.map(([text, i]) => ({ text, color: palette[i] ?? '#e6edf3' })));
  for (const cue of timeline.cues) {
    if ('blocks' in cue) for (const b of cue.blocks) if (b.type === 'code') b.lines = unpackLines(b.lines);
  }
  for (const f of timeline.files) for (const v of f.versions) v.window.lines = unpackLines(v.window.lines);
  return timeline;
}
