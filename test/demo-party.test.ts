// The committed demo parties, read straight from their files: the export opencode wrote, the
// party card, the entity folders and the project the entities left behind.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadImage } from '@napi-rs/canvas';

const examples = new URL('../examples/', import.meta.url).pathname;

interface Part {
  type: string;
  text?: string;
  tool?: string;
  state?: { status?: string; input?: Record<string, string> };
}
interface Message {
  info: { role: string; providerID?: string; modelID?: string; id: string };
  parts: Part[];
}
interface Turn {
  /** From the `[PARTY-LINE: You are now <Name>.` header of the user message. */
  name: string;
  user: Message;
  replies: Message[];
}

function loadTurns(workspace: string, party: string): Turn[] {
  const path = join(examples, workspace, '.koad-io/parties', party, 'export.json');
  const data = JSON.parse(readFileSync(path, 'utf8')) as { messages: Message[] };
  const turns: Turn[] = [];
  for (const m of data.messages) {
    if (m.info.role === 'user') {
      const text = m.parts.find((p) => p.type === 'text')?.text ?? '';
      const header = /^\[PARTY-LINE: You are now (\S+?)\. Your identity follows\.\]/.exec(text);
      turns.push({ name: header?.[1] ?? '', user: m, replies: [] });
    } else {
      turns[turns.length - 1]?.replies.push(m);
    }
  }
  return turns;
}

const texts = (turn: Turn): string[] =>
  turn.replies.flatMap((m) => m.parts.filter((p) => p.type === 'text').map((p) => p.text ?? ''));

const SIGNATURE = /^--- (\S+) @ (\S+) \| ([^|]*) \| ([^|]*?) ---$/m;
const SIGN_OUT = /^--- (\S+) out ---$/m;

function participants(workspace: string, party: string): string[] {
  const primer = readFileSync(join(examples, workspace, '.koad-io/parties', party, 'PRIMER.md'), 'utf8');
  const section = primer.split('## Participants\n')[1] ?? '';
  return [...section.matchAll(/^- (\S+) \((starter|joined [^)]+)\)$/gm)].map((m) => m[1]!);
}

