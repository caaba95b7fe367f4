import { describe, test } from 'vitest';
import { validPairs } from '../../generators/catalog/index.js';
import { provePair } from './prove.js';

/**
 * One test per valid pair, generated from the catalog. PYWEB_PAIRS narrows a local run:
 * `PYWEB_PAIRS=flask:gunicorn,django:* npm test`.
 */
function selected() {
  const filter = process.env.PYWEB_PAIRS?.split(',').map((s) => s.trim().split(':'));
  return validPairs().filter(
    (p) =>
      !filter ||
      filter.some(
        ([f, s]) => (f === '*' || f === p.framework) && (!s || s === '*' || s === p.server),
      ),
  );
}

describe.concurrent('matrix', () => {
  for (const pair of selected()) {
    test(`${pair.framework} × ${pair.server}`, async () => {
      await provePair(pair);
    }, 600_000);
  }
});
