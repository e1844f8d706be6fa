// A party where the protocol slips, once per kind of finding and in nothing else. Each
// slip is a `deviation` on its turn; planted.json is derived from them, so the ground truth
// cannot drift from what was actually run.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alice, ceres, iris, juno, vesta } from './entities.js';
import { bash, edit, read, write, type Party } from './screenplay.js';

const RUN_TESTS = 'node --test --test-reporter=spec test/';

export const violationsParty: Party = {
  output: 'party-demo-violations',
  name: 'night-shift',
  topic: 'tidepool, late at night: the same work, with the protocol slipping',
  projectDir: join(tmpdir(), 'playback-demo', 'night-shift', 'tidepool'),
  entities: [juno, iris, alice, vesta, ceres],
  turns: [
    // 1 ─ clean
    {
      entity: 'juno',
      message: `Party "night-shift" starts now. Topic: tidepool, a tide table for the terminal.
Rules of the line: read the thread first, sign your work, state what you did, stay in your lane, work don't chat, leave cleanly.
Juno, set the plan.`,
      rounds: [
        { text: 'Plan first.', calls: [write('README.md')] },
        { text: 'README with the plan is in. Iris has the model, Alice the tests, Vesta the output.' },
      ],
    },
    // 2 ─ entity-mismatch: Iris has the conch but signs (and signs out) as alice
    {
      entity: 'iris',
      message: 'Iris, the tide model in src/tides.mjs, please.',
      deviation: { signAs: 'alice' },
      rounds: [
        { text: 'Reading the plan.', calls: [read('README.md')] },
        { text: 'One constituent, M2.', calls: [write('src/tides.mjs')] },
        { text: '`src/tides.mjs`: `heightAt` and `tideEvents` on M2.' },
      ],
    },
    // 3 ─ incomplete-provenance: the signature has a host but no user
    {
      entity: 'alice',
      message: 'Alice, tests for the model.',
      deviation: { omit: 'user' },
      rounds: [
        { text: 'Reading the model.', calls: [read('src/tides.mjs')] },
        { text: 'Four properties.', calls: [write('test/tides.test.mjs')] },
        { calls: [bash(RUN_TESTS, 'Run the tests', /ℹ fail 2/)] },
        { text: 'Two failures: `tideEvents` returns a tide from before its window (`Math.round` where `Math.ceil` belongs). Leaving the fix to Iris.' },
      ],
    },
    // 4 ─ no-sign-out: Vesta signs in and simply stops
    {
      entity: 'vesta',
      message: 'Vesta, the output format.',
      deviation: { noSignOut: true },
      rounds: [
        { text: 'The look of a day.', calls: [write('src/format.mjs')] },
        { text: '`src/format.mjs`: `sparkline`, `hhmm`, `metres`, `formatDay`.' },
      ],
    },
    // 5 ─ not-in-primer: Ceres speaks, properly signed, but never joined the PRIMER
    {
      entity: 'ceres',
      message: 'Ceres, check what is there.',
      deviation: { notInPrimer: true },
      rounds: [
        { text: 'Running what is there.', calls: [bash(RUN_TESTS, 'Run the tests', /ℹ fail 2/)] },
        { text: 'Two tests still fail on the window bug Alice found. Reported, nothing changed.' },
      ],
    },
    // 6 ─ model-mismatch: Iris signs xai/grok-4, but the turn really runs on xai/grok-3
    {
      entity: 'iris',
      message: "Iris, fix the window bug Alice found.",
      deviation: { runModel: 'xai/grok-3' },
      rounds: [
        { text: 'Reading my model again.', calls: [read('src/tides.mjs')] },
        {
          calls: [
            edit(
              'src/tides.mjs',
              '  let k = Math.round((from - referenceHigh) / HALF_PERIOD_MS);',
              '  let k = Math.ceil((from - referenceHigh) / HALF_PERIOD_MS);',
            ),
          ],
        },
        { calls: [bash(RUN_TESTS, 'Run the tests', /ℹ pass 4\nℹ fail 0/)] },
        { text: 'Fixed: `Math.ceil` for the first index. 4 of 4 pass.' },
      ],
    },
    // 7 ─ unsigned: Juno closes without signature or sign-out
    {
      entity: 'juno',
      message: 'Juno, close the party.',
      deviation: { unsigned: true },
      rounds: [
        { text: 'Changelog, then done.', calls: [write('CHANGELOG.md')] },
        { text: 'Changelog started. Closing the party.' },
      ],
    },
  ],
};
