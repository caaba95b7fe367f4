import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The matrix runs pairs concurrently inside one file; 2 cores, mostly waiting on I/O.
    maxConcurrency: Number(process.env.PYWEB_CONCURRENCY ?? 3),
    pool: 'forks',
  },
});
