import { defineConfig } from 'vitest/config';

// Tests that assert wall-clock bounds (a rate-limited batch against its minimum time) run in a
// group of their own after the rest, so no other test file competes with them for the CPU.
const TIMING = ['test/rate-limit/adaptive.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default', './test/setup/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: TIMING },
      },
      {
        extends: true,
        test: { name: 'timing', include: TIMING, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
