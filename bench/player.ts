// `npm run bench:player`: the exported player on a synthetic 20,000-event recording, in headless
// Chromium. Measures the first frame (the page's last byte → first scene drawn, with the scene's
// fonts; drawn from the page's head while the whole session is still being read) over several
// page loads, cold and warm, next to the harness's own floor; then the latency of a seek (the
// synchronous work of `playback.seek`: scene redraw, controls, transcript) over many random seeks.
// Targets: first frame < 300 ms; seek p95 < 16 ms.
import { loadavg } from 'node:os';
import type { Participant, RecEvent, Recording, Turn } from '../src/recording/model.js';
import { emptyTokens } from '../src/recording/model.js';
import { timelineFor } from '../src/timeline/index.js';
import { playerHtml } from '../src/player/export-html.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import type { Page } from 'playwright-core';
import { launchBrowser, openPlayer } from '../test/helpers/browser.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const SEEKS = Number(process.env.BENCH_SEEKS ?? 400);
const PER_TURN = 80;

const WORDS = 'the player draws each frame from the timeline so a seek is a lookup and a redraw never a replay of what came before'.split(' ');

function sentence(i: number, n: number): string {
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(WORDS[(i * 7 + k * 3) % WORDS.length]!);
  return `${out.join(' ')}.`;
}

/** A party of three entities taking turns; each turn mixes text, reasoning, tools and file edits. */
function syntheticRecording(events: number): Recording {
  const start = Date.UTC(2026, 0, 1);
  const names = ['Juno', 'Iris', 'Vesta'];
  const colors = ['#e0a458', '#6cb4ee', '#b48ead'];
  const participants: Participant[] = names.map((name, i) => ({
    id: `entity:${name.toLowerCase()}`,
    kind: 'entity',
    name,
    handle: name.toLowerCase(),
    models: ['anthropic/claude-sonnet-4'],
    color: colors[i],
  }));
  participants.push({ id: 'user', kind: 'user', name: 'user', models: [] });
  const turns: Turn[] = [];
  const files = new Map<number, { values: number[]; edits: number }>();
  let time = start;
  let made = 0;
  for (let index = 0; made < events; index++) {
    const participantId = participants[index % names.length]!.id;
    const base = { sessionId: 'ses_bench', participantId, model: 'anthropic/claude-sonnet-4' };
    const turnStart = time;
    const list: RecEvent[] = [];
    for (let k = 0; k < PER_TURN && made < events; k++, made++) {
      time += 1500;
      const id = `e${made}`;
      const kind = k % 8;
      if (kind === 0 || kind === 4) {
        list.push({ ...base, id, time, kind: 'text', role: 'assistant', text: `${sentence(made, 18)} ${sentence(made + 1, 14)}` });
      } else if (kind === 1) {
        list.push({ ...base, id, time, kind: 'reasoning', text: sentence(made, 12) });
      } else if (kind === 7) {
        // Each of 40 files is written once (30 lines), then edited one line at a time.
        const f = made % 40;
        const path = `/work/bench/src/file${f}.ts`;
        const state = files.get(f);
        if (!state) {
          files.set(f, { values: new Array(30).fill(0), edits: 0 });
          const content = Array.from({ length: 30 }, (_, j) => `const a${j} = 0;`).join('\n');
          list.push({ ...base, id, time, kind: 'file-change', path, relPath: `src/file${f}.ts`, op: 'write', content, callId: `c${made - 1}` });
        } else {
          const j = state.edits++ % 30;
          const oldString = `const a${j} = ${state.values[j]};`;
          state.values[j]! += 1;
          const newString = `const a${j} = ${state.values[j]};`;
          list.push({ ...base, id, time, kind: 'file-change', path, relPath: `src/file${f}.ts`, op: 'edit', oldString, newString, callId: `c${made - 1}` });
        }
      } else {
        list.push({
          ...base, id, time, kind: 'tool', callId: `c${made}`, tool: k % 3 ? 'bash' : 'read', title: `step ${made}`,
          input: { command: `echo ${made}` }, status: 'completed', output: `${sentence(made, 9)}\n${sentence(made + 2, 9)}`,
          start: time, end: time + 800, durationMs: 800,
        });
      }
    }
    turns.push({
      index, sessionId: 'ses_bench', participantId,
      prompt: { messageId: `p${index}`, text: `Turn ${index + 1}: ${sentence(index, 10)}`, time: turnStart },
      messageIds: [`p${index}`], start: turnStart, end: time, models: ['anthropic/claude-sonnet-4'],
      events: list, tokens: emptyTokens(), cost: 0, usage: [],
    });
  }
  return {
    format: 'opencode-export', source: 'synthetic', title: `Synthetic party, ${events} events`, start, end: time,
    sessions: [{ id: 'ses_bench', title: 'Synthetic party', start, end: time, messages: { user: turns.length, assistant: turns.length }, turns }],
    participants, tokens: emptyTokens(), cost: 0, warnings: [],
  };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

const t0 = performance.now();
const recording = syntheticRecording(EVENTS);
const timeline = await timelineFor(recording);
const html = await playerHtml(timeline);
console.log(
  `recording: ${EVENTS} events in ${recording.sessions[0]!.turns.length} turns → ${timeline.cues.length} cues, ` +
    `${(html.length / 1024).toFixed(0)} KB page (built in ${Math.round(performance.now() - t0)} ms)`,
);
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

// BENCH_SAVE=<file> keeps the page, to look at or profile.
if (process.env.BENCH_SAVE) writeFileAtomic(process.env.BENCH_SAVE, html);

/** Milliseconds from the page's last byte to each mark (the harness serves pages through request routing). */
async function marksOf(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const out: Record<string, number> = {};
    for (const m of performance.getEntriesByType('mark')) out[m.name] ??= m.startTime - nav.responseEnd;
    return out;
  });
}

