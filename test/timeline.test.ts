// The timeline on the demo parties, on a Claude Code session the test writes, and on real
// sessions when the samples are there: durations known up front, cues that tile the time without
// overlap, chapters per turn, pacing options that do what they say, and blame that follows
// who wrote which line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRecording } from '../src/prepare/index.js';
import type { FileChangeEvent, Recording } from '../src/recording/model.js';
import { BlameTracker } from '../src/timeline/blame.js';
import { tags, type Tag } from '@lezer/highlight';
import { CODE_FOREGROUND, colourOfStyle } from '../src/timeline/code-colours.js';
import { codeTheme } from '../src/timeline/code-theme.js';
import { highlight, loadLanguages } from '../src/timeline/highlight.js';
import { buildTimeline, chapterAt, cueAt, filesAt, languagesOf, resolveTime, timelineFor, type Timeline, type ToolCue } from '../src/timeline/index.js';
import { writeSession } from './helpers/claude-code-transcript.js';
import { DEMO_EXPORT, VIOLATIONS_EXPORT } from './helpers/demo.js';
import { itSamples, sample } from './helpers/samples.js';

const ROOT_EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
const written = mkdtempSync(join(tmpdir(), 'playback-timeline-'));
afterAll(() => rmSync(written, { recursive: true, force: true }));
/** A Claude Code session with a subagent, a file written and idle gaps of 6 and 20 s. */
const SUBAGENT = writeSession(written).main;
const SESSIONS = [SUBAGENT, DEMO_EXPORT, VIOLATIONS_EXPORT];
const SAMPLE_SESSIONS = [
  ['claude-code', 'spotter', 'subagent.jsonl'],
  ['claude-code', 'spotter', 'tool_heavy.jsonl'],
  ['claude-code', 'spotter', '8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl'],
  ['opencode', 'session__curious-sailor__ses_39b7f9e89ffe7J0WzLzYrUt4eW.json'],
  ['opencode', 'session__silent-nebula__ses_39b2e52e8ffeokU5mBDCeUvc8t.json'],
];

function expectWellFormed(tl: Timeline, rec: Recording): void {
  expect(tl.cues[0]!.kind).toBe('title');
  expect(tl.cues[tl.cues.length - 1]!.kind).toBe('end');
  expect(tl.cues[0]!.start).toBe(0);
  for (let i = 1; i < tl.cues.length; i++) {
    // Each cue starts where the one before ended: no gap, no overlap.
    expect(tl.cues[i]!.start).toBeCloseTo(tl.cues[i - 1]!.end, 2);
    expect(tl.cues[i]!.end).toBeGreaterThan(tl.cues[i]!.start);
  }
  expect(tl.duration).toBeCloseTo(tl.cues[tl.cues.length - 1]!.end, 2);
  expect(tl.chapters).toHaveLength(rec.sessions[0]!.turns.length);
  for (const ch of tl.chapters) {
    const mid = (ch.start + ch.end) / 2;
    expect(chapterAt(tl, mid)?.turn).toBe(ch.turn);
    const cue = cueAt(tl, mid)!;
    expect(cue.chapter).toBe(ch.turn);
  }
}

async function checkTiling(path: string): Promise<void> {
  const rec = await loadRecording(path);
  const tl = buildTimeline(rec);
  expectWellFormed(tl, rec);
  // Paced, not real: a session of minutes or hours plays within a watchable bound.
  const recorded = (rec.end - rec.start) / 1000;
  expect(tl.duration).toBeLessThan(Math.max(60, recorded) + 60 * 60);
  // Every tool call of the root session that is not shown as a file write has a cue.
  const rootTools = rec.sessions[0]!.turns.flatMap((t) => t.events).filter((e) => e.kind === 'tool');
  const fileCalls = new Set(rec.sessions[0]!.turns.flatMap((t) => t.events).flatMap((e) => (e.kind === 'file-change' && e.callId ? [e.callId] : [])));
  const expected = rootTools.filter((e) => e.kind === 'tool' && (!fileCalls.has(e.callId) || e.status === 'error')).length;
  // A call a guest answers plays as its call and, after the guest's work, its result: one call.
  // A run of lookups is one card; each of its calls is an item on it.
  const toolCues = tl.cues
    .filter((c): c is ToolCue => c.kind === 'tool' && c.phase !== 'result' && tl.participants.find((p) => p.id === c.participantId)?.kind !== 'guest')
    .reduce((n, c) => n + (c.items?.length ?? 1), 0);
  expect(toolCues).toBe(expected);
}

