import type Compiler from 'handlebars';
import runtime from 'handlebars/runtime.js';
import { applyPatches } from '../addons/patch.js';
import type { Addon } from '../addons/types.js';
import { findAddon } from '../catalog/index.js';
import { templateContext, type TemplateContext } from './context.js';
import { layersFor } from './layers.js';
import { COMPILE_OPTIONS } from './compile-options.js';
import { PRECOMPILED, type TemplateSpecification } from './precompiled.js';
import type { Stack } from './stack.js';
import type { FileTree } from './tree.js';

/**
 * Rendering is pure: templates in, a file tree (tree.ts) out. It reads the templates through a
 * TemplateSource and touches no disk, so that it can run where there is none (a browser) and so
 * that `create` and `add` can plan on its result before the writer (write.ts) puts anything down.
 */

/** A template file of a layer, by its path there (`{{package}}/app.py`, `_gitignore`). */
export interface SourceFile {
  path: string;
  /** Text, or bytes for a binary file, which is copied as it is and never rendered. */
  content: string | Uint8Array;
  executable?: boolean;
}

/** Where templates come from: the package on disk (template-files.ts), or a bundle in a page. */
export interface TemplateSource {
  /** The version of create-pyweb these templates belong to: the record says it (`toolVersion`). */
  version: string;
  /** The files of a layer (layers.ts names them); a layer that does not exist has none. */
  files(layer: string): SourceFile[];
  /** A text file of an add-on's own folder, by its path there (`sections/README.deploy.md`). */
  addonText(addon: Addon, rel: string): string;
}

/** Where npm would drop a dotfile from the published package, the template carries `_name`. */
const RENAMES: Record<string, string> = { _gitignore: '.gitignore' };

// Handlebars' runtime: templates come compiled, ahead of time (the bundle) or by `compile` below.
// handlebars/runtime's own typings declare nothing: it is the runtime half of the full API.
const hb = (runtime as unknown as typeof Compiler).create();

/**
 * Helpers registered on `hb` beside Handlebars' own (`if`, `each`...): none today, values are
 * computed in context.ts. A test checks that each one a template would need is used.
 */
export function registeredHelpers(): string[] {
  const builtIn = new Set(Object.keys((runtime as unknown as typeof Compiler).create().helpers));
  return Object.keys(hb.helpers).filter((h) => !builtIn.has(h));
}

/**
 * Partials are templates/partials/<folder>/<name>.hbs, named `<folder>/<name>`: one per install
 * method, which the Dockerfile and the CI workflow both include. Registered once, before the first
 * render that could use one.
 */
const partials = new WeakMap<TemplateSource, Promise<void>>();
function registerPartials(source: TemplateSource): Promise<void> {
  let done = partials.get(source);
  if (!done) {
    done = (async () => {
      for (const file of source.files('partials')) {
        if (!file.path.endsWith('.hbs') || typeof file.content !== 'string') continue;
        const spec = PRECOMPILED.get(file.content) ?? (await compile(file.content));
        hb.registerPartial(file.path.slice(0, -'.hbs'.length), hb.template(spec));
      }
    })();
    partials.set(source, done);
  }
  return done;
}

/** Templates ready to run, by their text, for the renders that follow in the same process. */
const templates = new Map<string, ReturnType<typeof hb.template>>();

/**
 * A template the bundle does not carry compiled (run from source, or edited since the build). The
 * compiler is loaded only then, with the options the build compiles with (COMPILE_OPTIONS).
 */
async function compile(text: string): Promise<TemplateSpecification> {
  const { default: compiler } = await import('handlebars');
  return new Function(
    `return ${compiler.precompile(text, COMPILE_OPTIONS)}`,
  )() as TemplateSpecification;
}

/** A text without a mustache renders to itself: only the others are compiled, each once. */
async function render(
  text: string,
  data: TemplateContext,
  source: TemplateSource,
): Promise<string> {
  if (!text.includes('{{')) return text;
  if (text.includes('{{>')) await registerPartials(source);
  let template = templates.get(text);
  if (!template) {
    template = hb.template(PRECOMPILED.get(text) ?? (await compile(text)));
    templates.set(text, template);
  }
  return template(data);
}

/** The files create-pyweb makes for a stack, in memory. */
export function renderStack(stack: Stack, source: TemplateSource): Promise<FileTree> {
  return renderLayers(layersFor(stack), templateContext(stack), source);
}

/**
 * Renders template layers into a file tree. Later layers win on the same path, so only the
 * winner of each path is rendered. Paths are templates too (`{{package}}/app.py`). A file that
 * renders to nothing but white space is left out: that is how a template says "not for this
 * stack" without a list of conditions in code. The add-ons the context carries (`addonIds`)
 * then patch the tree (a README section, a compose service).
 */
export async function renderLayers(
  layers: string[],
  context: TemplateContext,
  source: TemplateSource,
): Promise<FileTree> {
  const data = { ...context, toolVersion: source.version };
  const winners = new Map<string, SourceFile>();
  for (const layer of layers)
    for (const file of source.files(layer))
      winners.set(await render(file.path, data, source), file);
  const tree: FileTree = new Map();
  for (const [renderedRel, file] of winners) {
    const out =
      typeof file.content === 'string' ? await render(file.content, data, source) : file.content;
    if (typeof out === 'string' && out.trim() === '') continue;
    const base = renderedRel.split('/').at(-1)!;
    const rel = RENAMES[base] ? renderedRel.slice(0, -base.length) + RENAMES[base] : renderedRel;
    tree.set(rel, file.executable ? { content: out, executable: true } : { content: out });
  }
  await patchTree(tree, data, source);
  return tree;
}

/** The carried add-ons' patches over the text files of a rendered tree. */
async function patchTree(tree: FileTree, data: TemplateContext, source: TemplateSource) {
  const ids: readonly string[] = (data as Partial<TemplateContext>).addonIds ?? [];
  const carried = ids.map((id) => findAddon(id)).filter((a) => a !== undefined);
  const texts = new Map<string, string>();
  for (const [rel, file] of tree)
    if (typeof file.content === 'string') texts.set(rel, file.content);
  await applyPatches(
    texts,
    carried,
    data,
    (text) => render(text, data, source),
    (addon, rel) => source.addonText(addon, rel),
  );
  for (const [rel, text] of texts) {
    const file = tree.get(rel)!;
    if (file.content !== text) tree.set(rel, { ...file, content: text });
  }
}
