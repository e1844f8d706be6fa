// examples/workflow-demo's exports, and copies of them in the shapes the opencode-sessions
// plugin leaves: its `session` tool part (mode "message" relaying to plan, mode "new" with the
// "ID: ses_…" output), a "Session via plan" hand-off session, and its compaction note.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './cli.js';

export const DEMO = join(REPO, 'examples/workflow-demo');
const file = (prefix: string) => join(DEMO, readdirSync(DEMO).find((f) => f.startsWith(`${prefix}-ses_`))!);
export const MAIN = file('main');
export const FORK1 = file('fork-1');
export const FORK2 = file('fork-2');
export const EXPLORE = file('explore');

export interface RawExport {
  info: Record<string, unknown> & { id: string; title: string; time: { created: number; updated: number } };
  messages: Array<{ info: Record<string, unknown> & { id: string; role: string; agent?: string; time: { created: number } }; parts: Array<Record<string, unknown>> }>;
}
const raw = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as RawExport;

export const HANDOFF = 'ses_dc0d00000ffeSessionViaPlan01';
export const PLUGIN_NOTE = '[Session will compact. The build agent will continue]';

/** main with a relay to plan, a "new" hand-off and the plugin's compaction note; the hand-off session from fork 1's own work. */
export function pluginExports(dir: string): { main: string; handoff: string } {
  const main = raw(MAIN);
  const plan = main.messages.findIndex((m) => m.info.role === 'user' && m.info.agent === 'plan');
  const before = main.messages[plan - 1]!;
  const planPrompt = String(main.messages[plan]!.parts.find((p) => p.type === 'text')!.text);
  const toolPart = (id: string, input: Record<string, unknown>, output: string) => ({
    id, sessionID: main.info.id, messageID: before.info.id, type: 'tool', callID: id, tool: 'session',
    state: { status: 'completed', input, output, title: '', metadata: {}, time: { start: before.info.time.created + 1, end: before.info.time.created + 2 } },
  });
  before.parts.push(toolPart('prt_relaytoplan0001', { mode: 'message', agent: 'plan', text: planPrompt }, 'Message sent to plan agent. They will respond in this conversation.'));
  const compactAt = main.messages.findIndex((m) => m.parts.some((p) => p.type === 'compaction'));
  const last = main.messages[compactAt - 1]!;
  last.parts.push({ ...toolPart('prt_handofftoplan01', { mode: 'new', agent: 'plan', text: 'Review the branches' }, `New session created with plan agent (ID: ${HANDOFF})`), messageID: last.info.id });
  const t = last.info.time.created + 5;
  main.messages.splice(compactAt, 0, {
    info: { id: 'msg_plugincompactnote', sessionID: main.info.id, role: 'user', agent: 'build', time: { created: t } },
    parts: [{ id: 'prt_plugincompactnote', sessionID: main.info.id, messageID: 'msg_plugincompactnote', type: 'text', text: PLUGIN_NOTE }],
  });
  const fork = raw(FORK1);
  const own = fork.messages.filter((m) => m.info.time.created >= fork.info.time.created);
  const moved = JSON.parse(JSON.stringify(own).replaceAll(fork.info.id, HANDOFF).replace(/"((?:msg|prt)_[A-Za-z0-9]+)"/g, '"$1H"')) as RawExport['messages'];
  // The plugin prompts the new session with the text the calling agent gave it.
  const opening = moved.find((m) => m.info.role === 'user')!.parts.find((p) => p.type === 'text')!;
  opening.text = 'Review the branches';
  for (const m of moved) {
    m.info.agent = 'plan';
    if (m.info.role === 'assistant') m.info.mode = 'plan';
  }
  const handoff: RawExport = { info: { ...fork.info, id: HANDOFF, title: 'Session via plan', time: { created: own[0]!.info.time.created - 10, updated: fork.info.time.updated } }, messages: moved };
  const paths = { main: join(dir, `main-${main.info.id}.json`), handoff: join(dir, `handoff-${HANDOFF}.json`) };
  writeFileSync(paths.main, JSON.stringify(main));
  writeFileSync(paths.handoff, JSON.stringify(handoff));
  return paths;
}

