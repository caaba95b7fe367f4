import { ADDONS } from '../addons/index.js';
import type { Addon } from '../addons/types.js';

/**
 * The add-ons are modules, one folder each in generators/addons/ (definition, templates, README
 * sections, test), registered in generators/addons/index.ts; the catalog passes them on so
 * that its users find every choice in one place.
 */
export { ADDONS };
export type { Addon } from '../addons/types.js';

export const ADDON_IDS = ADDONS.map((a) => a.id);

export function findAddon(id: string): Addon | undefined {
  return ADDONS.find((a) => a.id === id);
}

/** `add server <id>`: not a layer of its own but a switch of the stack's server. */
export const SERVER_ADDON = {
  id: 'server',
  title: 'server <id>',
  description:
    'add or switch the server: its dependency, its config, and the serve command in every deploy file',
} as const;
