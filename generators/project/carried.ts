import { ADDONS } from '../catalog/index.js';
import type { DeployOptions } from './stack.js';
import type { Server } from '../catalog/index.js';

/**
 * Add-ons this project carries: its deploy/ layers, as recorded in pyproject.toml. Apart from
 * stack.ts so that rendering does not load what building a stack needs (names, the reserved
 * names read from every template).
 */
export function addons(stack: { deploy: DeployOptions; server: Server }): string[] {
  return ADDONS.filter((a) => stack.deploy[a.id] === true && !a.unfit?.(stack.server)).map(
    (a) => a.id,
  );
}
