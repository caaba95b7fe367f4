import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { addonHome } from '../addons/patch.js';
import {
  ADDONS,
  type Addon,
  FRAMEWORKS,
  findAddon,
  SERVERS,
  type Server,
} from '../catalog/index.js';
import { packageRoot } from '../version.js';
import { addons, type Stack } from './stack.js';

/** templates/ beside package.json, from src (vitest) or dist (built) alike. */
export function templatesRoot(): string {
  return join(packageRoot(), 'templates');
}

/**
 * Template folders a stack is composed from, later layers winning on the same path. `env` is
 * .env.example (compose reads .env); `glue` is what servers without a proxy setting of their own
 * import (forwarded.py).
 */
export function layersFor(stack: Stack): string[] {
  const root = templatesRoot();
  const layers = [
    'common',
    'env',
    'glue',
    `frameworks/${stack.framework.id}`,
    ...serverLayers(stack.server),
  ];
  return [
    ...layers.map((l) => join(root, l)),
    ...addons(stack).map((id) => addonLayer(findAddon(id)!)),
  ].filter((p) => existsSync(p));
}

/** The folder of an add-on's whole files: `templates/` in its own folder. */
export function addonLayer(addon: Addon): string {
  return join(addonHome(addon), 'templates');
}

/** A server's template folders (under templates/): those it shares with its family, then its own. */
export function serverLayers(server: Server): string[] {
  return [...(server.sharedLayers ?? []).map((l) => `shared/${l}`), `servers/${server.id}`];
}

/**
 * Every template folder some stack is composed from (existing ones only), named as in
 * `frameworks/<id>` or `addons/<id>`: what any project could hold, for the names a project
 * cannot take (reserved.ts).
 */
export function allLayers(): { name: string; dir: string }[] {
  const layers = new Set([
    'common',
    'env',
    'glue',
    ...FRAMEWORKS.map((f) => `frameworks/${f.id}`),
    ...SERVERS.flatMap(serverLayers),
  ]);
  return [
    ...[...layers].map((name) => ({ name, dir: join(templatesRoot(), name) })),
    ...ADDONS.map((a) => ({ name: `addons/${a.id}`, dir: addonLayer(a) })),
  ].filter((l) => existsSync(l.dir));
}
