import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    teardownTimeout: 60_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.spec.ts', 'web/**/*.spec.ts', 'test/unit/**/*.test.ts', 'test/api/**/*.test.ts', 'test/import/**/*.test.ts', 'test/sql/**/*.test.ts'],
          environment: 'node',
          env: { TZ: 'UTC' },
          // Hooks build whole apps (DuckDB + dataset) and get the same budget as
          // tests: Vitest's 10 s default failed 6–12 files on a loaded 2-core machine.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          env: { TZ: 'UTC' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // expect.poll waits for the page: 1 s (Vitest's default) is too short on a loaded 2-core machine.
          expect: { poll: { timeout: 20_000, interval: 100 } },
          // One Chromium and one server at a time: the machines have two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
