import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The matrix runs pairs concurrently inside one file; 2 cores, mostly waiting on I/O.
    maxConcurrency: Number(process.env.PYWEB_CONCURRENCY ?? 3),
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/**/*.test.ts'],
          exclude: ['test/containers/**'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The container stage (podman) starts once the rest has finished: its builds need both cores.
        extends: true,
        test: {
          name: 'containers',
          include: ['test/containers/**/*.test.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