/** The same harness on a page that only runs one statement: what any page costs here before its own work. */
const FLOOR_PAGE = `<!doctype html><title>floor</title><p>floor</p><script>performance.mark('playback:first-frame')</script>`;

const browser = await launchBrowser();
try {
  const cold: Array<Record<string, number>> = [];
  const warm: Array<Record<string, number>> = [];
  const floor: number[] = [];
  let seekTimes: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    // Cold: a new browser context, so a new renderer process, as when a file is first opened.
    const { page, consoleErrors, pageErrors } = await openPlayer(browser, html, { viewport: { width: 1280, height: 720 } });
    if (consoleErrors.length || pageErrors.length) throw new Error(`page errors: ${[...consoleErrors, ...pageErrors].join('; ')}`);
    cold.push(await marksOf(page));
    // Warm: the same tab reloaded.
    await page.reload();
    await page.waitForFunction(() => Boolean(window.playback));
    warm.push(await marksOf(page));
    if (i === LOADS - 1) {
      seekTimes = await page.evaluate((n) => {
        const api = window.playback!;
        const d = api.getDuration();
        const times: number[] = [];
        let seed = 12345;
        for (let k = 0; k < n; k++) {
          seed = (seed * 1103515245 + 12345) % 2147483648;
          const t = (seed / 2147483648) * d;
          const s = performance.now();
          api.seek(t);
          times.push(performance.now() - s);
        }
        return times;
      }, SEEKS);
    }
    await page.context().close();
    const bare = await openPlayer(browser, FLOOR_PAGE, { waitReady: false });
    await bare.page.waitForLoadState('load');
    floor.push((await marksOf(bare.page))['playback:first-frame']!);
    await bare.page.context().close();
  }
  const med = (runs: Array<Record<string, number>>, mark: string): number => percentile(runs.map((r) => r[mark] ?? NaN), 50);
  const ms = (x: number): string => `${x.toFixed(0)} ms`;
  const verdict = (ok: boolean): string => (ok ? 'target met' : 'target MISSED');
  const p50 = percentile(seekTimes, 50);
  const p95 = percentile(seekTimes, 95);
  const ff = med(cold, 'playback:first-frame');
  console.log(`medians over ${LOADS} loads, from the page's last byte:`);
  console.log(`  harness floor (a page that only runs a script)   ${ms(percentile(floor, 50))}`);
  console.log(`  first frame, cold (new renderer)                  ${ms(ff)}  ${verdict(ff < 300)}`);
  console.log(`    script start ${ms(med(cold, 'playback:start'))}, fonts ${ms(med(cold, 'playback:fonts'))}; whole session ready ${ms(med(cold, 'playback:ready'))}`);
  console.log(`  first frame, warm (same tab reloaded)             ${ms(med(warm, 'playback:first-frame'))}; whole session ready ${ms(med(warm, 'playback:ready'))}`);
  console.log(`seek latency  p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over ${SEEKS} random seeks  ${verdict(p95 < 16)}`);
} finally {
  await browser.close();
}
