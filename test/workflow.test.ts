// Workflows across opencode sessions, on examples/workflow-demo (made by the real opencode CLI:
// an agent switch, a subagent, opencode's own compaction and two forks). The opencode-sessions
// plugin's relay, hand-off and compaction note are written into copies of the real exports in
// the shape the plugin leaves (its `session` tool part, "ID: ses_…" output, "Session via <agent>").
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPLORE, FORK1, FORK2, MAIN, DEMO, type RawExport } from './helpers/workflow-demo.js';
import { loadRecording } from '../src/prepare/index.js';
import type { Recording } from '../src/recording/model.js';
import { workflowTree } from '../src/recording/summary.js';
import { createNodeStage } from '../src/render/node-host.js';
import { timelineFor, type PromptCue, type Timeline } from '../src/timeline/index.js';
import { SUMMARY } from '../scripts/make-demo/workflow-demo.js';
import { playback, requireBuiltCli } from './helpers/cli.js';
import { makeOpencodeHome, opencodeImport, type OpencodeHome } from './helpers/opencode.js';
import { hexToRgb, near, type RGB } from './helpers/pixels.js';
import { HANDOFF, PLUGIN_NOTE, pluginExports } from './helpers/workflow-demo.js';

const raw = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as RawExport;
const idOf = (path: string) => raw(path).info.id;

/** The tree as a test reads it: link, label, depth, turns and who spoke each. */
const shape = (rec: Recording) => workflowTree(rec).map((n) => ({ link: n.link, label: n.label, depth: n.depth, from: n.from, speakers: n.speakers, copied: n.copiedMessages }));

const DEMO_TREE = [
  { link: 'start', label: 'workflow: tide notes', depth: 0, from: undefined, speakers: ['build', 'plan', 'build'], copied: undefined },
  { link: 'subagent', label: 'explore', depth: 1, from: 'workflow: tide notes', speakers: ['explore'], copied: undefined },
  { link: 'fork', label: 'fork 1 of 2', depth: 1, from: 'workflow: tide notes', speakers: ['build'], copied: 11 },
  { link: 'fork', label: 'fork 2 of 2', depth: 1, from: 'workflow: tide notes', speakers: ['build'], copied: 11 },
];

