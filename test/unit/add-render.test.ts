import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ADDON_IDS, FRAMEWORKS, SERVERS, pairOf } from '../../generators/catalog/index.js';
import { renderFiles } from '../../generators/add/files.js';
import {
  buildStack,
  serveFor,
  type Manager,
  type ProjectShape,
  type Stack,
} from '../../generators/project/stack.js';
import { tool } from '../helpers/paths.js';
import { run } from '../helpers/run.js';

/**
 * What `add` writes into a project it did not make, for every server and every way of installing:
 * rendered without a Handlebars leftover or escape, Python that compiles and passes ruff at its
 * default 88 columns (the user's own configuration is usually the default), a Dockerfile hadolint
 * accepts and whose CMD is the serve spec.
 */
const out = await mkdtemp(join(tmpdir(), 'pyweb-add-render-'));
afterAll(() => rm(out, { recursive: true, force: true }));

const MANAGERS: Manager[] = ['requirements', 'pip', 'uv', 'poetry'];

function foundStack(
  framework: string,
  server: string,
  manager: Manager,
  layout: 'flat' | 'package' | 'src',
): Stack {
  const base = buildStack(
    join(out, 'x'),
    framework,
    server,
    Object.fromEntries(ADDON_IDS.map((id) => [id, id !== 'apache' || server === 'mod_wsgi'])),
  );
  const app =
    layout === 'flat'
      ? { module: 'app', attr: 'app', factory: false }
      : { module: 'shop.main', attr: 'create_app', factory: true };
  const shape: ProjectShape = {
    origin: 'detected',
    app,
    glue:
      layout === 'flat'
        ? { pkg: 'serving', dir: 'serving' }
        : { pkg: 'shop', dir: layout === 'src' ? 'src/shop' : 'shop' },
    glueIsNew: layout === 'flat',
    importRoot: layout === 'src' ? 'src' : '',
    manager,
    health: '/health',
    django: undefined,
    hasTests: false,
    devExtra: false,
    lintTools: false,
  };
  return { ...base, shape, serve: serveFor(base.server, base.pair, shape) };
}

const cases = FRAMEWORKS.filter((f) => ['flask', 'fastapi'].includes(f.id))
  .flatMap((f) =>
    SERVERS.filter((s) => pairOf(f, s)).flatMap((s) =>
      MANAGERS.map((m, i) => ({
        f: f.id,
        s: s.id,
        m,
        layout: (['flat', 'package', 'src'] as const)[i % 3],
      })),
    ),
  )
  // mod_wsgi cannot call a factory: `add` refuses that pair (tested in test/cli).
  .filter((c) => !(c.s === 'mod_wsgi' && c.layout !== 'flat'));

const rendered = Promise.all(
  cases.map(async (c) => {
    const stack = foundStack(c.f, c.s, c.m, c.layout);
    const files = await renderFiles(stack);
    const dir = join(out, `${c.f}-${c.s}-${c.m}`);
    for (const [rel, text] of files) {
      await mkdir(join(dir, rel, '..'), { recursive: true });
      await writeFile(join(dir, rel), text);
    }
    return { ...c, stack, files, dir };
  }),
);

describe('add renders for found projects', () => {
  test('no Handlebars escape or leftover, glue where the layout puts it', async () => {
    for (const { files, stack, dir } of await rendered) {
      for (const [rel, text] of files) {
        expect(text, `${dir}/${rel}`).not.toMatch(/&quot;|&#x27;|&#x3D;|&amp;|&lt;|&gt;|&#x60;/);
        expect(text, `${dir}/${rel}`).not.toMatch(/\{\{[#/]?[a-zA-Z]/);
        expect(rel, 'nothing of the app layers').not.toMatch(
          /^(tests\/|README\.md|pyproject\.toml)/,
        );
      }
      const glue = [...files.keys()].filter(
        (p) =>
          p.endsWith('.py') &&
          !p.startsWith('deploy/') &&
          !p.endsWith('.conf.py') &&
          !p.endsWith('_conf.py'),
      );
      for (const p of glue) expect(p.startsWith(`${stack.shape.glue.dir}/`), p).toBe(true);
      expect(files.get('Dockerfile')).toContain(`CMD ${JSON.stringify(stack.serve.argv)}`);
      expect(files.get('Dockerfile')).toContain("+ '/health', timeout=4)");
    }
  });

  test('the Dockerfile installs as the project does', async () => {
    const expected: Record<Manager, RegExp> = {
      requirements: /COPY requirements\.txt \.\/\nRUN pip install -r requirements\.txt/,
      pip: /COPY \. \.\nRUN pip install \./,
      uv: /COPY pyproject\.toml uv\.lock\* \.\/\nRUN --mount=type=cache,target=\/root\/\.cache\/uv \\\n {4}uv sync --locked --no-dev --no-install-project\n/,
      poetry: /RUN poetry install --only main --no-root/,
    };
    for (const { files, m } of await rendered) expect(files.get('Dockerfile')).toMatch(expected[m]);
  });

  test('hadolint passes on every Dockerfile', async () => {
    const hadolint = tool('hadolint');
    expect(hadolint, 'hadolint is missing from .cache/tools').toBeDefined();
    for (const { dir } of await rendered) {
      const r = await run(
        hadolint!,
        ['--no-color', '--failure-threshold', 'warning', 'Dockerfile'],
        { cwd: dir, timeoutMs: 30_000 },
      );
      expect(r.code, `${dir}: ${r.stdout}${r.stderr}`).toBe(0);
    }
  });

  test('Python compiles and passes ruff with its defaults', async () => {
    const ruff = tool('ruff');
    expect(ruff).toBeDefined();
    const dirs = (await rendered).map((r) => r.dir);
    const r = await run(
      ruff!,
      ['check', '--no-cache', '--isolated', '--select', 'E,F,W', ...dirs],
      { timeoutMs: 60_000 },
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
