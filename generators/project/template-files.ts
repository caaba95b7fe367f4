import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Addon } from '../addons/types.js';
import { findAddon } from '../catalog/index.js';
import { packageRoot, VERSION } from '../version.js';
import type { SourceFile, TemplateSource } from './render.js';
import { useTemplatesForNames } from './reserved.js';

/**
 * The templates as this package carries them on disk: templates/<layer> and each add-on's
 * folder. Reading only; rendering (render.ts) takes them from here through TemplateSource, so
 * that it can take them from elsewhere where there is no disk.
 */

/** templates/ beside package.json, from src (vitest) or dist (built) alike. */
export function templatesRoot(): string {
  return join(packageRoot(), 'templates');
}

/** An add-on's folder: its templates/ (whole files) and sections/ (parts of other files). */
export function addonHome(addon: Addon): string {
  return addon.home ?? join(packageRoot(), 'generators', 'addons', addon.id);
}

/** The folder a layer name (layers.ts) stands for. */
export function layerDir(layer: string): string {
  const [kind, id, ...sub] = layer.split('/');
  if (kind === 'addons') {
    const addon = findAddon(id);
    if (!addon) throw new Error(`no add-on ${id} for the layer ${layer}`);
    return sub.length
      ? join(addonHome(addon), 'layers', ...sub)
      : join(addonHome(addon), 'templates');
  }
  return join(templatesRoot(), layer);
}

/** Files under `root` (dotfiles included, symlinks not), relative, with `/` separators. */
export function filesUnder(root: string, prefix = ''): string[] {
  const out: string[] = [];
  let entries: Dirent[];
  try {
    entries = readdirSync(join(root, prefix), { withFileTypes: true });
  } catch (e) {
    // A layer with no folder (a framework without files of its own) has no files.
    if (!prefix && (e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesUnder(root, rel));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

function readLayer(layer: string): SourceFile[] {
  const dir = layerDir(layer);
  return filesUnder(dir).map((path) => {
    const abs = join(dir, path);
    const raw = readFileSync(abs);
    // A NUL byte marks a binary file: copied as it is, never rendered.
    const content = raw.includes(0) ? new Uint8Array(raw) : raw.toString('utf8');
    return (statSync(abs).mode & 0o111) !== 0
      ? { path, content, executable: true }
      : { path, content };
  });
}

/**
 * This package's templates. Read afresh on every call of `files`: a template edited since the
 * last render (a test, a development loop) renders from its new text.
 */
export const packageTemplates: TemplateSource = {
  version: VERSION,
  files: readLayer,
  addonText: (addon, rel) => readFileSync(join(addonHome(addon), rel), 'utf8'),
};

useTemplatesForNames(packageTemplates);
