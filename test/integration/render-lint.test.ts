import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FRAMEWORKS } from '../../generators/catalog/index.js';
import { templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { buildStack } from '../../generators/project/stack.js';
import { composeConfig } from '../helpers/deploy-tools.js';
import { tool } from '../helpers/paths.js';
import { listFiles, renderTo } from '../helpers/render-to.js';
import { renderFound, renderPairs } from '../helpers/rendered.js';
import { run } from '../helpers/run.js';

/**
 * The PyPI linters over what test/unit/render.test.ts and add-render.test.ts render: ruff and
 * hadolint come from .cache/tools (test/global-setup.ts), so these live outside the unit tests.
 */
const out = await mkdtemp(join(tmpdir(), 'pyweb-render-lint-'));
afterAll(() => rm(out, { recursive: true, force: true }));

describe('new projects', () => {
  // Every pair as it comes, and again with the postgres add-on: its layers
  // (generators/addons/postgres/layers/) change the apps, settings and tests of every framework.
  const pairs = Promise.all([
    renderPairs(join(out, 'pairs')),
    renderPairs(join(out, 'pairs-postgres'), { postgres: true }),
  ]).then((sets) => sets.flat());
  /** The project directories, and the Python files their configuration excludes (deploy/: the
   * Apache add-on's wsgi.py), named one by one: ruff checks a file it is given by name. */
  const targets = pairs.then(async (all) => {
    const dirs = all.map((x) => x.dir);
    const excluded = await Promise.all(
      dirs.map(async (dir) =>
        (await listFiles(dir))
          .filter((f) => f.startsWith('deploy/') && f.endsWith('.py'))
          .map((f) => join(dir, f)),
      ),
    );
    return [...dirs, ...excluded.flat()];
  });

  test("ruff passes on every pair, with each project's own configuration", async () => {
    const ruff = tool('ruff');
    expect(ruff, 'ruff is missing from .cache/tools: the global setup did not run').toBeDefined();
    const r = await run(ruff!, ['check', '--no-cache', ...(await targets)], { timeoutMs: 60_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  test("every Python file is as ruff format writes it, with each project's own configuration", async () => {
    const ruff = tool('ruff');
    expect(ruff, 'ruff is missing from .cache/tools: the global setup did not run').toBeDefined();
    // One call over every project: ruff finds each project's pyproject.toml itself.
    const r = await run(ruff!, ['format', '--check', '--diff', '--no-cache', ...(await targets)], {
      timeoutMs: 60_000,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});

describe('new projects: Dockerfiles', () => {
  const pairs = renderPairs(join(out, 'pairs-docker'));

  test('hadolint passes on every Dockerfile at its default threshold (info)', async () => {
    const hadolint = tool('hadolint');
    expect(hadolint, 'hadolint is missing from .cache/tools').toBeDefined();
    // No --failure-threshold: hadolint's default (info) fails on any finding, DL3059 included.
    const files = (await pairs).map(({ dir }) => join(dir, 'Dockerfile'));
    const r = await run(hadolint!, ['--no-color', ...files], { timeoutMs: 60_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});

describe('add renders for found projects', () => {
  const rendered = renderFound(join(out, 'found'));

  test('hadolint passes on every Dockerfile at its default threshold (info)', async () => {
    const hadolint = tool('hadolint');
    expect(hadolint, 'hadolint is missing from .cache/tools').toBeDefined();
    for (const { dir } of await rendered) {
      const r = await run(hadolint!, ['--no-color', 'Dockerfile'], { cwd: dir, timeoutMs: 30_000 });
      expect(r.code, `${dir}: ${r.stdout}${r.stderr}`).toBe(0);
    }
  });

  test('Python passes ruff with its defaults (88 columns: the usual user configuration)', async () => {
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

  test('every Python file is as ruff format writes it with its defaults (88 columns)', async () => {
    const ruff = tool('ruff');
    expect(ruff).toBeDefined();
    const dirs = (await rendered).map((r) => r.dir);
    const r = await run(ruff!, ['format', '--check', '--no-cache', '--isolated', ...dirs], {
      timeoutMs: 60_000,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});

describe('new projects with --postgres: compose and Kubernetes as their own tools read them', () => {
  // Every framework on its recommended server, with the Kubernetes manifests.
  const projects = Promise.all(
    FRAMEWORKS.map(async (f) => {
      const dir = join(out, 'postgres', `pg-${f.id}`);
      const stack = buildStack(dir, f.id, undefined, { k8s: true, postgres: true });
      await renderTo(layersFor(stack), dir, templateContext(stack));
      return { dir, stack, migrate: f.database.migrate(stack.shape.glue.pkg) };
    }),
  );

  test('kubernetes-validate --strict passes on the Deployment, the ConfigMap and the migration Job', async () => {
    const validate = tool('kubernetes-validate');
    expect(validate, 'kubernetes-validate is missing from .cache/tools').toBeDefined();
    const files = (await projects).flatMap(({ dir }) =>
      // The manifests the add-on changes (the rest render as without it).
      ['configmap', 'deployment', 'jobs/migrate'].map((f) =>
        join(dir, 'deploy', 'k8s', `${f}.yaml`),
      ),
    );
    const r = await run(validate!, ['--strict', '--quiet', ...files], { timeoutMs: 120_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  test('docker compose config: db, then migrate, then the app, with .env.example copied to .env', async () => {
    for (const { dir, migrate } of await projects) {
      const example = await readFile(join(dir, '.env.example'), 'utf8');
      const env = Object.fromEntries(
        example
          .split('\n')
          .flatMap((l) => (/^\w+=/.test(l) ? [l.split(/=(.*)/s).slice(0, 2)] : [])),
      );
      // A value .env must give (the secret key), as the README's first step writes one.
      const compose = await readFile(join(dir, 'compose.yaml'), 'utf8');
      for (const [, name] of compose.matchAll(/\$\{(\w+):\?/g)) env[name] ||= 'x'.repeat(50);
      const model = await composeConfig(dir, env);
      const { app, db, migrate: once } = model.services;
      expect(app.depends_on, dir).toMatchObject({
        db: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
      expect(once.command, dir).toEqual(migrate);
      expect(once.depends_on, dir).toMatchObject({ db: { condition: 'service_healthy' } });
      expect(once.environment, dir).toEqual(app.environment);
      expect(app.environment?.DATABASE_URL, dir).toBe('postgresql://app:app@db:5432/app');
      expect(db.ports, dir).toEqual([
        expect.objectContaining({ host_ip: '127.0.0.1', target: 5432 }),
      ]);
      expect(db.volumes?.map((v) => v.source)).toEqual(['pgdata']);
    }
  });
});
