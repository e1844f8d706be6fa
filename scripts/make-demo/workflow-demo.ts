// The workflow demo: one piece of work that leaves its first session, made with opencode's own
// features, offline. build writes notes and hands the session to plan (`--agent plan`), build
// sends an explore subagent (the task tool), the session is compacted (the server's
// `POST /session/:id/summarize`, what the TUI's /compact calls), and then it is forked twice
// (`opencode run --session <id> --fork`), each branch taking the work its own way.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPENCODE_BIN } from '../opencode-home.js';
import { writeFileAtomic } from '../../src/util/atomic-write.js';
import { ScriptedModelServer, type ScriptedRound } from './model-server.js';
import { exportSession, makeSandbox, runOpencode, sessionIdFrom, type Sandbox } from './opencode-runner.js';
import { EXAMPLES } from './workspace.js';

const MODEL = 'anthropic/claude-opus-4-6';
const PLAN_MODEL = 'xai/grok-4';

export const SUMMARY =
  'Summary: build wrote NOTES.md (tide heights for the harbour, one line per reading), plan ' +
  'reviewed it and asked for a units column, and explore found the readings live in data/tides.csv. ' +
  'Next: add the units column and decide between a table and a chart.';

interface Step {
  label: string;
  agent: string;
  model: string;
  prompt: string;
  rounds: ScriptedRound[];
}

/** A fork's one turn: build writes one file and says what it did. */
function branch(label: string, prompt: string, filePath: string, content: string, reply: string): Step {
  return { label, agent: 'build', model: MODEL, prompt, rounds: [{ calls: [{ tool: 'write', args: { filePath, content } }] }, { text: reply }] };
}

const steps = {
  write: {
    label: 'build writes the notes', agent: 'build', model: MODEL,
    prompt: 'Start NOTES.md for the tide readings: one line per reading, height in metres.',
    rounds: [
      { text: 'Writing the notes file first.', calls: [{ tool: 'write', args: { filePath: 'NOTES.md', content: '# Tide readings\n\n06:10 high 3.4\n12:25 low 0.6\n' } }] },
      { text: 'NOTES.md has two readings, one per line. Handing it to plan for a look.' },
    ],
  },
  plan: {
    label: 'plan reviews', agent: 'plan', model: PLAN_MODEL,
    prompt: 'Review NOTES.md and say what it lacks before we go on.',
    rounds: [
      { calls: [{ tool: 'read', args: { filePath: 'NOTES.md' }, expect: /06:10 high 3\.4/ }] },
      { text: 'The readings have no units column: 3.4 could be metres or feet. Add a units column, then find where the raw readings come from.' },
    ],
  },
  explore: {
    label: 'build sends explore', agent: 'build', model: MODEL,
    prompt: 'Find where the raw tide readings come from; use a subagent.',
    rounds: [
      { text: 'Sending explore to look.', calls: [{ tool: 'task', args: { description: 'Find the tide data', prompt: 'Find the file that holds the raw tide readings.', subagent_type: 'explore' } }] },
      // The subagent's own session asks next.
      { text: 'The raw readings are in data/tides.csv, one row per reading.' },
      { text: 'explore says the readings are in data/tides.csv.' },
    ],
  },
  table: branch('branch one: a table', 'Branch one: add the units column as a table.', 'NOTES.md',
    '# Tide readings\n\n| time | kind | height | units |\n|---|---|---|---|\n| 06:10 | high | 3.4 | m |\n| 12:25 | low | 0.6 | m |\n',
    'NOTES.md is a table now, with a units column.'),
  chart: branch('branch two: a chart', 'Branch two: keep the lines and draw a small chart instead.', 'CHART.txt',
    '3.4 m  ##########\n0.6 m  ##\n', 'CHART.txt draws the two readings as bars, in metres.'),
} satisfies Record<string, Step>;

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_DATE: '2026-04-10T00:00:00Z', GIT_COMMITTER_DATE: '2026-04-10T00:00:00Z' } });
}

