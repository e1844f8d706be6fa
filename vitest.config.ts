import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real opencode, Chromium and ffmpeg run inside tests: give them room, but keep it bounded.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // The closing lines: tests skipped for want of the samples, and the count CI reads.
    reporters: ['default', './test/helpers/samples-reporter.ts'],
  },
});
