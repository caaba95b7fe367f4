import {
  ADDONS,
  type Addon,
  FRAMEWORKS,
  findAddon,
  SERVERS,
  type Server,
} from '../catalog/index.js';
import { addons } from './carried.js';
import type { Stack } from './stack.js';

/**
 * Template layers, by name: `common`, `frameworks/<id>`, `servers/<id>` and the like are folders
 * of templates/, `addons/<id>` is an add-on's own templates/ folder and `addons/<id>/<folder>` a
 * folder of its layers/ (a framework's variant of its files). A TemplateSource (render.ts)
 * turns a name into files, so that these lists need no disk.
 */

/**
 * Layers a stack is composed from, later layers winning on the same path. `env` is
 * .env.example (compose reads .env); `glue` is what servers without a proxy setting of their own
 * import (forwarded.py). A layer with no folder has no files.
 */
export function layersFor(stack: Stack): string[] {
  return [
    'common',
    'env',
    'glue',
    `frameworks/${stack.framework.id}`,
    ...serverLayers(stack.server),
    ...addons(stack).flatMap((id) => {
      const addon = findAddon(id)!;
      return [
        addonLayer(addon),
        ...(addon.layers?.for(stack) ?? []).map((l) => `${addonLayer(addon)}/${l}`),
      ];
    }),
  ];
}

/** The layer of an add-on's whole files: `templates/` in its own folder. */
export function addonLayer(addon: Addon): string {
  return `addons/${addon.id}`;
}

/** A server's layers: those it shares with its family (`shared/<name>`), then its own. */
export function serverLayers(server: Server): string[] {
  return [...(server.sharedLayers ?? []).map((l) => `shared/${l}`), `servers/${server.id}`];
}

/** Every layer some stack is composed from: what any project could hold (reserved.ts). */
export function allLayers(): string[] {
  return [
    ...new Set([
      'common',
      'env',
      'glue',
      ...FRAMEWORKS.map((f) => `frameworks/${f.id}`),
      ...SERVERS.flatMap(serverLayers),
      ...ADDONS.flatMap((a) => [
        addonLayer(a),
        ...(a.layers?.all() ?? []).map((l) => `${addonLayer(a)}/${l}`),
      ]),
    ]),
  ];
}
