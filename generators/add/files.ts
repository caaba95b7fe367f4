import { ciWorkflowPath, templateContext } from '../project/context.js';
import { findAddon } from '../catalog/index.js';
import { addonLayer, layersFor, serverLayers } from '../project/layers.js';
import { renderLayers } from '../project/render.js';
import { addons, type Stack } from '../project/stack.js';
import { productionSettings } from './django.js';
import { packageTemplates } from '../project/template-files.js';
import { textsOf } from '../project/tree.js';

const CI_WORKFLOW = ciWorkflowPath('');

/** Relative path → text: a project as the templates would write it. */
export type FileSet = Map<string, string>;

/**
 * The files create-pyweb writes for a stack. A project it made is rendered whole, so that `add`
 * can tell which of its files an add-on changes. A project it found on disk owns everything
 * but the serving glue, the server's config and the deploy layers: only those are rendered (the
 * first two only once an add-on that serves the app needs a server).
 */
export async function renderFiles(stack: Stack, withServer = true): Promise<FileSet> {
  const created = stack.shape.origin === 'created';
  const layers = created
    ? layersFor(stack)
    : [
        ...(withServer ? ['glue', ...serverLayers(stack.server)] : []),
        // compose.yaml reads .env, which the README says to copy from .env.example; an app
        // that reads settings of its own gets the list of them wherever it is served.
        ...(stack.deploy.compose === true ||
        (withServer && (stack.shape.settings?.length || stack.shape.django?.production))
          ? ['env']
          : []),
        ...addons(stack).map((a) => addonLayer(findAddon(a)!)),
      ];
  const files = textsOf(await renderLayers(layers, templateContext(stack), packageTemplates));
  if (created) return files;
  const found = adoptGlue(stack, files);
  const dj = stack.shape.django;
  if (withServer && dj?.production)
    found.set(dj.production.path, productionSettings(dj.settings, stack.shape.health));
  return found;
}

/**
 * A found project takes the server's glue without its tests, forwarded.py only where the glue uses it,
 * an __init__.py where the glue package is new, and the glue under src/ in a src layout.
 */
function adoptGlue(stack: Stack, rendered: FileSet): FileSet {
  const { pkg, dir } = stack.shape.glue;
  const out: FileSet = new Map();
  const sub = stack.shape.repoSubdir;
  for (const [rel, text] of rendered) {
    if (rel.startsWith('tests/')) continue;
    // GitHub runs workflows from the repository's root only.
    if (rel === CI_WORKFLOW && sub) {
      out.set(
        `${sub
          .split('/')
          .map(() => '..')
          .join('/')}/${ciWorkflowPath(sub)}`,
        text,
      );
      continue;
    }
    out.set(rel.startsWith(`${pkg}/`) ? `${dir}/${rel.slice(pkg.length + 1)}` : rel, text);
  }
  const usesForwarded = [...out].some(
    ([rel, text]) => rel.startsWith(`${dir}/`) && /from \.forwarded import/.test(text),
  );
  if (!usesForwarded) out.delete(`${dir}/forwarded.py`);
  if (stack.shape.glueIsNew && [...out.keys()].some((rel) => rel.startsWith(`${dir}/`))) {
    out.set(
      `${dir}/__init__.py`,
      `"""How ${stack.server.label} serves the app: written by create-pyweb add."""\n`,
    );
  }
  return out;
}