describe('buildTimeline', () => {
  for (const path of SESSIONS) it(`tiles ${path.split('/').slice(-2).join('/')} into chapters and cues`, () => checkTiling(path));
  for (const parts of SAMPLE_SESSIONS) itSamples(`tiles the real ${parts.at(-1)} into chapters and cues`, () => checkTiling(sample(...parts)));

  it('halves the duration at --speed 2', async () => {
    const rec = await loadRecording(SUBAGENT);
    const normal = buildTimeline(rec);
    const fast = buildTimeline(rec, { speed: 2 });
    expect(fast.duration).toBeCloseTo(normal.duration / 2, 1);
  });

  it('compresses idle gaps in real-time mode to --max-idle', async () => {
    const rec = await loadRecording(SUBAGENT);
    const tl = buildTimeline(rec, { realTime: true, maxIdle: 1.5 });
    const long = tl.cues.filter((c) => c.kind !== 'title' && c.kind !== 'end' && c.kind !== 'conch' && c.end - c.start > 1.5 + 1e-6);
    expect(long).toEqual([]);
    const recorded = (rec.end - rec.start) / 1000;
    expect(tl.duration).toBeLessThan(recorded);
  });

  it('brings a subagent on stage as a guest while its task runs', async () => {
    const rec = await loadRecording(SUBAGENT);
    const tl = buildTimeline(rec);
    const taskCue = tl.cues.find((c) => c.kind === 'tool' && c.guestId);
    expect(taskCue).toBeDefined();
    const guest = tl.participants.find((p) => p.id === (taskCue as { guestId: string }).guestId)!;
    expect(guest.kind).toBe('guest');
    const guestCues = tl.cues.filter((c) => c.participantId === guest.id);
    expect(guestCues.length).toBeGreaterThan(0);
    expect(guest.enter).toBeCloseTo(guestCues[0]!.start, 2);
    expect(guest.exit).toBeCloseTo(guestCues[guestCues.length - 1]!.end, 2);
  });

  it('resolves turn:N and seconds for --at/--from', async () => {
    const tl = buildTimeline(await loadRecording(SUBAGENT));
    expect(resolveTime(tl, 'turn:2')).toBe(tl.chapters[1]!.start);
    expect(resolveTime(tl, '3.5')).toBe(3.5);
    expect(resolveTime(tl, 'turn:99')).toBeUndefined();
    expect(resolveTime(tl, 'soon')).toBeUndefined();
  });

  it('colours models as the user config says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'playback-config-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ models: { '*claude-opus*': { color: '#ff2200', label: 'Big O' } } }));
    process.env.PLAYBACK_CONFIG = config;
    try {
      const tl = buildTimeline(await loadRecording(SUBAGENT));
      const opus = tl.models.find((m) => m.id.includes('opus'))!;
      expect(opus).toMatchObject({ color: '#ff2200', label: 'Big O' });
    } finally {
      delete process.env.PLAYBACK_CONFIG;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('highlights code in the languages the session uses', async () => {
    const rec = await loadRecording(`${fileURLToPath(new URL('../examples/party-demo', import.meta.url))}`);
    expect([...languagesOf(rec)]).toEqual(expect.arrayContaining(['md', 'mjs']));
    const tl = await timelineFor(rec);
    const source = tl.files.find((f) => f.path.endsWith('.mjs'))!;
    const colours = new Set(source.versions[0]!.window.lines.flat().map((tok) => tok.color));
    // A JavaScript module in one colour would mean the grammar never loaded.
    expect(colours.size).toBeGreaterThan(3);
  });

  it('colours keywords, strings and comments alike in parsed and stream-mode languages', async () => {
    await loadLanguages(['ts', 'tsx', 'rs', 'py', 'sh', 'sql']);
    const colourOf = (code: string, tag: string, text: string): string | undefined =>
      highlight(code, tag).flat().find((run) => run.text.includes(text))?.color;
    const samples: Array<[tag: string, code: string, keyword: string, string: string, comment: string]> = [
      // Lezer's parsers.
      ['tsx', 'const a = "hi"; // note', 'const', '"hi"', '// note'],
      ['rs', 'fn f() -> &str { "hi" } // note', 'fn', '"hi"', '// note'],
      // Stream modes.
      ['py', 'def f(): return "hi"  # note', 'def', '"hi"', '# note'],
      ['ts', 'const a = "hi"; // note', 'const', '"hi"', '// note'],
      ['sh', 'if true; then echo "hi"; fi # note', 'if', '"hi"', '# note'],
      ['sql', "SELECT 'hi' FROM t; -- note", 'SELECT', "'hi'", '-- note'],
    ];
    for (const [tag, code, keyword, string, comment] of samples) {
      const colours = [colourOf(code, tag, keyword), colourOf(code, tag, string), colourOf(code, tag, comment)];
      expect(colours, tag).toEqual(['#f97583', '#9ecbff', '#6a737d']);
    }
    // A language with no parser comes back as plain text, line by line.
    expect(highlight('defmodule X do\nend', 'ex')).toEqual([[{ text: 'defmodule X do', color: CODE_FOREGROUND }], [{ text: 'end', color: CODE_FOREGROUND }]]);
  });

  it('paints every stream-mode style in the colour Lezer\'s highlighter gives its tag', () => {
    // CodeMirror 5's style words, as CodeMirror 6's StreamLanguage maps them to tags.
    const legacy: Record<string, string> = {
      variable: 'variableName', 'variable-2': 'variableName.special', 'string-2': 'string.special',
      def: 'variableName.definition', tag: 'tagName', attribute: 'attributeName', type: 'typeName',
      builtin: 'variableName.standard', qualifier: 'modifier', error: 'invalid', header: 'heading', property: 'propertyName',
    };
    const lezerColour = (style: string): string => {
      const found: Tag[] = [];
      for (const word of style.split(' ')) {
        const [base, ...modifiers] = (legacy[word] ?? word).split('.');
        const tag = tags[base as keyof typeof tags];
        if (!tag || typeof tag === 'function') continue;
        found.push(modifiers.reduce<Tag>((t, m) => {
          const modify = tags[m as keyof typeof tags];
          return typeof modify === 'function' ? modify(t) : t;
        }, tag));
      }
      const classes = codeTheme.style(found) ?? '';
      return classes.slice(classes.lastIndexOf(' ') + 1) || CODE_FOREGROUND;
    };
    const names = Object.keys(tags) as Array<keyof typeof tags>;
    const bases = names.filter((n) => typeof tags[n] !== 'function');
    const modifiers = names.filter((n) => typeof tags[n] === 'function');
    const styles = [
      ...Object.keys(legacy), ...bases, 'bracket', 'hr', 'link', 'strong', 'em', 'unknown-word',
      ...bases.flatMap((b) => modifiers.map((m) => `${b}.${m}`)),
      'tag bracket', 'string keyword', 'keyword unknown-word', 'variable-2 def',
    ];
    expect(styles.length).toBeGreaterThan(500);
    for (const style of styles) expect(colourOfStyle(style), style).toBe(lezerColour(style));
  });

  it('flags on each badge exactly the protocol violations planted in that turn', async () => {
    const root = fileURLToPath(new URL('../examples/party-demo-violations/', import.meta.url));
    const planted = JSON.parse(readFileSync(`${root}planted.json`, 'utf8')) as Array<{ kind: string; turn: number }>;
    const tl = buildTimeline(await loadRecording(root));
    const label: Record<string, RegExp> = {
      unsigned: /^unsigned$/, 'incomplete-provenance': /^no (time|host|user|model)$/, 'no-sign-out': /^no sign-out$/,
      'entity-mismatch': /^entity mismatch$/, 'model-mismatch': /^model mismatch$/, 'not-in-primer': /^not in PRIMER$/,
    };
    for (const ch of tl.chapters) {
      const kinds = planted.filter((p) => p.turn === ch.turn + 1).map((p) => p.kind);
      expect(ch.badge.party).toBe(true);
      expect(ch.badge.flags.length, `turn ${ch.turn + 1}: ${ch.badge.flags.join(', ')}`).toBe(kinds.length);
      kinds.forEach((kind) => expect(ch.badge.flags.some((f) => label[kind]!.test(f)), `turn ${ch.turn + 1} ${kind}`).toBe(true));
    }
    expect(buildTimeline(await loadRecording(`${ROOT_EXAMPLES}party-demo`)).chapters.every((c) => c.badge.flags.length === 0)).toBe(true);
  });

  it('shows a file in the panel from the moment it is written', async () => {
    const tl = buildTimeline(await loadRecording(SUBAGENT));
    const fileCue = tl.cues.find((c) => c.kind === 'file')!;
    expect(filesAt(tl, fileCue.start - 0.01)).toHaveLength(0);
    expect(filesAt(tl, fileCue.start)).toHaveLength(1);
  });
});