async function turn(server: ScriptedModelServer, sandbox: Sandbox, cwd: string, step: Step, extra: string[]): Promise<string> {
  server.beginTurn({ label: step.label, opening: step.prompt, rounds: step.rounds });
  const args = ['run', '--format', 'json', '--agent', step.agent, '-m', step.model, ...extra];
  const started = Date.now();
  const result = await runOpencode(sandbox, cwd, args, step.prompt);
  server.endTurn();
  log(`workflow: ${step.label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (result.code !== 0 || server.failures.length > 0 || /"type"\s*:\s*"error"/.test(result.stdout)) {
    throw new Error(`workflow: ${step.label} went wrong (exit ${result.code}):\n${[...server.failures, result.stderr.slice(-2000), result.stdout.slice(-2000)].join('\n')}`);
  }
  const id = sessionIdFrom(result.stdout);
  if (!id) throw new Error(`workflow: no session id from ${step.label}`);
  return id;
}

/** opencode's own compaction: `opencode serve`, then the summarize route the TUI's /compact calls. */
async function compact(sandbox: Sandbox, cwd: string, sessionId: string): Promise<void> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(OPENCODE_BIN, ['serve', '--port', String(port), '--hostname', '127.0.0.1'], { cwd, env: sandbox.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  try {
    const base = `http://127.0.0.1:${port}`;
    // Ready once it says where it listens; asking earlier waits on its start-up.
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('workflow: opencode serve did not come up in 60 s')), 60_000);
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('listening')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('close', () => reject(new Error(`workflow: opencode serve ended early: ${out}`)));
    });
    const [providerID, modelID] = [MODEL.slice(0, MODEL.indexOf('/')), MODEL.slice(MODEL.indexOf('/') + 1)];
    const res = await fetch(`${base}/session/${sessionId}/summarize?directory=${encodeURIComponent(cwd)}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ providerID, modelID, auto: false }),
    });
    if (!res.ok) throw new Error(`workflow: summarize answered ${res.status}: ${await res.text()}`);
    log('workflow: compacted');
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  }
}

export async function makeWorkflowDemo(keep: boolean): Promise<string> {
  const root = join(tmpdir(), 'playback-demo', 'workflow');
  rmSync(root, { recursive: true, force: true });
  const project = join(root, 'harbour');
  mkdirSync(join(project, 'data'), { recursive: true });
  writeFileSync(join(project, 'data', 'tides.csv'), 'time,kind,height\n06:10,high,3.4\n12:25,low,0.6\n');
  git(project, 'init', '-q', '-b', 'main');
  git(project, 'config', 'user.name', 'koad');
  git(project, 'config', 'user.email', 'koad@ion.local');
  git(project, 'add', '.');
  git(project, 'commit', '-q', '-m', 'Tide data');
  const config = join(root, 'opencode.json');
  writeFileSync(config, JSON.stringify({ $schema: 'https://opencode.ai/config.json', model: MODEL, small_model: MODEL, permission: { edit: 'allow', bash: 'allow', webfetch: 'deny' } }, null, 2));
  const server = new ScriptedModelServer();
  server.sideText = SUMMARY;
  const port = await server.start();
  try {
    const sandbox = makeSandbox(join(root, 'opencode-state'), port, { anthropic: ['claude-opus-4-6'], xai: ['grok-4'] }, config);
    const main = await turn(server, sandbox, project, steps.write, ['--title', 'workflow: tide notes']);
    await turn(server, sandbox, project, steps.plan, ['--session', main]);
    await turn(server, sandbox, project, steps.explore, ['--session', main]);
    await compact(sandbox, project, main);
    const forkOne = await turn(server, sandbox, project, steps.table, ['--session', main, '--fork']);
    const forkTwo = await turn(server, sandbox, project, steps.chart, ['--session', main, '--fork']);
    const staging = join(EXAMPLES, `.workflow-demo.tmp-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const ids = [main, forkOne, forkTwo];
    // Each export is named with its session id too, so a reader finds a subagent's beside its parent.
    const names = ['main', 'fork-1', 'fork-2'];
    for (const [i, id] of ids.entries()) await exportSession(sandbox, project, id, join(staging, `${names[i]}-${id}.json`));
    // The subagent's session: the child of the main one.
    const exported = JSON.parse(readFileSync(join(staging, `main-${main}.json`), 'utf8')) as { messages: Array<{ parts: Array<{ tool?: string; state?: { metadata?: { sessionId?: string } } }> }> };
    const child = exported.messages.flatMap((m) => m.parts).find((p) => p.tool === 'task')?.state?.metadata?.sessionId;
    if (!child) throw new Error('workflow: the task call names no child session');
    await exportSession(sandbox, project, child, join(staging, `explore-${child}.json`));
    writeFileAtomic(join(staging, 'README.md'), readFileSync(new URL('./workflow-readme.md', import.meta.url), 'utf8'));
    const target = join(EXAMPLES, 'workflow-demo');
    if (existsSync(target)) rmSync(target, { recursive: true });
    renameSync(staging, target);
    return target;
  } finally {
    await server.close();
    if (!keep) rmSync(root, { recursive: true, force: true });
  }
}
