import { describe, test } from 'vitest';
import { POSTGRES_TAG } from '../summary-reporter.js';
import { type PgTimes, provePostgres } from './postgres.js';
import { defaultPairs, named } from './select.js';

/**
 * Every framework of the catalog with `--postgres` on its default server, each against a private
 * PostgreSQL cluster (test/helpers/postgres.ts): see provePostgres. PYWEB_PAIRS narrows a local
 * run as for the matrix (`PYWEB_PAIRS=flask,django npx vitest run test/matrix/postgres.test.ts`);
 * PYWEB_TIMINGS=1 prints each run's steps with their times;
 * PYWEB_GENERATOR=<another checkout>/bin/create-pyweb.js proves another build with this harness.
 */
describe.concurrent('matrix with PostgreSQL', () => {
  for (const pair of defaultPairs().filter((p) => named(p))) {
    test(`${pair.framework} × ${pair.server} ${POSTGRES_TAG}`, async () => {
      const t: PgTimes = {};
      const t0 = Date.now();
      try {
        await provePostgres(pair, t);
      } finally {
        if (process.env.PYWEB_TIMINGS) {
          const steps = Object.entries(t)
            .map(([k, v]) => `${k} ${v.toFixed(1)}s`)
            .join(', ');
          process.stderr.write(
            `postgres timings ${pair.framework}:${pair.server} ${((Date.now() - t0) / 1000).toFixed(0)}s: ${steps}\n`,
          );
        }
      }
    }, 600_000);
  }
});
