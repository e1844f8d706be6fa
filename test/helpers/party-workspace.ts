// A party-line workspace on disk, the way the party tooling leaves it:
// `.koad-io/parties/<name>/{PRIMER.md, session, export.json}` and `entities/<handle>/passenger.json`.
// The export follows `opencode export` 1.18 (see the samples): each turn is a user message
// (the PARTY-LINE prompt) and an assistant message with step-start, text, a write tool call
// and step-finish parts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PartyTurnSpec {
  /** Entity named by the PARTY-LINE header; omitted for the spawn. */
  entity?: string;
  /** What actually ran. */
  providerID: string;
  modelID: string;
  /** The assistant's text, exactly. */
  reply: string;
  /** A file the turn writes. */
  writes?: string;
}

export interface PartyWorkspaceSpec {
  name: string;
  starter: string;
  topic: string;
  participants: string[];
  turns: PartyTurnSpec[];
  passengers?: Record<string, Record<string, unknown>>;
  /** Extra files to put in an entity folder (e.g. avatar.png bytes). */
  entityFiles?: Record<string, Record<string, Uint8Array | string>>;
}

export const SESSION_ID = 'ses_1a2b3c4d5ffePartyDemo0001';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function partyPrompt(entity: string, model: string, message: string): string {
  const handle = entity.toLowerCase();
  return [
    `[PARTY-LINE: You are now ${entity}. Your identity follows.]`,
    `# ${entity}\n\nI am ${entity}. I keep my work small and sign it.`,
    '[PROVENANCE: Sign your work with full provenance:]',
    `--- ${handle} @ 2026-04-09T14:00:00Z | ion:koad | ${model} ---`,
    '[MESSAGE FROM ORCHESTRATOR]',
    message,
    `End with: --- ${handle} out ---`,
  ].join('\n');
}

function makeExport(spec: PartyWorkspaceSpec, directory: string): object {
  let n = 0;
  const t0 = Date.UTC(2026, 3, 9, 14, 0, 0);
  // opencode ids: prefix, 12 hex chars of time, 14 base62 chars; id order is time order.
  const id = (prefix: string) => {
    n++;
    const tail = Array.from({ length: 14 }, (_, i) => BASE62[(n * 7 + i * 13) % 62]).join('');
    return `${prefix}_${(t0 + n).toString(16).padStart(12, '0')}${tail}`;
  };
  const messages: object[] = [];
  let time = t0;
  spec.turns.forEach((turn, i) => {
    const userId = id('msg');
    const model = `${turn.providerID}/${turn.modelID}`;
    const promptText = turn.entity ? partyPrompt(turn.entity, model, `Turn ${i + 1}: carry on with the project.`) : `Start a party on: ${spec.topic}. Sign your work, state what you did, leave cleanly.`;
    time += 60_000;
    messages.push({
      info: { id: userId, sessionID: SESSION_ID, role: 'user', time: { created: time }, agent: 'party', model: { providerID: turn.providerID, modelID: turn.modelID } },
      parts: [{ id: id('prt'), sessionID: SESSION_ID, messageID: userId, type: 'text', text: promptText }],
    });
    const asstId = id('msg');
    const parts: object[] = [{ id: id('prt'), sessionID: SESSION_ID, messageID: asstId, type: 'step-start' }];
    parts.push({ id: id('prt'), sessionID: SESSION_ID, messageID: asstId, type: 'text', text: turn.reply, time: { start: time + 1000, end: time + 2000 } });
    if (turn.writes) {
      parts.push({
        id: id('prt'), sessionID: SESSION_ID, messageID: asstId, type: 'tool', callID: `call_${i}_${n}`, tool: 'write',
        state: { status: 'completed', input: { filePath: join(directory, turn.writes), content: `// ${turn.writes}\n` }, output: 'Wrote file successfully.', title: turn.writes, metadata: {}, time: { start: time + 2100, end: time + 2200 } },
      });
    }
    const tokens = { input: 1200, output: 300, reasoning: 0, cache: { read: 0, write: 0 } };
    parts.push({ id: id('prt'), sessionID: SESSION_ID, messageID: asstId, type: 'step-finish', reason: 'stop', cost: 0, tokens });
    messages.push({
      info: {
        id: asstId, sessionID: SESSION_ID, role: 'assistant', time: { created: time + 500, completed: time + 3000 }, parentID: userId,
        modelID: turn.modelID, providerID: turn.providerID, mode: 'party', agent: 'party', path: { cwd: directory, root: directory },
        cost: 0, tokens, finish: 'stop',
      },
      parts,
    });
  });
  return {
    info: { id: SESSION_ID, slug: 'merry-party', projectID: 'global', directory, title: `party: ${spec.name}`, version: '1.18.33', time: { created: t0, updated: time + 3000 } },
    messages,
  };
}

export function primerText(spec: PartyWorkspaceSpec, directory: string): string {
  const lines = [
    `# Party: ${spec.name}`,
    '> There is an active party-line conversation in this workspace.',
    `- **Started by:** ${spec.starter}`,
    '- **Date:** 2026-04-09T14:00:00Z',
    `- **Session:** ${SESSION_ID}`,
    `- **Topic:** ${spec.topic}`,
    `- **Directory:** ${directory}`,
    '## How to join',
    'Run `respond` with the session above.',
    '## Participants',
    ...spec.participants.map((p, i) => (i === 0 ? `- ${p} (starter)` : `- ${p} (joined 2026-04-09T14:0${i}:00Z)`)),
    '',
  ];
  return lines.join('\n');
}

export interface PartyWorkspace {
  root: string;
  party: string;
  exportFile: string;
  remove(): void;
}

export function makePartyWorkspace(spec: PartyWorkspaceSpec, root = mkdtempSync(join(tmpdir(), 'playback-party-'))): PartyWorkspace {
  const party = join(root, '.koad-io', 'parties', spec.name);
  mkdirSync(join(party, 'opencode'), { recursive: true });
  writeFileSync(join(party, 'PRIMER.md'), primerText(spec, root));
  writeFileSync(join(party, 'session'), `${SESSION_ID}\n`);
  writeFileSync(join(party, 'opencode', 'opencode.json'), JSON.stringify({ agent: { party: { mode: 'primary' } } }));
  const exportFile = join(party, 'export.json');
  const data = JSON.stringify(makeExport(spec, root), null, 2);
  writeFileSync(exportFile, data);
  for (const [handle, passenger] of Object.entries(spec.passengers ?? {})) {
    mkdirSync(join(root, 'entities', handle), { recursive: true });
    writeFileSync(join(root, 'entities', handle, 'passenger.json'), JSON.stringify(passenger, null, 2));
  }
  for (const [handle, files] of Object.entries(spec.entityFiles ?? {})) {
    mkdirSync(join(root, 'entities', handle), { recursive: true });
    for (const [name, content] of Object.entries(files)) writeFileSync(join(root, 'entities', handle, name), content);
  }
  return { root, party, exportFile, remove: () => rmSync(root, { recursive: true, force: true }) };
}
