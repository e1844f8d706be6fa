// A rehearsal plays a party's tool calls directly (no opencode, no model server) in a
// scratch folder and checks each `expect`. It takes seconds, so a screenplay edit can be
// tried before the minutes-long real run.
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ScriptedToolCall } from './model-server.js';
import type { Party } from './screenplay.js';

function play(dir: string, call: ScriptedToolCall): string {
  const args = call.args as Record<string, string>;
  const file = (): string => join(dir, args.filePath ?? '');
  switch (call.tool) {
    case 'write':
      mkdirSync(dirname(file()), { recursive: true });
      writeFileSync(file(), args.content ?? '');
      return 'Wrote file successfully.';
    case 'edit': {
      const text = readFileSync(file(), 'utf8');
      const count = text.split(args.oldString ?? '').length - 1;
      if (count !== 1) return `Error: oldString found ${count} times in ${args.filePath}`;
      writeFileSync(file(), text.replace(args.oldString ?? '', () => args.newString ?? ''));
      return 'Edit applied successfully.';
    }
    case 'read':
      return `<path>${file()}</path>\n<content>\n${readFileSync(file(), 'utf8')}</content>`;
    case 'bash':
      try {
        // opencode's bash tool interleaves stderr with stdout; so does this.
        return execSync(`{ ${args.command ?? ''}\n} 2>&1`, {
          cwd: dir,
          shell: '/bin/bash',
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: 60_000,
        });
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string };
        return `${e.stdout ?? ''}${e.stderr ?? ''}`;
      }
    default:
      return `Error: the rehearsal does not play ${call.tool}`;
  }
}

/** Problems found; empty when every call did what its `expect` says. */
export function rehearse(party: Party): string[] {
  const dir = mkdtempSync(join(tmpdir(), `rehearse-${party.name}-`));
  const problems: string[] = [];
  try {
    execSync(
      'git init -q && git config user.name koad && git config user.email koad@ion.local && git commit -q --allow-empty -m "Open the party workspace"',
      { cwd: dir },
    );
    party.turns.forEach((turn, t) => {
      turn.rounds.forEach((round, r) => {
        for (const call of round.calls ?? []) {
          const output = play(dir, call);
          if (call.expect && !call.expect.test(output)) {
            problems.push(`turn ${t + 1} (${turn.entity}) round ${r + 1} ${call.tool}: ${call.expect} not in:\n${output.slice(0, 1500)}`);
          }
        }
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return problems;
}
