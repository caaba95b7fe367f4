import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { TemplateContext } from '../../generators/project/context.js';
import { renderLayers } from '../../generators/project/render.js';
import { packageTemplates } from '../../generators/project/template-files.js';
import { listing, type RenderedFile } from '../../generators/project/tree.js';
import { writeTree } from '../../generators/project/write.js';

/** Renders layers in memory and writes them under `dir` through the writer: a project on disk to test. */
export async function renderTo(
  layers: string[],
  dir: string,
  context: TemplateContext,
): Promise<RenderedFile[]> {
  const tree = await renderLayers(layers, context, packageTemplates);
  await writeTree(tree, dir);
  return listing(tree);
}

/** Every file under `root`, relative, with `/` separators. */
export async function listFiles(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const abs = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(root, abs)));
    else out.push(relative(root, abs).split('\\').join('/'));
  }
  return out;
}