describe('examples/party-demo', () => {
  const turns = loadTurns('party-demo', 'tidepool');
  const handleOf = (t: Turn): string => t.name.toLowerCase();

  it('has seven turns, each handing the conch to a named entity, four entities in all', () => {
    expect(turns.map((t) => t.name)).toEqual(['Juno', 'Iris', 'Alice', 'Vesta', 'Iris', 'Alice', 'Juno']);
    expect(new Set(turns.map((t) => t.name)).size).toBe(4);
    for (const t of turns) {
      const text = t.user.parts.find((p) => p.type === 'text')?.text ?? '';
      expect(text).toContain('[PROVENANCE: Sign your work with full provenance:]');
      expect(text).toContain('[MESSAGE FROM ORCHESTRATOR]');
      expect(text.trimEnd().endsWith(`End with: --- ${handleOf(t)} out ---`)).toBe(true);
    }
  });

  it('runs on at least three distinct models, and every reply is signed with the model that ran', () => {
    const models = new Set(turns.flatMap((t) => t.replies.map((m) => `${m.info.providerID}/${m.info.modelID}`)));
    expect(models.size).toBeGreaterThanOrEqual(3);
    for (const t of turns) {
      const all = texts(t);
      const signature = SIGNATURE.exec(all[0] ?? '');
      expect(signature, `turn of ${t.name} is signed`).not.toBeNull();
      const [, handle, time, where, model] = signature!;
      expect(handle).toBe(handleOf(t));
      expect(Number.isNaN(Date.parse(time!))).toBe(false);
      expect(where).toMatch(/^\w+:\w+$/);
      for (const m of t.replies) expect(`${m.info.providerID}/${m.info.modelID}`).toBe(model);
      expect(SIGN_OUT.exec(all[all.length - 1] ?? '')?.[1], `turn of ${t.name} signs out`).toBe(handleOf(t));
    }
  });

  it('lists the four in join order in PRIMER.md, each with an entity folder', () => {
    expect(participants('party-demo', 'tidepool')).toEqual(['juno', 'iris', 'alice', 'vesta']);
    const session = readFileSync(join(examples, 'party-demo/.koad-io/parties/tidepool/session'), 'utf8').trim();
    expect(session).toMatch(/^ses_/);
    const primer = readFileSync(join(examples, 'party-demo/.koad-io/parties/tidepool/PRIMER.md'), 'utf8');
    expect(primer).toContain(`- **Session:** ${session}`);
    expect(primer.startsWith('# Party: tidepool\n')).toBe(true);
  });

  it('gives every entity a passenger.json with its own hue and a 256x256 avatar', async () => {
    const hues = new Set<number>();
    for (const handle of ['juno', 'iris', 'alice', 'vesta']) {
      const dir = join(examples, 'party-demo/entities', handle);
      const passenger = JSON.parse(readFileSync(join(dir, 'passenger.json'), 'utf8'));
      expect(passenger.handle).toBe(handle);
      expect(passenger.name.toLowerCase()).toBe(handle);
      hues.add(passenger.outfit.h);
      expect(existsSync(join(dir, 'ENTITY.md'))).toBe(true);
      const avatar = await loadImage(readFileSync(join(dir, passenger.avatar)));
      expect([avatar.width, avatar.height]).toEqual([256, 256]);
    }
    expect(hues.size).toBe(4);
  });

  it('writes six files together, three or more by several entities, and leaves them as the export says', () => {
    const finalText = new Map<string, string>();
    const touchedBy = new Map<string, Set<string>>();
    for (const t of turns) {
      for (const m of t.replies) {
        for (const p of m.parts) {
          if (p.type !== 'tool' || (p.tool !== 'write' && p.tool !== 'edit')) continue;
          expect(p.state?.status).toBe('completed');
          const input = p.state!.input!;
          const file = input.filePath!;
          if (p.tool === 'write') finalText.set(file, input.content!);
          else {
            const before = finalText.get(file) ?? readFileSync(join(examples, 'party-demo', file), 'utf8');
            expect(before.split(input.oldString!).length - 1, `${file}: edit anchor is unique`).toBe(1);
            finalText.set(file, before.replace(input.oldString!, () => input.newString!));
          }
          touchedBy.set(file, (touchedBy.get(file) ?? new Set()).add(t.name));
        }
      }
    }
    expect(finalText.size).toBe(6);
    expect([...touchedBy.values()].filter((who) => who.size > 1).length).toBeGreaterThanOrEqual(3);
    for (const [file, text] of finalText) {
      expect(readFileSync(join(examples, 'party-demo', file), 'utf8'), file).toBe(text);
    }
  });

  it('really ran the project tests, and they passed in the end', () => {
    const bashOutputs = turns.flatMap((t) =>
      t.replies.flatMap((m) =>
        m.parts.filter((p) => p.type === 'tool' && p.tool === 'bash').map((p) => (p.state as { output?: string }).output ?? ''),
      ),
    );
    expect(bashOutputs.some((o) => /ℹ fail [1-9]/.test(o))).toBe(true);
    expect(bashOutputs[bashOutputs.length - 1]).toMatch(/ℹ pass 5\nℹ fail 0/);
  });
});

describe('examples/party-demo-violations', () => {
  const turns = loadTurns('party-demo-violations', 'night-shift');
  const planted = JSON.parse(readFileSync(join(examples, 'party-demo-violations/planted.json'), 'utf8')) as {
    kind: string;
    turn: number;
    entity: string;
  }[];

  it('plants one finding of each kind', () => {
    expect(planted.map((f) => f.kind).sort()).toEqual(
      ['entity-mismatch', 'incomplete-provenance', 'model-mismatch', 'no-sign-out', 'not-in-primer', 'unsigned'],
    );
  });

  it('holds exactly the planted findings, seen from the raw export', () => {
    const inPrimer = participants('party-demo-violations', 'night-shift');
    const found: { kind: string; turn: number; entity: string }[] = [];
    turns.forEach((t, i) => {
      const at = { turn: i + 1, entity: t.name.toLowerCase() };
      const all = texts(t).join('\n');
      const signature = /^--- (\S+) @ (\S+) \|\s*([^|]*?)\s*(?:\|\s*([^|]*?)\s*)?---$/m.exec(all);
      if (!inPrimer.includes(at.entity)) found.push({ kind: 'not-in-primer', ...at });
      if (!signature) {
        found.push({ kind: 'unsigned', ...at });
        return;
      }
      const [, handle, , where, model] = signature;
      if (!/^\w+:\w+$/.test(where ?? '') || !model) found.push({ kind: 'incomplete-provenance', ...at });
      if (handle !== at.entity) found.push({ kind: 'entity-mismatch', ...at });
      if (SIGN_OUT.exec(all)?.[1] !== handle) found.push({ kind: 'no-sign-out', ...at });
      const ran = new Set(t.replies.map((m) => `${m.info.providerID}/${m.info.modelID}`));
      if (model && !ran.has(model)) found.push({ kind: 'model-mismatch', ...at });
    });
    const key = (f: { kind: string; turn: number; entity: string }): string => `${f.turn} ${f.entity} ${f.kind}`;
    expect(found.map(key).sort()).toEqual(planted.map(key).sort());
  });
});
