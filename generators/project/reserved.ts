import { FRAMEWORKS } from '../catalog/index.js';
import { allLayers } from './layers.js';
import type { TemplateSource } from './render.js';

/**
 * Names a project package cannot take because a generated project already uses a folder (or a
 * top-level module) of that name: the package would be mixed into it, git-ignored, left out of
 * the image or skipped by ruff. Read from the templates themselves, so a layer that starts
 * writing a new folder reserves its name with no list to update:
 *  - the top-level folders and `.py` modules of every layer of every stack;
 *  - the plain names in the ignore files (.gitignore, .dockerignore);
 *  - ruff's `exclude`/`extend-exclude` in pyproject.toml;
 *  - the folders Django's settings put under BASE_DIR (STATIC_ROOT, STATICFILES_DIRS);
 *  - the folder the image keeps Django's database in.
 * Only the few folders tools make that no template names are listed by hand (TOOL_FOLDERS).
 * Computed on first use (a few directory listings and small files): --help never pays for it.
 */

/** Names taken by tools a project is used with, which no template mentions. */
const TOOL_FOLDERS: Record<string, string> = {
  node_modules: 'npm keeps its packages in node_modules/',
  media: 'Django projects conventionally keep uploads in media/ (MEDIA_ROOT)',
  site: 'mkdocs builds the documentation into site/',
  // Not in sys.stdlib_module_names, yet most Python installs carry it.
  test: "it is Python's own regression-test package, and reads as a second tests/",
};

/** Who writes a layer's files, in words: "every project", "django projects", "the nginx add-on". */
function writer(layer: string): string {
  const [kind, id] = layer.split('/');
  if (!id) return 'every project';
  return kind === 'addons' ? `the ${id} add-on` : `${id} projects`;
}

/** Files a template layer writes, by their rendered name (npm drops dotfiles: `_gitignore`). */
const RENAMED: Record<string, string> = { _gitignore: '.gitignore' };

/** The plain names (no pattern, no negation) an ignore file lists, without their slashes. */
export function ignoredNames(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^[#!]/.test(l) && !/[*?[\]{}\\]/.test(l))
    .map((l) => l.replace(/^\/+|\/+$/g, '').split('/')[0])
    .filter(Boolean);
}

/** Folder names under BASE_DIR that Django settings assign, with the setting: [name, setting]. */
export function djangoFolders(settings: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of settings.matchAll(/^([A-Z_]+)\s*=.*$/gm)) {
    for (const f of m[0].matchAll(/BASE_DIR\s*\/\s*"([^"/]+)"/g)) out.push([f[1], m[1]]);
  }
  return out;
}

/** The strings of ruff's exclude and extend-exclude lists in a pyproject.toml. */
export function ruffExcludes(pyproject: string): string[] {
  const out: string[] = [];
  for (const m of pyproject.matchAll(/^\s*(?:extend-)?exclude\s*=\s*\[([^\]]*)\]/gm))
    for (const s of m[1].matchAll(/"([^"]+)"/g)) out.push(s[1].replace(/\/+$/, ''));
  return out;
}

let cached: Map<string, string> | undefined;
let registered: TemplateSource | undefined;

/**
 * The templates reservedNames reads when given none. Set, not imported: the package's templates
 * are read from disk (template-files.ts sets them as it loads), a page's come in its bundle, and
 * this module must load in both.
 */
export function useTemplatesForNames(source: TemplateSource): void {
  registered = source;
  cached = undefined;
}

/** Each reserved name with the one-line reason it is. */
export function reservedNames(
  source: TemplateSource | undefined = registered,
): ReadonlyMap<string, string> {
  if (cached) return cached;
  if (!source)
    throw new Error('reserved names need templates: call useTemplatesForNames(source) first');
  const why = new Map<string, string>();
  const folders = new Map<string, { dir: boolean; by: string[] }>();
  const ignores = new Map<string, string[]>();
  for (const layer of allLayers()) {
    const files = source.files(layer);
    const text = (path: string) => {
      const content = files.find((f) => f.path === path)?.content;
      return typeof content === 'string' ? content : '';
    };
    // The layer's top-level entries: a folder is the first part of a longer path.
    const top = new Map<string, boolean>();
    for (const f of files) {
      const [first, ...rest] = f.path.split('/');
      top.set(first, top.get(first) || rest.length > 0);
    }
    for (const [entry, isDir] of top) {
      const name = RENAMED[entry] ?? entry;
      // `{{package}}/` is the package itself.
      if (name.includes('{{')) continue;
      if (isDir || name.endsWith('.py')) {
        const key = isDir ? name : name.slice(0, -3);
        const f = folders.get(key) ?? { dir: isDir, by: [] };
        f.by.push(writer(layer));
        folders.set(key, f);
      }
      if (name === '.gitignore' || name === '.dockerignore') {
        for (const n of ignoredNames(text(entry)))
          ignores.set(n, [...new Set([...(ignores.get(n) ?? []), name])]);
      }
      if (name === 'pyproject.toml') {
        for (const n of ruffExcludes(text(name)))
          if (!why.has(n)) why.set(n, `ruff skips ${n}/ (extend-exclude in pyproject.toml)`);
      }
    }
    // Django's settings live in the package: `{{package}}/settings.py`.
    for (const [n, setting] of djangoFolders(text('{{package}}/settings.py')))
      if (!folders.has(n)) why.set(n, `Django's ${setting} is ${n}/`);
  }
  for (const [n, f] of folders) {
    const by = f.by.includes('every project') ? ['every project'] : [...new Set(f.by)];
    why.set(n, `${f.dir ? `a ${n}/ folder` : `${n}.py`} is written by ${by.join(', ')}`);
  }
  for (const { label, image } of FRAMEWORKS)
    if (image && !why.has(image.dataDir))
      why.set(image.dataDir, `the image keeps ${label}'s SQLite database in ${image.dataDir}/`);
  for (const [n, files] of ignores)
    if (!why.has(n))
      why.set(n, `${files.join(' and ')} leave${files.length > 1 ? '' : 's'} out ${n}/`);
  for (const [n, w] of Object.entries(TOOL_FOLDERS)) if (!why.has(n)) why.set(n, w);
  // Only what a package could be called matters (`.venv` or `compose.yaml` never is).
  cached = new Map([...why].filter(([n]) => /^[a-z_][a-z0-9_]*$/.test(n)));
  return cached;
}
