import { describe, test } from 'vitest';
import { validPairs } from '../../generators/catalog/index.js';
import { provePair } from './prove.js';
import { named } from './select.js';

/**
 * One test per valid pair, generated from the catalog. PYWEB_PAIRS narrows a local run:
 * `PYWEB_PAIRS=flask:gunicorn,django:* npm test`.
 */
describe.concurrent('matrix', () => {
  for (const pair of validPairs().filter((p) => named(p))) {
    test(`${pair.framework} × ${pair.server}`, async () => {
      await provePair(pair);
    }, 600_000);
  }
});
