import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.spec.ts', 'web/**/*.spec.ts', 'test/unit/**/*.test.ts', 'test/api/**/*.test.ts', 'test/import/**/*.test.ts', 'test/sql/**/*.test.ts'],
          environment: 'node',
          env: { TZ: 'UTC' },
          testTimeout: 30_000,
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
          // One Chromium and one server at a time: the machines have two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
