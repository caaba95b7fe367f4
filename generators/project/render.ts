import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { TemplateContext } from './context.js';

/** Where npm would drop a dotfile from the published package, the template carries `_name`. */
const RENAMES: Record<string, string> = { _gitignore: '.gitignore' };

export interface RenderedFile {
  path: string;
  bytes: number;
}

/**
 * Renders template layers into `dest` (a staging folder) with node-plop. Later layers win on the
 * same path. A file that renders to nothing but white space is dropped: that is how a template
 * says "not for this stack" without a list of conditions in code.
 */
export async function renderLayers(layers: string[], dest: string, data: TemplateContext): Promise<RenderedFile[]> {
  // The file engine is loaded only here, on the paths that write: --help and --list stay fast.
  const { default: nodePlop } = await import('node-plop');
  const plop = await nodePlop(undefined, { destBasePath: dest, force: true });
  plop.setHelper('json', (value: unknown) => JSON.stringify(value));
  plop.setHelper('eq', (a: unknown, b: unknown) => a === b);
  plop.setGenerator('project', {
    description: 'a Python web project',
    prompts: [],
    actions: layers.map((base) => ({
      type: 'addMany',
      destination: dest,
      base,
      templateFiles: `${base}/**/*`,
      globOptions: { dot: true },
      stripExtensions: ['hbs'],
      force: true,
      verbose: false,
      abortOnFail: true,
    })),
  });
  const result = await plop.getGenerator('project').runActions(data);
  // runActions never rejects: failures are only reported.
  if (result.failures.length) {
    const f = result.failures[0] as { error?: string; path?: string };
    throw new Error(`rendering templates failed: ${f.error ?? JSON.stringify(f)}`);
  }
  // Fault injection for the tests that prove a failed render leaves the target untouched.
  if (process.env.CREATE_PYWEB_INJECT_FAULT === 'render') throw new Error('injected fault after rendering');
  return finish(dest);
}

async function finish(dest: string): Promise<RenderedFile[]> {
  const files: RenderedFile[] = [];
  for (const rel of await listFiles(dest)) {
    const abs = join(dest, rel);
    const text = await readFile(abs, 'utf8').catch(() => null);
    if (text !== null && text.trim() === '') {
      await rm(abs);
      continue;
    }
    const base = rel.split('/').at(-1)!;
    let finalRel = rel;
    if (RENAMES[base]) {
      finalRel = rel.slice(0, -base.length) + RENAMES[base];
      await rename(abs, join(dest, finalRel));
    }
    files.push({ path: finalRel, bytes: (await stat(join(dest, finalRel))).size });
  }
  await pruneEmptyDirs(dest);
  return files.sort((a, b) => a.path.localeCompare(b.path));
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

async function pruneEmptyDirs(dir: string): Promise<boolean> {
  let empty = true;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && (await pruneEmptyDirs(join(dir, entry.name)))) {
      await rm(join(dir, entry.name), { recursive: true });
    } else {
      empty = false;
    }
  }
  return empty;
}
