import { FRAMEWORKS, type Pair, validPairs } from '../../generators/catalog/index.js';
import { defaultServer } from '../../generators/project/stack.js';

/**
 * Whether PYWEB_PAIRS names the pair: `flask:gunicorn,django:*` (a framework alone means all its
 * servers); unset names every pair. The matrix, its PostgreSQL runs and the container stage read it.
 */
export function named(p: Pair, spec = process.env.PYWEB_PAIRS): boolean {
  if (!spec) return true;
  return spec
    .split(',')
    .map((s) => s.trim().split(':'))
    .some(([f, s]) => (f === '*' || f === p.framework) && (!s || s === '*' || s === p.server));
}

/** Each framework on its default server (what `--framework X --yes` makes), the catalog's order. */
export function defaultPairs(): Pair[] {
  const pairs = validPairs();
  return FRAMEWORKS.map((f) => {
    const server = defaultServer(f).id;
    const pair = pairs.find((p) => p.framework === f.id && p.server === server);
    if (!pair) throw new Error(`${f.id}'s default server ${server} makes no valid pair`);
    return pair;
  });
}