describe('BlameTracker', () => {
  const change = (over: Partial<FileChangeEvent>): FileChangeEvent => ({
    kind: 'file-change', id: 'x', sessionId: 's', time: 0, participantId: 'p', path: '/w/a.js', relPath: 'a.js', op: 'write', ...over,
  });

  it('keeps the owner of lines another entity did not touch', () => {
    const blame = new BlameTracker();
    blame.apply(change({ content: 'one\ntwo\nthree\n' }), 0, 'entity:juno');
    const r = blame.apply(change({ op: 'edit', oldString: 'two', newString: 'TWO\ntwo-and-a-half' }), 1, 'entity:iris');
    expect(r.version.owners).toEqual([[0, 1], [1, 2], [0, 1]]);
    expect(r.version.lineCount).toBe(4);
    expect(r.version.changed).toEqual([1, 3]);
    expect(r.linesWritten).toBe(2);
  });

  it('credits only the changed middle of a whole-file rewrite', () => {
    const blame = new BlameTracker();
    blame.apply(change({ content: 'a\nb\nc\nd\n' }), 0, 'entity:juno');
    const r = blame.apply(change({ content: 'a\nB\nC\nd\n' }), 2, 'entity:alice');
    expect(r.version.owners).toEqual([[0, 1], [2, 2], [0, 1]]);
  });

  it('replaces every occurrence with replaceAll', () => {
    const blame = new BlameTracker();
    blame.apply(change({ content: 'x\ny\nx\n' }), 0, 'entity:juno');
    const r = blame.apply(change({ op: 'edit', oldString: 'x', newString: 'z', replaceAll: true }), 1, 'entity:iris');
    expect(r.version.owners).toEqual([[1, 1], [0, 1], [1, 1]]);
    expect(r.version.window.lines.map((l) => l.map((tok) => tok.text).join(''))).toEqual(['z', 'y', 'z']);
  });

  it('shows an edit to a file it never saw as the new text', () => {
    const r = new BlameTracker().apply(change({ op: 'edit', oldString: 'old', newString: 'new line' }), 3, 'agent:claude');
    expect(r.version.lineCount).toBe(1);
    expect(r.version.owners).toEqual([[3, 1]]);
  });
});
