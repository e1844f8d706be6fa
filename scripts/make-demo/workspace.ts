// Assembles a party's committed example: the workspace as the entities left it (without
// .git), the export beside the party card, and each entity's folder. It is built in a
// staging folder and moved into place in one rename, so examples/ never holds half a party.
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { writeFileAtomic } from '../../src/util/atomic-write.js';
import { drawAvatar } from './avatars.js';
import { passengerJson } from './protocol.js';
import type { PartyRun } from './run-party.js';
import type { Party } from './screenplay.js';
import { plantedFindings } from './turns.js';

export const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;

interface ExportPart {
  type: string;
  tool?: string;
  state?: { status?: string };
  text?: string;
}
interface ExportMessage {
  info: { role: string };
  parts: ExportPart[];
}

/** What the export must hold for the run to count; returns the problems. */
export function checkExport(party: Party, exportJson: string): string[] {
  const problems: string[] = [];
  const data = JSON.parse(exportJson) as { messages: ExportMessage[] };
  const users = data.messages.filter((m) => m.info.role === 'user');
  if (users.length !== party.turns.length) problems.push(`${users.length} user messages, expected ${party.turns.length}`);
  users.forEach((m, i) => {
    const name = party.entities.find((e) => e.handle === party.turns[i]?.entity)?.name;
    const text = m.parts.find((p) => p.type === 'text')?.text ?? '';
    if (!text.startsWith(`[PARTY-LINE: You are now ${name}.`)) problems.push(`user message ${i + 1} does not hand the conch to ${name}`);
  });
  for (const m of data.messages) {
    for (const p of m.parts) {
      if (p.type === 'tool' && p.state?.status !== 'completed') problems.push(`a ${p.tool} call ended ${p.state?.status}`);
    }
  }
  return problems;
}

export function writeExample(party: Party, run: PartyRun): string {
  const target = join(EXAMPLES, party.output);
  const staging = join(EXAMPLES, `.${party.output}.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    cpSync(party.projectDir, staging, {
      recursive: true,
      filter: (src) => relative(party.projectDir, src).split(sep)[0] !== '.git',
    });
    writeFileAtomic(join(staging, '.koad-io', 'parties', party.name, 'export.json'), run.exportJson);
    for (const entity of party.entities) {
      const dir = join(staging, 'entities', entity.handle);
      mkdirSync(dir, { recursive: true });
      writeFileAtomic(join(dir, 'passenger.json'), passengerJson(entity));
      writeFileAtomic(join(dir, 'ENTITY.md'), entity.identity);
      writeFileAtomic(join(dir, 'avatar.png'), drawAvatar(entity));
    }
    const planted = plantedFindings(party);
    if (planted.length > 0) writeFileAtomic(join(staging, 'planted.json'), JSON.stringify(planted, null, 2) + '\n');
    if (existsSync(target)) rmSync(target, { recursive: true });
    renameSync(staging, target);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  return target;
}
