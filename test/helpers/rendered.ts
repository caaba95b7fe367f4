import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderFiles } from '../../generators/add/files.js';
import {
  ADDON_IDS,
  FRAMEWORKS,
  SERVERS,
  pairOf,
  validPairs,
} from '../../generators/catalog/index.js';
import { templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { renderTo } from './render-to.js';
import {
  buildStack,
  type DeployOptions,
  INSTALL_METHODS,
  type InstallMethod,
  serveFor,
  type Manager,
  type ProjectShape,
  type Stack,
} from '../../generators/project/stack.js';

/**
 * What the render tests check, rendered in-process: the unit tests read it, and the integration
 * tests run the PyPI linters (ruff, hadolint) over the same files.
 */

/** Every pair with every deployment file (and any add-ons `more` turns on), written under `out`. */
export function renderPairs(out: string, more: Partial<DeployOptions> = {}) {
  return Promise.all(
    validPairs().map(async (p) => {
      const dir = join(out, `${p.framework}-${p.server}`);
      const stack = buildStack(dir, p.framework, p.server, { k8s: true, ...more });
      await renderTo(layersFor(stack), dir, templateContext(stack));
      return { pair: p, dir, stack };
    }),
  );
}

/** A project `add` found: its layout and manager as detection would report them. */
function foundStack(
  out: string,
  framework: string,
  server: string,
  method: InstallMethod,
  layout: 'flat' | 'package' | 'src',
): Stack {
  const base = buildStack(
    join(out, 'x'),
    framework,
    server,
    Object.fromEntries(ADDON_IDS.map((id) => [id, id !== 'apache' || server === 'mod_wsgi'])),
  );
  const app =
    layout === 'flat'
      ? { module: 'app', attr: 'app', factory: false }
      : { module: 'shop.main', attr: 'create_app', factory: true };
  const shape: ProjectShape = {
    origin: 'detected',
    app,
    glue:
      layout === 'flat'
        ? { pkg: 'serving', dir: 'serving' }
        : { pkg: 'shop', dir: layout === 'src' ? 'src/shop' : 'shop' },
    glueIsNew: layout === 'flat',
    importRoot: layout === 'src' ? 'src' : '',
    // poetry-no-root is Poetry's, pip-dependencies pip's (a project that is not a package), uv-workspace uv's.
    manager: method.split('-')[0] as Manager,
    dependenciesOnly: ['poetry-no-root', 'pip-dependencies'].includes(method)
      ? 'no package named after the project'
      : undefined,
    workspace:
      method === 'uv-workspace'
        ? { root: '../..', member: 'packages/shop', package: 'shop' }
        : undefined,
    health: '/health',
    django: undefined,
    hasTests: false,
    devExtra: false,
    lintTools: false,
  };
  return { ...base, shape, serve: serveFor(base.server, base.pair, shape) };
}

const CASES = FRAMEWORKS.filter((f) => ['flask', 'fastapi'].includes(f.id))
  .flatMap((f) =>
    SERVERS.filter((s) => pairOf(f, s)).flatMap((s) =>
      INSTALL_METHODS.map((m, i) => ({
        f: f.id,
        s: s.id,
        m,
        layout: (['flat', 'package', 'src'] as const)[i % 3],
      })),
    ),
  )
  // mod_wsgi cannot call a factory: `add` refuses that pair (tested in test/cli).
  .filter((c) => !(c.s === 'mod_wsgi' && c.layout !== 'flat'));

/** `add`'s files for flask and fastapi with every server and manager, written under `out`. */
export function renderFound(out: string) {
  return Promise.all(
    CASES.map(async (c) => {
      const stack = foundStack(out, c.f, c.s, c.m, c.layout);
      const files = await renderFiles(stack);
      const dir = join(out, `${c.f}-${c.s}-${c.m}`);
      for (const [rel, text] of files) {
        await mkdir(join(dir, rel, '..'), { recursive: true });
        await writeFile(join(dir, rel), text);
      }
      return { ...c, stack, files, dir };
    }),
  );
}
