// `npm run demo:make`: makes examples/party-demo and examples/party-demo-violations with the
// real opencode CLI, offline, against a scripted model server on 127.0.0.1.
//
//   npm run demo:make                     both parties (a few minutes)
//   npm run demo:make -- --only demo      one party, by name or output folder
//   npm run demo:make -- --rehearse       only play the tool calls, without opencode (seconds)
//   npm run demo:make -- --keep           keep the workspace and opencode state under $TMPDIR
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { demoParty } from './demo-party.js';
import { rehearse } from './rehearsal.js';
import { runParty } from './run-party.js';
import type { Party } from './screenplay.js';
import { violationsParty } from './violations-party.js';
import { checkExport, writeExample } from './workspace.js';
import { makeWorkflowDemo } from './workflow-demo.js';

const parties: Party[] = [demoParty, violationsParty];

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function make(party: Party, keep: boolean): Promise<void> {
  const started = Date.now();
  const run = await runParty(party, log);
  const problems = checkExport(party, run.exportJson);
  if (problems.length > 0) throw new Error(`${party.name}: the export is not what was scripted:\n${problems.join('\n')}`);
  const target = writeExample(party, run);
  if (!keep) {
    rmSync(dirname(party.projectDir), { recursive: true, force: true });
    // The shared parent goes too once the last party has left it.
    const shared = dirname(dirname(party.projectDir));
    if (existsSync(shared) && readdirSync(shared).length === 0) rmSync(shared, { recursive: true, force: true });
  }
  log(`${party.name}: ${run.sessionId} → ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { only: { type: 'string' }, rehearse: { type: 'boolean' }, keep: { type: 'boolean' } },
    }));
  } catch (err) {
    process.stderr.write(`demo:make: ${(err as Error).message}\n`);
    return 2;
  }
  if (values.only === 'workflow' || values.only === 'workflow-demo') {
    const started = Date.now();
    log(`workflow: → ${await makeWorkflowDemo(values.keep ?? false)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  }
  const chosen = values.only ? parties.filter((p) => p.name === values.only || p.output === values.only) : parties;
  if (chosen.length === 0) {
    process.stderr.write(`demo:make: no party "${values.only}" (have: ${parties.map((p) => p.name).join(', ')})\n`);
    return 2;
  }

  // A rehearsal first: a screenplay that cannot work fails in seconds, not minutes.
  for (const party of chosen) {
    const problems = rehearse(party);
    if (problems.length > 0) {
      process.stderr.write(`${party.name}: the rehearsal failed:\n${problems.join('\n')}\n`);
      return 1;
    }
    log(`${party.name}: rehearsal ok`);
  }
  if (values.rehearse) return 0;

  const results = await Promise.allSettled(chosen.map((party) => make(party, values.keep ?? false)));
  let failed = false;
  for (const r of results) {
    if (r.status === 'rejected') {
      failed = true;
      process.stderr.write(`${r.reason instanceof Error ? r.reason.message : String(r.reason)}\n`);
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
