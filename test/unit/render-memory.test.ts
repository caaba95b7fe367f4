import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';
import type { Addon } from '../../generators/addons/types.js';
import { templateContext } from '../../generators/project/context.js';
import { renderLayers, renderStack, type TemplateSource } from '../../generators/project/render.js';
import { buildStack } from '../../generators/project/stack.js';
import { listing } from '../../generators/project/tree.js';

const root = join(import.meta.dirname, '..', '..');

/**
 * Rendering runs where there is no disk (issue 21's page): its modules, and everything they
 * import, statically or on demand, must bundle for a browser. esbuild refuses a Node built-in
 * there, so this fails the day one of them reads a file, spawns a process or finds a path.
 */
describe('the render module graph', () => {
  test('bundles for a browser: no Node built-in, no module that reads or writes the disk', async () => {
    const result = await build({
      absWorkingDir: root,
      entryPoints: [
        'generators/project/render.ts',
        'generators/project/layers.ts',
        'generators/project/context.ts',
        'generators/project/precompiled.ts',
        'generators/project/tree.ts',
        'generators/addons/index.ts',
        'generators/addons/patch.ts',
      ],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      splitting: true,
      outdir: 'out',
      write: false,
      metafile: true,
      logLevel: 'silent',
    }).catch((e: { errors?: { text: string }[] }) => {
      throw new Error((e.errors ?? []).map((x) => x.text).join('\n') || String(e));
    });
    const inputs = Object.keys(result.metafile.inputs);
    // The modules that know the disk stay out: the templates come in through a TemplateSource.
    for (const node of [
      'generators/project/template-files.ts',
      'generators/project/write.ts',
      'generators/version.ts',
      'generators/project/reserved.ts',
    ])
      expect(inputs).not.toContain(node);
  });
});

/** A source with no disk behind it: the templates a page would carry in its bundle. */
function memorySource(layers: Record<string, Record<string, string | Uint8Array>>): TemplateSource {
  return {
    version: '9.9.9',
    files: (layer) =>
      Object.entries(layers[layer] ?? {}).map(([path, content]) =>
        path.endsWith('.sh') ? { path, content, executable: true } : { path, content },
      ),
    addonText: (addon: Addon, rel: string) => {
      throw new Error(`no ${rel} for ${addon.id}`);
    },
  };
}

describe('rendering in memory', () => {
  const stack = buildStack('/nowhere/at-all/svc', 'flask', 'gunicorn', {
    docker: false,
    compose: false,
    nginx: false,
    k8s: false,
    ci: false,
  });
  const context = templateContext(stack);

  test('returns the file tree from a source in memory: names, modes, bytes, later layers winning', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]);
    const tree = await renderLayers(
      ['base', 'top', 'absent'],
      context,
      memorySource({
        base: {
          'README.md': '# {{title}} by {{toolVersion}}\n',
          _gitignore: '.venv/\n',
          '{{package}}/app.py': 'old\n',
          'scripts/run.sh': '#!/bin/sh\nexec {{name}}\n',
          'static/logo.png': png,
          'not-for-this-stack.txt': '{{#if deploy.docker}}docker{{/if}}\n',
        },
        top: { '{{package}}/app.py': 'print({{{titleLiteral}}})\n' },
      }),
    );
    expect(Object.fromEntries(tree)).toEqual({
      'README.md': { content: `# ${context.title} by 9.9.9\n` },
      '.gitignore': { content: '.venv/\n' },
      'svc/app.py': { content: `print(${context.titleLiteral})\n` },
      'scripts/run.sh': { content: '#!/bin/sh\nexec svc\n', executable: true },
      'static/logo.png': { content: png },
    });
    expect(listing(tree).find((f) => f.path === 'static/logo.png')?.bytes).toBe(7);
  });

  test("the package's own templates render a whole project, for a folder that does not exist", async () => {
    const { packageTemplates } = await import('../../generators/project/template-files.js');
    const tree = await renderStack(stack, packageTemplates);
    expect(tree.get('pyproject.toml')?.content).toMatch(/^name = "svc"$/m);
    expect([...tree.keys()].filter((p) => p.startsWith('svc/'))).not.toEqual([]);
    expect(tree.get('README.md')?.content).toContain(packageTemplates.version);
  });
});
