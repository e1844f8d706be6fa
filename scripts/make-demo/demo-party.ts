// The demo party: Juno, Iris, Alice and Vesta build `tidepool`, a tide table for the
// terminal, in seven turns on one session. Every tool call really runs; `expect` says what
// its result must show, so the prose can never claim what did not happen.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alice, iris, juno, vesta } from './entities.js';
import { bash, edit, read, write, type Party } from './screenplay.js';

const RUN_TESTS = 'node --test --test-reporter=spec test/';

/** What `tidepool` prints for the README's example: checked against the real run. */
export const HALF_MOON_BAY_DAY = `Half Moon Bay · 2026-04-10  (UTC)
  ▃▅▆███▆▅▃▂▁▁▂▄▆▇██▇▅▄▂▁▁
  high  04:02  +2.70 m
  low   10:15  -0.30 m
  high  16:27  +2.70 m
  low   22:40  -0.30 m`;

const HALF_MOON_BAY_COMMAND =
  'node bin/tidepool.mjs --ref 2026-04-09T03:12Z --date 2026-04-10 --msl 1.2 --range 3 --name "Half Moon Bay"';

export function literally(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

const FENCE = '```';

export const demoParty: Party = {
  output: 'party-demo',
  name: 'tidepool',
  topic: 'A tide table for the terminal, built by four entities in one session',
  projectDir: join(tmpdir(), 'playback-demo', 'tidepool', 'tidepool'),
  entities: [juno, iris, alice, vesta],
  turns: [
    // 1 ─ Juno opens the party and lays down the map.
    {
      entity: 'juno',
      message: `Party "tidepool" starts now. Topic: tidepool, a tide table for the terminal, built by four of you in this session.
Rules of the line: read the thread first, sign your work, state what you did, stay in your lane, work don't chat, leave cleanly.
Juno, you convene: set the plan and hand out the lanes. Iris takes the tide model, Alice the tests, Vesta the command line and its output.`,
      rounds: [
        {
          reasoning:
            'Empty repository, presumably. Before anyone writes code the four of us need one map: what the tool does, which file is whose, and a changelog everyone appends to. Keep the model honest and small, M2 only, and say so up front.',
          text: 'Looking at the workspace before planning anything.',
          calls: [bash('git log --oneline && ls -A', 'Check the repository state', /party workspace/)],
        },
        {
          text: 'One commit, no code yet. Laying down the map: a README with the plan, and a changelog everyone appends to.',
          calls: [write('README.md'), write('CHANGELOG.md')],
        },
        {
          text: `Plan is on disk.

- \`README.md\`: what tidepool does, who owns which file, and the limits of the model.
- \`CHANGELOG.md\`: newest first, one line per change, signed with your handle.

The one interface that matters, so Iris and Vesta meet in the middle:

${FENCE}js
tideEvents({ referenceHigh, from, to, msl, range })
// → [{ kind: 'high' | 'low', time: Date, height: metres }], in time order
${FENCE}

Conch to Iris for \`src/tides.mjs\`.`,
        },
      ],
    },

    // 2 ─ Iris writes the tide model (with a subtle off-by-one Alice will catch).
    {
      entity: 'iris',
      message: `Iris, you have the conch. Build the tide model in src/tides.mjs to Juno's interface.`,
      rounds: [
        {
          text: "Reading Juno's plan first.",
          calls: [read('README.md')],
        },
        {
          reasoning:
            'M2 period: 12.4206012 h. Highs at referenceHigh + k·T, lows half a period later, so step in half periods and tell high from low by the parity of k. The first index comes from the window start: (from − referenceHigh) / (T/2), rounded to a whole step.',
          text: 'The interface is clear. One constituent, a cosine, half-period steps.',
          calls: [write('src/tides.mjs')],
        },
        {
          text: `\`src/tides.mjs\` is in:

- \`M2_PERIOD_MS\`: 12.4206012 h, the principal lunar semidiurnal period, in milliseconds.
- \`heightAt(time, model)\`: the cosine, peaking at every high tide.
- \`tideEvents(window)\`: highs and lows in \`[from, to)\`, stepping half a period from the reference high.

No tests from me: that lane is Alice's. Conch to Alice.`,
        },
      ],
    },

    // 3 ─ Alice tests it, watches two tests fail, finds the one cause and fixes it.
    {
      entity: 'alice',
      message: 'Alice, tests for the tide model, please. Run them and show the output.',
      rounds: [
        {
          text: 'Reading the model before testing it.',
          calls: [read('src/tides.mjs')],
        },
        {
          reasoning:
            'The window is [from, to), but the first index comes from Math.round: for a fraction under .5 that lands on the half-step before `from`. Write the test that would catch it instead of guessing.',
          text: 'Four properties worth pinning down: highs and lows alternate, every event sits inside its window, highs repeat every M2 period, heights reach `msl ± range/2`.',
          calls: [write('test/tides.test.mjs')],
        },
        {
          calls: [bash(RUN_TESTS, 'Run the tide model tests', /ℹ pass 2\nℹ fail 2/)],
        },
        {
          reasoning:
            'Five events for one day, and one of them is a low at 21:49 on the 9th. (from − ref) / half-period = 3.35; Math.round gives 3, the step before midnight. Math.ceil gives the first event at or after `from`, which is what the docstring promises.',
          text: 'Two failures, one cause: `tideEvents` returns a low at 21:49 on the 9th for a window that opens on the 10th. `Math.round` steps back to the tide before `from` whenever the fraction is under .5. `Math.ceil` is what the comment promises.',
          calls: [
            edit(
              'src/tides.mjs',
              '  let k = Math.round((from - referenceHigh) / HALF_PERIOD_MS);',
              '  // ceil, not round: round steps back to the tide before `from` when the fraction is under .5.\n  let k = Math.ceil((from - referenceHigh) / HALF_PERIOD_MS);',
            ),
          ],
        },
        {
          text: 'Running them again.',
          calls: [bash(RUN_TESTS, 'Run the tide model tests again', /ℹ pass 4\nℹ fail 0/)],
        },
        {
          text: `Green, 4 of 4.

- \`test/tides.test.mjs\`: alternation, window bounds, M2 spacing, heights.
- \`src/tides.mjs\`: one-line fix, \`Math.round\` → \`Math.ceil\` for the first index. Iris, your model and my edit: shout if you would phrase it differently.

Run them with \`node --test test/\`. Conch to Vesta.`,
        },
      ],
    },

    // 4 ─ Vesta gives it a face: the table, the sparkline, the command, the README usage.
    {
      entity: 'vesta',
      message: 'Vesta, the command line and its output. Make a day of tides readable at a glance.',
      rounds: [
        {
          reasoning:
            'A table alone hides the shape of the day. An hourly sparkline above the events: 24 samples, eight bar heights. UTC only for now, and labelled, so nobody misreads a time.',
          text: 'Reading the model and the tests first.',
          calls: [read('src/tides.mjs'), read('test/tides.test.mjs')],
        },
        {
          text: 'Two files: the look in `src/format.mjs`, the command in `bin/tidepool.mjs`.',
          calls: [write('src/format.mjs'), write('bin/tidepool.mjs')],
        },
        {
          text: 'A real day, for the README.',
          calls: [bash(HALF_MOON_BAY_COMMAND, 'Print a day of tides for Half Moon Bay', literally(HALF_MOON_BAY_DAY))],
        },
        {
          text: 'That reads well. Into the README, pasted from the run.',
          calls: [read('README.md')],
        },
        {
          calls: [
            edit(
              'README.md',
              '## Usage\n\nComing with the command line.\n',
              `## Usage

${FENCE}sh
${HALF_MOON_BAY_COMMAND}
${FENCE}

${FENCE}
${HALF_MOON_BAY_DAY}
${FENCE}

\`--ref\` is any observed high tide near the date; \`--msl\` (mean sea level) and \`--range\`
(low to high water) are in metres. Bad input exits with status 2 and the usage.
`,
            ),
          ],
        },
        {
          text: `The command prints a day:

${FENCE}
${HALF_MOON_BAY_DAY}
${FENCE}

- \`src/format.mjs\`: \`sparkline\`, \`hhmm\`, \`metres\`, \`formatDay\`.
- \`bin/tidepool.mjs\`: \`--ref\`, \`--date\`, \`--msl\`, \`--range\`, \`--name\`; bad input exits 2 with the usage.
- \`README.md\`: a Usage section with this very output.

I left the model and the tests as they were.`,
        },
      ],
    },

    // 5 ─ Iris comes back: a week ahead, in Vesta's layout, with a test in Alice's suite.
    {
      entity: 'iris',
      message: 'Iris: people will want to plan a week ahead. Add --days to the command, with a test.',
      rounds: [
        {
          text: "Reading Vesta's command and Alice's suite before adding to either.",
          calls: [read('bin/tidepool.mjs'), read('test/tides.test.mjs')],
        },
        {
          reasoning:
            "Keep Vesta's layout: loop her day block, one formatDay per UTC day, a blank line between. --days is a whole number from 1 to 31; anything else goes through her fail() so it exits 2 like the rest. Alice's ceil fix is right: the first event at or after `from`.",
          text: "Alice's fix in `tideEvents` is right; keeping it. Now `--days`: usage first.",
          calls: [
            edit(
              'bin/tidepool.mjs',
              '                [--msl <metres>] [--range <metres>] [--name <place>]`;',
              '                [--msl <metres>] [--range <metres>] [--name <place>] [--days <n>]`;',
            ),
          ],
        },
        {
          calls: [
            edit(
              'bin/tidepool.mjs',
              "    name: { type: 'string', default: 'tidepool' },\n",
              "    name: { type: 'string', default: 'tidepool' },\n    days: { type: 'string', default: '1' },\n",
            ),
          ],
        },
        {
          text: 'One table per day, same layout.',
          calls: [
            edit(
              'bin/tidepool.mjs',
              `const model = { referenceHigh, msl, range };
const from = start;
const to = new Date(start.getTime() + 24 * HOUR_MS);
const hourly = Array.from({ length: 24 }, (_, h) => heightAt(new Date(from.getTime() + h * HOUR_MS), model));
const events = tideEvents({ ...model, from, to });
console.log(formatDay({ label: \`\${values.name} · \${values.date}\`, hourly, events }));
`,
              `const days = Number(values.days);
if (!Number.isInteger(days) || days < 1 || days > 31) fail('--days must be a whole number from 1 to 31');

const model = { referenceHigh, msl, range };
const tables = [];
for (let d = 0; d < days; d += 1) {
  const from = new Date(start.getTime() + d * 24 * HOUR_MS);
  const to = new Date(from.getTime() + 24 * HOUR_MS);
  const hourly = Array.from({ length: 24 }, (_, h) => heightAt(new Date(from.getTime() + h * HOUR_MS), model));
  const events = tideEvents({ ...model, from, to });
  tables.push(formatDay({ label: \`\${values.name} · \${from.toISOString().slice(0, 10)}\`, hourly, events }));
}
console.log(tables.join('\\n\\n'));
`,
            ),
          ],
        },
        {
          text: "A test that runs the command itself, in Alice's suite.",
          calls: [
            edit(
              'test/tides.test.mjs',
              "import assert from 'node:assert/strict';\nimport { M2_PERIOD_MS, heightAt, tideEvents } from '../src/tides.mjs';\n",
              `import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { M2_PERIOD_MS, heightAt, tideEvents } from '../src/tides.mjs';

const cli = fileURLToPath(new URL('../bin/tidepool.mjs', import.meta.url));
`,
            ),
          ],
        },
        {
          calls: [
            edit(
              'test/tides.test.mjs',
              '  assert.ok(Math.abs(heightAt(referenceHigh, { referenceHigh }) - 1) < 1e-9);\n});\n',
              `  assert.ok(Math.abs(heightAt(referenceHigh, { referenceHigh }) - 1) < 1e-9);
});

test('the command prints one table per day with --days', () => {
  const args = [cli, '--ref', '2026-04-09T03:12Z', '--date', '2026-04-10', '--days', '3'];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8' });
  assert.deepEqual(out.match(/\\d{4}-\\d{2}-\\d{2}(?= {2}\\(UTC\\))/g), ['2026-04-10', '2026-04-11', '2026-04-12']);
});
`,
            ),
          ],
        },
        {
          calls: [
            bash(
              `${RUN_TESTS} && node bin/tidepool.mjs --ref 2026-04-09T03:12Z --date 2026-04-10 --days 2`,
              'Run the tests, then print two days',
              /ℹ pass 5\nℹ fail 0[\s\S]*tidepool · 2026-04-11/,
            ),
          ],
        },
        {
          text: `\`--days <n>\` (1 to 31) prints n tables, one per UTC day, in Vesta's layout; a bad value exits 2 with the usage like every other flag.

- \`bin/tidepool.mjs\`: the flag, its check, and the loop.
- \`test/tides.test.mjs\`: a fifth test runs the command with \`--days 3\` and checks the three dates.

5 of 5 pass. Conch back.`,
        },
      ],
    },

    // 6 ─ Alice brings the changelog up to date and tries to break the command.
    {
      entity: 'alice',
      message: 'Alice, bring the changelog up to date and give the whole thing a last run.',
      rounds: [
        {
          reasoning:
            'The changelog has only Juno\'s line. Four changes landed since: newest first, each signed by whoever made it, taken from the thread rather than from memory.',
          text: 'Reading the changelog.',
          calls: [read('CHANGELOG.md')],
        },
        {
          text: 'Four changes since the plan, newest first, signed as they were made in the thread.',
          calls: [
            edit(
              'CHANGELOG.md',
              '## Unreleased\n\n- Project plan and README. (juno)\n',
              `## Unreleased

- \`--days <n>\` prints n daily tables in a row. (iris)
- \`tidepool\` command: a day's highs and lows under a sparkline of the water. (vesta)
- Tests for the tide model; \`tideEvents\` no longer returns a tide from before its window. (alice)
- Tide model: \`heightAt\` and \`tideEvents\` on the M2 constituent. (iris)
- Project plan and README. (juno)
`,
            ),
          ],
        },
        {
          text: 'Last run, including one bad input on purpose.',
          calls: [
            bash(
              `${RUN_TESTS} | tail -8; node bin/tidepool.mjs --ref yesterday --date 2026-04-10; echo "exit $?"`,
              'Run the suite and try a bad --ref',
              /ℹ fail 0[\s\S]*--ref must be an ISO time[\s\S]*exit 2/,
            ),
          ],
        },
        {
          text: `- \`CHANGELOG.md\`: the four changes since the plan, newest first, each signed.
- Suite: 5 of 5 pass.
- \`--ref yesterday\` exits 2 with a message that says what to type. No stack trace.

Nothing else touched. Conch to Juno to close.`,
        },
      ],
    },

    // 7 ─ Juno closes: README credits, changelog cut, tests green, work committed.
    {
      entity: 'juno',
      message: 'Juno, close the party.',
      rounds: [
        {
          text: 'Reading what changed since I opened.',
          calls: [read('README.md'), read('CHANGELOG.md')],
        },
        {
          reasoning:
            "The README's usage predates --days: one sentence fixes that. The plan table is now simply the credits. Cut 0.1.0 in the changelog, run the suite once more, commit, sign out.",
          text: 'The plan happened as written, so the plan becomes the credits.',
          calls: [
            edit(
              'README.md',
              '## Plan\n\n| file | who | what |',
              '## Who built what\n\nBuilt on one party line: four entities, one session, one conch.\n\n| file | who | what |',
            ),
          ],
        },
        {
          text: "Usage still predates Iris's `--days`.",
          calls: [
            edit(
              'README.md',
              'Bad input exits with status 2 and the usage.\n',
              'Bad input exits with status 2 and the usage.\n\n`--days <n>` (1 to 31) prints n tables, one per UTC day.\n',
            ),
          ],
        },
        {
          calls: [edit('CHANGELOG.md', '## Unreleased', '## 0.1.0 (first tide)')],
        },
        {
          text: 'Final run, then the commit.',
          calls: [
            bash(
              `${RUN_TESTS} | tail -8 && git add README.md CHANGELOG.md src bin test && git commit -qm "tidepool 0.1.0" && git log --oneline`,
              'Run the suite and commit tidepool 0.1.0',
              /ℹ fail 0[\s\S]*tidepool 0\.1\.0/,
            ),
          ],
        },
        {
          text: `Party closed.

- \`README.md\`: the plan is now the credits; Usage mentions \`--days\`.
- \`CHANGELOG.md\`: cut 0.1.0.
- 5 of 5 tests pass; committed as \`tidepool 0.1.0\`.

Six files, four lanes, one bug caught by a test before anyone shipped it. Thank you, Iris, Alice, Vesta.`,
        },
      ],
    },
  ],
};
