import { ADDONS } from '../catalog/index.js';
import type { DeployOptions } from './stack.js';
import type { Server } from '../catalog/index.js';

/**
 * Add-ons this project carries: its deploy/ layers, as recorded in pyproject.toml. Apart from
 * stack.ts so that rendering does not load what building a stack needs (names, the reserved
 * names read from every template).
 */
/**
 * Whether the code create-pyweb wrote keeps its data in the postgres add-on's PostgreSQL (the
 * add-on's layers replace it): then nothing of SQLite's is set up (the image's data folder, its
 * volume and variable). A project it did not make keeps its own settings.
 */
export function dataInPostgres(stack: {
  deploy: DeployOptions;
  server: Server;
  shape: { origin: 'created' | 'detected' };
}): boolean {
  return stack.shape.origin === 'created' && addons(stack).includes('postgres');
}

export function addons(stack: { deploy: DeployOptions; server: Server }): string[] {
  return ADDONS.filter((a) => stack.deploy[a.id] === true && !a.unfit?.(stack.server)).map(
    (a) => a.id,
  );
}
