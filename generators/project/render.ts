import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type Compiler from 'handlebars';
import runtime from 'handlebars/runtime.js';
import { applyPatches } from '../addons/patch.js';
import { findAddon } from '../catalog/index.js';
import type { TemplateContext } from './context.js';
import { templatesRoot } from './layers.js';
import { PRECOMPILED, type TemplateSpecification } from './precompiled.js';

/** Where npm would drop a dotfile from the published package, the template carries `_name`. */
const RENAMES: Record<string, string> = { _gitignore: '.gitignore' };

export interface RenderedFile {
  path: string;
  bytes: number;
}

// Handlebars' runtime: templates come compiled, ahead of time (the bundle) or by `compile` below.
// handlebars/runtime's own typings declare nothing: it is the runtime half of the full API.
const hb = (runtime as unknown as typeof Compiler).create();
hb.registerHelper('json', (value: unknown) => JSON.stringify(value));
hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);

/**
 * Partials are templates/partials/<folder>/<name>.hbs, named `<folder>/<name>`: one per install
 * method, which the Dockerfile and the CI workflow both include. Registered once, before the first
 * render that could use one.
 */
let partials: Promise<void> | undefined;
function registerPartials(): Promise<void> {
  partials ??= (async () => {
    const root = join(templatesRoot(), 'partials');
    for (const rel of listFilesSync(root)) {
      if (!rel.endsWith('.hbs')) continue;
      const text = readFileSync(join(root, rel), 'utf8');
      hb.registerPartial(
        rel.slice(0, -'.hbs'.length),
        hb.template(PRECOMPILED.get(text) ?? (await compile(text))),
      );
    }
  })();
  return partials;
}

/** Templates ready to run, by their text, for the renders that follow in the same process. */
const templates = new Map<string, ReturnType<typeof hb.template>>();

/**
 * A template the bundle does not carry compiled (run from source, or edited since the build). The
 * compiler is loaded only then; default options (HTML escaping on), as the build compiles.
 */
async function compile(text: string): Promise<TemplateSpecification> {
  const { default: compiler } = await import('handlebars');
  return new Function(`return ${compiler.precompile(text)}`)() as TemplateSpecification;
}

/** A text without a mustache renders to itself: only the others are compiled, each once. */
async function render(text: string, data: TemplateContext): Promise<string> {
  if (!text.includes('{{')) return text;
  if (text.includes('{{>')) await registerPartials();
  let template = templates.get(text);
  if (!template) {
    template = hb.template(PRECOMPILED.get(text) ?? (await compile(text)));
    templates.set(text, template);
  }
  return template(data);
}

/**
 * Renders template layers into `dest` (a staging folder). Later layers win on the same path, so
 * only the winner of each path is rendered. Paths are templates too (`{{package}}/app.py`). A file
 * that renders to nothing but white space is not written: that is how a template says "not for
 * this stack" without a list of conditions in code. The add-ons the context carries
 * (`addonIds`) then patch the rendered tree in memory (a README section, a compose service)
 * before anything is written.
 */
export async function renderLayers(
  layers: string[],
  dest: string,
  data: TemplateContext,
): Promise<RenderedFile[]> {
  const sources = new Map<string, string>();
  for (const base of layers) {
    for (const rel of listFilesSync(base)) sources.set(await render(rel, data), join(base, rel));
  }
  const tree = new Map<string, string | Buffer>();
  const from = new Map<string, string>();
  for (const [renderedRel, source] of sources) {
    const raw = readFileSync(source);
    // A NUL byte marks a binary file: copied as it is, never rendered.
    const out = raw.includes(0) ? raw : await render(raw.toString('utf8'), data);
    if (typeof out === 'string' && out.trim() === '') continue;
    const base = renderedRel.split('/').at(-1)!;
    const rel = RENAMES[base] ? renderedRel.slice(0, -base.length) + RENAMES[base] : renderedRel;
    tree.set(rel, out);
    from.set(rel, source);
  }
  await patchTree(tree, data);
  const files: RenderedFile[] = [];
  const made = new Set<string>();
  for (const [rel, out] of tree) {
    const abs = join(dest, rel);
    const dir = dirname(abs);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(abs, out);
    // An executable template (a script) stays executable.
    const exec = statSync(from.get(rel)!).mode & 0o111;
    if (exec) chmodSync(abs, statSync(abs).mode | exec);
    files.push({ path: rel, bytes: Buffer.byteLength(out) });
  }
  // Fault injection for the tests that prove a failed render leaves the target untouched.
  if (process.env.CREATE_PYWEB_INJECT_FAULT === 'render')
    throw new Error('injected fault after rendering');
  return files.sort(byPath);
}

/** The carried add-ons' patches over the text files of a rendered tree. */
async function patchTree(tree: Map<string, string | Buffer>, data: TemplateContext) {
  const ids: readonly string[] = (data as Partial<TemplateContext>).addonIds ?? [];
  const carried = ids.map((id) => findAddon(id)).filter((a) => a !== undefined);
  const texts = new Map<string, string>();
  for (const [rel, out] of tree) if (typeof out === 'string') texts.set(rel, out);
  await applyPatches(texts, carried, data, (text) => render(text, data));
  for (const [rel, text] of texts) tree.set(rel, text);
}

/**
 * Case-insensitive, then by code point: close to localeCompare's order without the cost of
 * starting ICU's collator, which is more than the rest of a render.
 */
function byPath(a: RenderedFile, b: RenderedFile): number {
  const x = a.path.toLowerCase();
  const y = b.path.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Files under `root` (dotfiles included, symlinks not), relative, with `/` separators. */
function listFilesSync(root: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFilesSync(root, rel));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

export async function listFiles(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const abs = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(root, abs)));
    else out.push(relative(root, abs).split('\\').join('/'));
  }
  return out;
}