const work = mkdtempSync(join(tmpdir(), 'playback-workflow-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the workflow demo (real opencode: agent switch, subagent, compaction, forks)', () => {
  it('inspect --workflow prints the tree of the folder', async () => {
    requireBuiltCli();
    const text = await playback(['inspect', DEMO, '--workflow']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Workflow (4 sessions)');
    expect(text.stdout).toMatch(/└ fork of workflow: tide notes: fork 2 of 2 {2}ses_/);
    expect(text.stdout).toContain('1 turn by build, 11 copied messages not replayed');
    const json = await playback(['inspect', DEMO, '--workflow', '--json']);
    const parsed = JSON.parse(json.stdout) as { workflow: Array<{ sessionId: string; link: string }>; turns: number };
    expect(parsed.workflow.map((n) => [n.link, n.sessionId])).toEqual([
      ['start', idOf(MAIN)], ['subagent', idOf(EXPLORE)], ['fork', idOf(FORK1)], ['fork', idOf(FORK2)],
    ]);
    // 3 turns in the main session, 1 in each fork, 1 in the subagent: the copied prefixes are not counted again.
    expect(parsed.turns).toBe(6);
  });

  it('reads the same tree from the exports given together, starting from any of them', async () => {
    const rec = await loadRecording(FORK2, { workflow: true, alsoFiles: [EXPLORE, MAIN, FORK1], sessionId: idOf(FORK1) });
    expect(shape(rec)).toEqual(DEMO_TREE);
    expect(rec.sessions[0]!.id).toBe(idOf(MAIN));
  });

  it('says who spoke each turn, and shows the compaction as a compaction', async () => {
    const rec = await loadRecording(DEMO, { workflow: true });
    const main = rec.sessions[0]!;
    expect(main.turns.map((t) => [t.participantId, t.prompt?.text.slice(0, 20)])).toEqual([
      ['agent:build', 'Start NOTES.md for t'], ['agent:plan', 'Review NOTES.md and '], ['agent:build', 'Find where the raw t'],
    ]);
    const compaction = main.turns[2]!.events.filter((e) => e.kind === 'compaction');
    expect(compaction).toHaveLength(1);
    expect(compaction[0]).toMatchObject({ summary: SUMMARY, participantId: 'agent:build', auto: false });
    // The summary is no turn of prose.
    expect(main.turns[2]!.events.some((e) => e.kind === 'text' && e.text.includes('Summary:'))).toBe(false);
    const tl = await timelineFor(rec);
    const cards = tl.cues.filter((c) => c.kind === 'session');
    expect(cards.map((c) => [c.label, c.kind === 'session' && c.detail])).toEqual([
      ['→ fork 1 of 2', 'from workflow: tide notes · 11 copied messages not replayed'],
      ['→ fork 2 of 2', 'from workflow: tide notes · 11 copied messages not replayed'],
    ]);
    expect(tl.cues.filter((c) => c.kind === 'notice' && c.what === 'compaction')).toHaveLength(1);
    expect(tl.workflow!.spans.map((s) => tl.workflow!.nodes[s.node]!.label)).toEqual(['workflow: tide notes', 'fork 1 of 2', 'fork 2 of 2']);
    expect(tl.chapters.map((c) => c.entity)).toEqual(['build', 'plan', 'build', 'build', 'build']);
  });

  it('a fork read alone is its own work only', async () => {
    const rec = await loadRecording(FORK1);
    expect(rec.sessions).toHaveLength(1);
    expect(rec.sessions[0]!.origin).toEqual({ kind: 'fork', fork: 1, copiedMessages: 11 });
    expect(rec.sessions[0]!.turns.map((t) => t.prompt?.text)).toEqual(['Branch one: add the units column as a table.']);
    const tl = await timelineFor(rec);
    expect(tl.cues.find((c) => c.kind === 'session')?.label).toBe('→ fork #1');
  });

  it('shows the transition card and lights the playing session in the lineage strip', async () => {
    const tl = await timelineFor(await loadRecording(DEMO, { workflow: true }));
    const stage = await createNodeStage(tl, { width: 1280, height: 720 });
    const card = tl.cues.find((c) => c.kind === 'session')!;
    stage.draw((card.start + card.end) / 2);
    const png = join(work, 'card.png');
    writeFileSync(png, stage.png());
    const words = execFileSync('tesseract', [png, '-', '--psm', '6'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(words).toMatch(/fork 1 of 2/);
    expect(words).toMatch(/11 copied messages not replayed/);
    const forkBlue = hexToRgb('#7cc4fa');
    const litPixels = (t: number): number => {
      stage.draw(t);
      const data = stage.ctx.getImageData(0, 18, 1280, 40).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (near([data[i]!, data[i + 1]!, data[i + 2]!] as RGB, forkBlue, 10)) n++;
      return n;
    };
    const span = (label: string) => tl.workflow!.spans.find((s) => tl.workflow!.nodes[s.node]!.label === label)!;
    const inMain = (span('workflow: tide notes').start + span('workflow: tide notes').end) / 2;
    const inFork = span('fork 2 of 2').end - 1;
    // A stray antialiased pixel or two, not a lit pill.
    expect(litPixels(inMain)).toBeLessThan(20);
    expect(litPixels(inFork)).toBeGreaterThan(300);
  }, 60_000);
});

describe('the opencode-sessions plugin: relay, hand-off, compaction note', () => {
  let paths: { main: string; handoff: string };
  let rec: Recording;
  let tl: Timeline;
  beforeAll(async () => {
    paths = pluginExports(work);
    rec = await loadRecording(paths.main, { workflow: true, alsoFiles: [paths.handoff, EXPLORE] });
    tl = await timelineFor(rec);
  });

  it('follows the hand-off by the id in the tool output', () => {
    expect(shape(rec)).toEqual([
      { link: 'start', label: 'workflow: tide notes', depth: 0, from: undefined, speakers: ['build', 'plan', 'build'], copied: undefined },
      { link: 'subagent', label: 'explore', depth: 1, from: 'workflow: tide notes', speakers: ['explore'], copied: undefined },
      { link: 'hand-off', label: 'Session via plan', depth: 1, from: 'workflow: tide notes', speakers: ['plan'], copied: undefined },
    ]);
    expect(tl.cues.filter((c) => c.kind === 'session').map((c) => c.label)).toEqual(['→ Session via plan (hand-off)']);
    // Its first prompt is the text build gave the session tool.
    const handoff = rec.sessions.find((s) => s.id === HANDOFF)!;
    expect(handoff.turns[0]!.prompt).toMatchObject({ from: 'agent:build', text: 'Review the branches' });
  });

  it('a relayed message is the sending agent speaking, handed over to the next', () => {
    const turn = rec.sessions[0]!.turns[1]!;
    expect(turn.participantId).toBe('agent:plan');
    expect(turn.prompt?.from).toBe('agent:build');
    const prompt = tl.cues.find((c): c is PromptCue => c.kind === 'prompt' && c.chapter === 1)!;
    expect(prompt.from).toBe('agent:build');
    expect(tl.cues.filter((c) => c.kind === 'conch').map((c) => c.label)).toContain('build hands over to plan');
    // The user's own prompts stay the user's.
    expect(rec.sessions[0]!.turns[0]!.prompt?.from).toBeUndefined();
  });

  it('the compaction note is a note in the turn it ends, not a turn', () => {
    const main = rec.sessions[0]!;
    expect(main.turns).toHaveLength(3);
    expect(main.turns[2]!.events.filter((e) => e.kind === 'text' && e.note === PLUGIN_NOTE)).toHaveLength(1);
    expect(tl.cues.filter((c) => c.kind === 'notice' && c.label.includes('Session will compact'))).toHaveLength(1);
  });
});

describe('a workflow in a real opencode database (`opencode import` of the demo exports)', () => {
  let home: OpencodeHome;
  let db: string;
  beforeAll(async () => {
    home = makeOpencodeHome();
    db = await opencodeImport(home, [MAIN, EXPLORE, FORK1, FORK2]);
  }, 900_000);
  afterAll(() => home?.remove());

  it('finds the tree from a fork, through the database', async () => {
    requireBuiltCli();
    const out = await playback(['inspect', db, '--session', idOf(FORK2), '--workflow', '--json']);
    expect(out.code).toBe(0);
    const rec = await loadRecording(db, { sessionId: idOf(FORK2), workflow: true });
    expect(shape(rec)).toEqual(DEMO_TREE);
    expect((JSON.parse(out.stdout) as { workflow: unknown[] }).workflow).toHaveLength(4);
  });
});
