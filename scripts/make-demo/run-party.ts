// Runs one party for real: a git workspace, the party folder, the scripted model server and
// one `opencode run` per turn, made the way the party-line tooling makes it. Returns the
// session and its export; the workspace is left in place for the output to be assembled.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ScriptedModelServer } from './model-server.js';
import { exportSession, makeSandbox, runOpencode, sessionIdFrom, type ProviderModels } from './opencode-runner.js';
import { conchMessage, primerText, signatureTime, type PrimerParticipant } from './protocol.js';
import type { Party } from './screenplay.js';
import { entityOf, runModelOf, servedTurn } from './turns.js';

export interface PartyRun {
  sessionId: string;
  exportJson: string;
  /** Wall time of each turn, in seconds. */
  turnSeconds: number[];
}

export function partyDir(party: Party): string {
  return join(party.projectDir, '.koad-io', 'parties', party.name);
}

/** The party's own opencode config: the `party` agent. Provider wiring lives in the sandbox. */
export function partyConfig(party: Party): string {
  const starter = entityOf(party, party.turns[0]!.entity);
  const config = {
    $schema: 'https://opencode.ai/config.json',
    model: starter.model,
    agent: {
      party: {
        description: 'A party-line participant: reads the thread, signs its work, stays in its lane, signs out.',
        mode: 'primary',
        prompt:
          'You are one entity on a party line: several entities share this session and pass the conch. ' +
          'Read the thread before acting. Begin your reply with the provenance signature you are given, ' +
          'do the work with tools rather than describing it, say briefly what you did, stay in your lane, ' +
          'and end with your sign-out line.',
        permission: { edit: 'allow', bash: 'allow', webfetch: 'deny' },
      },
    },
  };
  return JSON.stringify(config, null, 2) + '\n';
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    // A fixed date keeps the root commit, and so opencode's project id, the same on every run.
    env: { ...process.env, GIT_AUTHOR_DATE: '2026-04-09T00:00:00Z', GIT_COMMITTER_DATE: '2026-04-09T00:00:00Z' },
  });
}

function prepareWorkspace(party: Party): void {
  const root = dirname(party.projectDir);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(party.projectDir, { recursive: true });
  git(party.projectDir, 'init', '-q', '-b', 'main');
  git(party.projectDir, 'config', 'user.name', 'koad');
  git(party.projectDir, 'config', 'user.email', 'koad@ion.local');
  git(party.projectDir, 'commit', '-q', '--allow-empty', '-m', 'Open the party workspace');
  mkdirSync(join(partyDir(party), 'opencode'), { recursive: true });
  writeFileSync(join(partyDir(party), 'opencode', 'opencode.json'), partyConfig(party));
}

function providerModels(party: Party): ProviderModels {
  const providers: ProviderModels = {};
  const models = new Set<string>();
  for (const turn of party.turns) models.add(runModelOf(turn, entityOf(party, turn.entity)));
  for (const e of party.entities) models.add(e.model);
  for (const full of models) {
    const slash = full.indexOf('/');
    const provider = full.slice(0, slash);
    (providers[provider] ??= []).push(full.slice(slash + 1));
  }
  return providers;
}

export async function runParty(party: Party, log: (line: string) => void): Promise<PartyRun> {
  prepareWorkspace(party);
  const server = new ScriptedModelServer();
  const port = await server.start();
  try {
    const sandbox = makeSandbox(
      join(dirname(party.projectDir), 'opencode-state'),
      port,
      providerModels(party),
      join(partyDir(party), 'opencode', 'opencode.json'),
    );
    const participants: PrimerParticipant[] = [];
    let sessionId = '';
    let startedAt = '';
    const turnSeconds: number[] = [];
    const writePrimer = (): void => {
      const starter = party.turns[0]!.entity;
      writeFileSync(join(partyDir(party), 'PRIMER.md'), primerText(party, starter, startedAt, sessionId, participants));
    };

    for (const [i, turn] of party.turns.entries()) {
      const entity = entityOf(party, turn.entity);
      const now = signatureTime(new Date());
      const joining = !participants.some((p) => p.handle === entity.handle) && !turn.deviation?.notInPrimer;
      if (i > 0 && joining) {
        participants.push({ handle: entity.handle, joined: now });
        writePrimer();
      }
      const model = runModelOf(turn, entity);
      const args = ['run', '--format', 'json', '--agent', 'party', '-m', model];
      args.push(...(i === 0 ? ['--title', `party: ${party.name}`] : ['--session', sessionId]));

      server.beginTurn(servedTurn(i, turn, entity, now));
      const started = Date.now();
      const result = await runOpencode(sandbox, party.projectDir, args, conchMessage(entity, now, turn.message));
      server.endTurn();
      turnSeconds.push((Date.now() - started) / 1000);
      log(`${party.name}: turn ${i + 1} ${entity.handle} on ${model}, ${turnSeconds[i]!.toFixed(1)} s`);
      if (result.code !== 0 || server.failures.length > 0 || /"type"\s*:\s*"error"/.test(result.stdout)) {
        throw new Error(
          `${party.name} turn ${i + 1} (${entity.handle}) went wrong (exit ${result.code}):\n` +
            [...server.failures, result.stderr.slice(-2000), result.stdout.slice(-2000)].join('\n'),
        );
      }

      if (i === 0) {
        // The spawn: the session exists now, so the party card and the workspace .env follow.
        sessionId = sessionIdFrom(result.stdout) ?? '';
        if (!sessionId) throw new Error(`${party.name}: no session id in the first turn's output`);
        startedAt = now;
        participants.push({ handle: entity.handle });
        writePrimer();
        writeFileSync(join(partyDir(party), 'session'), `${sessionId}\n`);
        writeFileSync(
          join(party.projectDir, '.env'),
          `KOAD_IO_PARTY_SESSION=${sessionId}\nKOAD_IO_PARTY_NAME=${party.name}\n`,
        );
      }
    }

    const exportFile = join(sandbox.root, 'export.json');
    const exportJson = await exportSession(sandbox, party.projectDir, sessionId, exportFile);
    return { sessionId, exportJson, turnSeconds };
  } finally {
    await server.close();
  }
}
