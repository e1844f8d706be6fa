import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real opencode, Chromium and ffmpeg run inside tests: give them room, but keep it bounded.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
