import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ADDONS, validPairs } from '../../generators/catalog/index.js';
import { templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { listFiles, renderTo } from '../helpers/render-to.js';
import { buildStack, type DeployOptions } from '../../generators/project/stack.js';

/**
 * Generated files name only files the project has (issue 15, item 13): rendered with every
 * add-on that fits, then with each off in turn and with all off, the files the smaller project
 * lacks (and the folders they were in) must not appear in its README, its comments or its config.
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
  await renderTo(layersFor(stack), dir, templateContext(stack));
  const files = await listFiles(dir);
  const texts = new Map(
    await Promise.all(
      files.map(async (f) => [f, await readFile(join(dir, f), 'utf8')] as [string, string]),
    ),
  );
  return { files, texts };
}

/** A file's path and each folder above it. */
const withFolders = (f: string): string[] => {
  const names = [f];
  for (let d = dirname(f); d !== '.'; d = dirname(d)) names.push(`${d}/`);
  return names;
};

describe('no generated file names a file the project lacks', () => {
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
      const { files, texts } = await render(framework, server, deploy);
      const have = new Set(files.flatMap(withFolders));
      const lacking = [...new Set(full.files.flatMap(withFolders).filter((f) => !have.has(f)))];
      // An ignore file may list what a later `add` brings: naming it there is harmless.
      const named = [...texts]
        .filter(([file]) => !/(^|\/)\.(docker|git)ignore$/.test(file))
        .flatMap(([file, text]) =>
          lacking.filter((f) => text.includes(f)).map((f) => `${file} names ${f}`),
        );
      expect(named, `${framework} on ${server}, ${label}`).toEqual([]);
    }
  });
});

describe('the README says what CI and the lock do, as the project has them', () => {
  const read = (dir: string, path: string) => readFile(join(out, dir, path), 'utf8');
  const renderAs = async (dir: string, deploy: Partial<DeployOptions>) => {
    const stack = buildStack(join(out, dir), 'flask', 'gunicorn', deploy);
    await renderTo(layersFor(stack), stack.names.dir, templateContext(stack));
  };

  test('uv.lock: true whether or not the first commit has it; one subject agrees with its verb (L7, L8)', async () => {
    await renderAs('lock-ci', {
      docker: false,
      compose: false,
      nginx: false,
      k8s: false,
      ci: true,
    });
    await renderAs('lock-both', { docker: true, ci: true });
    const ciOnly = await read('lock-ci', 'README.md');
    expect(ciOnly).toContain(
      'Keep `uv.lock` committed: CI installs exactly it (`uv sync --locked`) and fails without it.',
    );
    expect(await read('lock-both', 'README.md')).toContain(
      'Keep `uv.lock` committed: CI and the image install exactly it (`uv sync --locked`) and fail without it.',
    );
    // uv.lock may be in the first commit already: nothing says a later run writes it.
    expect(ciOnly).not.toMatch(/first run writes|before you push/);
  });

  test('the README and --help name every check the workflow runs (L10)', async () => {
    await renderAs('ci-steps', { docker: true, ci: true });
    const workflow = await read('ci-steps', '.github/workflows/ci.yml');
    const test = workflow.slice(workflow.indexOf('  test:'), workflow.indexOf('  docker:'));
    const checks = [...test.matchAll(/- name: (ruff|mypy|pytest)\n/g)].map((m) => m[1]);
    expect(checks).toEqual(['ruff', 'mypy', 'pytest']);
    const readme = await read('ci-steps', 'README.md');
    const ci = readme.slice(readme.indexOf('### Continuous integration'));
    const description = ADDONS.find((a) => a.id === 'ci')!.description;
    for (const c of checks) {
      expect(ci, c).toContain(c);
      expect(description, c).toContain(c);
    }
  });
});
