// Closes the run with two lines: how many sample-reading tests were skipped and why (only when
// the samples are absent), and "Tests: N passed, N failed, N skipped", the count CI reads, in
// which a file that failed outside its tests counts as one failure.
import type { File, Task } from '@vitest/runner';
import type { Reporter } from 'vitest/reporters';
import { samplesLocation } from './samples-path.js';

export default class SamplesReporter implements Reporter {
  onFinished(files: File[] = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0, skippedForSamples: 0 };
    const walk = (task: Task, needsSamples: boolean) => {
      const needs = needsSamples || task.meta?.needsSamples === true;
      if (task.type === 'test') {
        const state = task.result?.state;
        if (state === 'pass') counts.passed++;
        else if (state === 'fail') counts.failed++;
        else if (task.mode === 'skip' || task.mode === 'todo') {
          counts.skipped++;
          if (needs) counts.skippedForSamples++;
        }
      }
      if ('tasks' in task) for (const child of task.tasks) walk(child, needs);
    };
    for (const file of files) {
      const failedBefore = counts.failed;
      walk(file, false);
      // A file that failed outside its tests (it would not load, a hook threw) counts once.
      if (file.result?.state === 'fail' && counts.failed === failedBefore) counts.failed++;
    }
    const location = samplesLocation();
    if (counts.skippedForSamples > 0 && !location.found) {
      console.log(`${counts.skippedForSamples} tests skipped: no samples at ${location.path} (set PLAYBACK_SAMPLES)`);
    }
    console.log(`Tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
