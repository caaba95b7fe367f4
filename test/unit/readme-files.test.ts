import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ADDONS, validPairs } from '../../generators/catalog/index.js';
import { templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { listFiles, renderLayers } from '../../generators/project/render.js';
import { buildStack, type DeployOptions } from '../../generators/project/stack.js';

/**
 * The README names only files the project has (issue 15, item 13): rendered with every add-on
 * that fits, then with each off in turn and with all off, the files the smaller project lacks
 * (and the folders they were in) must not appear in its README.
 */
const out = await mkdtemp(join(tmpdir(), 'pyweb-readme-files-'));
afterAll(() => rm(out, { recursive: true, force: true }));

/** Every framework and every server at least once. */
const PAIRS = (() => {
  const seen = new Set<string>();
  return validPairs().filter((p) => {
    const fresh = !seen.has(p.framework) || !seen.has(p.server);
    seen.add(p.framework);
    seen.add(p.server);
    return fresh;
  });
})();

let n = 0;
async function render(framework: string, server: string, deploy: Partial<DeployOptions>) {
  const dir = join(out, `p${n++}`);
  const stack = buildStack(dir, framework, server, deploy);
  await renderLayers(layersFor(stack), dir, templateContext(stack));
  return {
    files: await listFiles(dir),
    readme: await readFile(join(dir, 'README.md'), 'utf8'),
  };
}

/** A file's path and each folder above it. */
const withFolders = (f: string): string[] => {
  const names = [f];
  for (let d = dirname(f); d !== '.'; d = dirname(d)) names.push(`${d}/`);
  return names;
};

describe('the README names no file the project lacks', () => {
  test.each(PAIRS.map((p) => [p.framework, p.server]))('%s on %s', async (framework, server) => {
    const fits = Object.fromEntries(
      ADDONS.map((a) => [a.id, !a.unfit?.(buildStack(join(out, 'x'), framework, server).server)]),
    );
    const full = await render(framework, server, fits);
    // One add-on off, and those that need it with it (compose and k8s go with docker).
    const needs = (b: string, a: string): boolean =>
      b === a || Boolean(ADDONS.find((x) => x.id === b)?.requires.some((r) => needs(r, a)));
    const variants: [string, Partial<DeployOptions>][] = [
      ...ADDONS.filter((a) => fits[a.id]).map(
        (a) =>
          [
            `--no-${a.id}`,
            Object.fromEntries(ADDONS.map((b) => [b.id, fits[b.id] && !needs(b.id, a.id)])),
          ] as [string, Partial<DeployOptions>],
      ),
      ['every add-on off', Object.fromEntries(ADDONS.map((a) => [a.id, false]))],
    ];
    for (const [label, deploy] of variants) {
      const { files, readme } = await render(framework, server, deploy);
      const have = new Set(files.flatMap(withFolders));
      const lacking = full.files.flatMap(withFolders).filter((f) => !have.has(f));
      const named = [...new Set(lacking)].filter((f) => readme.includes(f));
      expect(named, `${framework} on ${server}, ${label}`).toEqual([]);
    }
  });
});
