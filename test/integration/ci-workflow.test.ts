import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ciContext, type TemplateContext } from '../../generators/project/context.js';
import type { ReadSetting } from '../../generators/catalog/env.js';
import type { ProjectShape } from '../../generators/project/shape.js';
import { renderTo } from '../helpers/render-to.js';
import { actionlint } from '../helpers/actionlint.js';
import { yamlDocuments } from '../helpers/deploy-tools.js';

/** The ci layer: `.github/workflows/ci.yml`, rendered alone for each kind of project. */
const LAYER = 'addons/ci';
const WORKFLOW = '.github/workflows/ci.yml';

type Manager = 'pip' | 'uv' | 'poetry' | 'requirements';

interface Case {
  manager: Manager;
  docker: boolean;
  hasTests: boolean;
  devExtra: boolean;
  /** A `dev` dependency group (PEP 735) in place of the extra. */
  devGroup?: boolean;
  lintTools: boolean;
  python: string;
  /** The ruff to install where the dev tools do not bring it; null: the project does not use ruff. */
  ruff?: string | null;
  /** The project's folder below the repository's root. */
  repoSubdir?: string;
  /** Its runtime dependencies, where they bring a database driver. */
  runtimeDists?: string[];
  /** What the app reads from its environment (detect's `shape.settings`). */
  settings?: ReadSetting[];
  /** The test job's `env:` the case expects, where it has one. */
  env?: Record<string, string>;
  /** The postgres add-on: the variable the app reads the URL from, and the release step. */
  database?: { urlVar: string; migrate: string[] };
  /** The migrate step's command, as the case expects it. */
  migrate?: string;
}

/** A setting as detect reports it. */
const read = (name: string, required: boolean, secret = false): ReadSetting => ({
  name,
  required,
  secret,
  where: 'app/config.py:3: ...',
});

const PYTHONS = ['3.11', '3.12', '3.13', '3.14'];
const MANAGERS: Manager[] = ['pip', 'uv', 'poetry', 'requirements'];

/**
 * Every manager × Dockerfile or not × tests or not, with the dev extra (and so ruff and pytest)
 * where the manager has one; then each manager without it, where the workflow installs the tools.
 */
const CASES: Case[] = [];
for (const manager of MANAGERS) {
  for (const docker of [true, false]) {
    for (const hasTests of [true, false]) {
      const devExtra = manager !== 'requirements';
      CASES.push({
        manager,
        docker,
        hasTests,
        devExtra,
        lintTools: devExtra,
        python: PYTHONS[CASES.length % PYTHONS.length],
      });
    }
  }
}
for (const manager of ['pip', 'uv', 'poetry'] as Manager[]) {
  for (const hasTests of [true, false]) {
    CASES.push({
      manager,
      docker: true,
      hasTests,
      devExtra: false,
      lintTools: false,
      python: PYTHONS[CASES.length % PYTHONS.length],
    });
  }
}
for (const manager of ['pip', 'uv', 'poetry'] as Manager[]) {
  CASES.push({
    manager,
    docker: true,
    hasTests: true,
    devExtra: false,
    devGroup: true,
    lintTools: true,
    python: PYTHONS[CASES.length % PYTHONS.length],
  });
}

// A project that does not use ruff is not linted; one that pins it is linted with its pin.
for (const manager of MANAGERS) {
  CASES.push({
    manager,
    docker: false,
    hasTests: true,
    devExtra: false,
    lintTools: false,
    ruff: null,
    python: PYTHONS[CASES.length % PYTHONS.length],
  });
  CASES.push({
    manager,
    docker: true,
    hasTests: manager !== 'poetry',
    devExtra: false,
    lintTools: false,
    ruff: 'ruff==0.4.1',
    repoSubdir: 'services/api',
    python: PYTHONS[CASES.length % PYTHONS.length],
  });
}
CASES.push({
  manager: 'pip',
  docker: false,
  hasTests: false,
  devExtra: false,
  lintTools: false,
  ruff: 'ruff>=0.4,<0.5',
  python: '3.12',
});
CASES.push({
  manager: 'requirements',
  docker: false,
  hasTests: false,
  devExtra: false,
  lintTools: false,
  ruff: null,
  python: '3.12',
});

// Drivers among the dependencies: the job starts their databases as service containers.
CASES.push({
  manager: 'requirements',
  docker: false,
  hasTests: true,
  devExtra: false,
  lintTools: false,
  ruff: null,
  runtimeDists: ['flask', 'psycopg2-binary', 'redis'],
  python: '3.12',
});
CASES.push({
  manager: 'uv',
  docker: true,
  hasTests: true,
  devExtra: false,
  lintTools: true,
  runtimeDists: ['fastapi', 'aiomysql'],
  repoSubdir: 'api',
  python: '3.13',
});

// The URL's scheme loads the driver the project installs, where SQLAlchemy reads it; under the
// names the app reads; and the settings it requires get CI-only stand-ins (issue 17, item 10).
CASES.push({
  manager: 'pip',
  docker: false,
  hasTests: true,
  devExtra: true,
  lintTools: true,
  runtimeDists: ['fastapi', 'sqlmodel', 'psycopg', 'pydantic-settings'],
  settings: [
    read('DATABASE_URL', true, true),
    read('SECRET_KEY', true, true),
    read('DEBUG', false),
  ],
  env: {
    DATABASE_URL: 'postgresql+psycopg://app:app@localhost:5432/app',
    SECRET_KEY: 'ci-placeholder-not-secret',
  },
  python: '3.12',
});
CASES.push({
  manager: 'uv',
  docker: false,
  hasTests: true,
  devExtra: false,
  lintTools: true,
  runtimeDists: ['flask', 'flask-sqlalchemy', 'pymysql', 'redis'],
  settings: [
    read('SQLALCHEMY_DATABASE_URI', true, true),
    read('SHOP_REDIS_URL', false),
    read('ADMIN_EMAIL', true),
  ],
  env: {
    SQLALCHEMY_DATABASE_URI: 'mysql+pymysql://app:app@127.0.0.1:3306/app',
    SHOP_REDIS_URL: 'redis://localhost:6379/0',
    ADMIN_EMAIL: 'ci@example.com',
  },
  python: '3.13',
});
CASES.push({
  manager: 'poetry',
  docker: false,
  hasTests: true,
  devExtra: true,
  lintTools: true,
  runtimeDists: ['fastapi', 'sqlalchemy', 'asyncpg', 'psycopg2-binary'],
  settings: [read('SHOP_DATABASE_URL', true, true), read('DATABASE_URL', false, true)],
  env: {
    SHOP_DATABASE_URL: 'postgresql+asyncpg://app:app@localhost:5432/app',
    DATABASE_URL: 'postgresql+asyncpg://app:app@localhost:5432/app',
  },
  python: '3.12',
});
// Django reads the URL with dj-database-url: the plain scheme, whatever the driver.
CASES.push({
  manager: 'requirements',
  docker: false,
  hasTests: true,
  devExtra: false,
  lintTools: false,
  ruff: null,
  runtimeDists: ['django', 'dj-database-url', 'psycopg'],
  settings: [read('DATABASE_URL', true, true)],
  env: { DATABASE_URL: 'postgresql://app:app@localhost:5432/app' },
  python: '3.12',
});
// No service at all, and settings it requires: the job's env: holds their stand-ins alone.
CASES.push({
  manager: 'pip',
  docker: false,
  hasTests: true,
  devExtra: true,
  lintTools: true,
  runtimeDists: ['fastapi', 'pydantic-settings'],
  settings: [read('SECRET_KEY', true, true), read('API_PORT', true), read('LOG_LEVEL', false)],
  env: { SECRET_KEY: 'ci-placeholder-not-secret', API_PORT: '8000' },
  python: '3.12',
});

// The postgres add-on: one postgres service (beside the one a driver already asks for), the URL
// under the name the app reads it by, and the release step before the tests (issue 18).
CASES.push({
  manager: 'uv',
  docker: true,
  hasTests: true,
  devExtra: false,
  lintTools: true,
  runtimeDists: ['fastapi', 'sqlalchemy', 'alembic', 'psycopg', 'redis'],
  settings: [read('DB_URL', true, true)],
  database: { urlVar: 'DB_URL', migrate: ['alembic', 'upgrade', 'head'] },
  migrate: 'uv run alembic upgrade head',
  env: {
    DB_URL: 'postgresql+psycopg://app:app@localhost:5432/app',
    REDIS_URL: 'redis://localhost:6379/0',
  },
  python: '3.12',
});
CASES.push({
  manager: 'requirements',
  docker: false,
  hasTests: true,
  devExtra: false,
  lintTools: false,
  ruff: null,
  runtimeDists: ['django', 'psycopg'],
  database: { urlVar: 'DATABASE_URL', migrate: ['python', 'manage.py', 'migrate'] },
  migrate: 'python manage.py migrate',
  env: { DATABASE_URL: 'postgresql://app:app@localhost:5432/app' },
  python: '3.13',
});
// Flask-Migrate with an app factory Flask does not find by itself: the argument is quoted.
CASES.push({
  manager: 'poetry',
  docker: false,
  hasTests: false,
  devExtra: true,
  lintTools: true,
  runtimeDists: ['flask', 'flask-migrate', 'psycopg2-binary'],
  settings: [read('SQLALCHEMY_DATABASE_URI', false, true)],
  database: {
    urlVar: 'SQLALCHEMY_DATABASE_URI',
    migrate: ['flask', '--app', 'shop:build_app()', 'db', 'upgrade'],
  },
  migrate: "poetry run flask --app 'shop:build_app()' db upgrade",
  env: { SQLALCHEMY_DATABASE_URI: 'postgresql://app:app@localhost:5432/app' },
  repoSubdir: 'api',
  python: '3.12',
});
// No migrations found: the service and the URL, and no migrate step.
CASES.push({
  manager: 'pip',
  docker: false,
  hasTests: true,
  devExtra: true,
  lintTools: true,
  runtimeDists: ['fastapi'],
  database: { urlVar: 'DATABASE_URL', migrate: [] },
  env: { DATABASE_URL: 'postgresql://app:app@localhost:5432/app' },
  python: '3.12',
});

/** Whether CI runs ruff, and its command. */
const lints = (c: Case) => c.lintTools || c.ruff !== null;

const label = (c: Case) =>
  `${c.manager}, ${c.docker ? 'Dockerfile' : 'no Dockerfile'}, ${c.hasTests ? 'tests' : 'no tests'}` +
  `${c.lintTools ? '' : ', no dev tools'}${c.devGroup ? ', dev group' : ''}` +
  `${c.ruff === null ? ', no ruff' : c.ruff ? `, ${c.ruff}` : ''}` +
  `${c.repoSubdir ? `, in ${c.repoSubdir}/` : ''}` +
  `${c.runtimeDists ? `, needs ${c.runtimeDists.slice(1).join(', ')}` : ''}` +
  `${c.settings ? `, reads ${c.settings.map((s) => `${s.name}${s.required ? '' : '?'}`).join(', ')}` : ''}` +
  `${c.database ? `, postgres add-on${c.migrate ? '' : ' without migrations'}` : ''}` +
  `, Python ${c.python}`;

/** The template context the ci layer reads, by hand: only what the template may use. */
/** Only what the ci layer's templates read, hence the cast where it is rendered. */
function context(c: Case) {
  return {
    python: c.python,
    name: 'demo-app',
    package: 'demo_app',
    frameworkLabel: 'FastAPI',
    serverLabel: 'Uvicorn',
    deploy: { python: c.python, docker: c.docker, ci: true },
    installPartial: `install/${c.manager}`,
    dockerBuildArgs: '.',
    devExtra: c.devExtra,
    devGroup: Boolean(c.devGroup),
    hasTests: c.hasTests,
    lintTools: c.lintTools,
    requirementsFile: 'requirements.txt',
    ...ciContext(
      {
        origin: 'detected',
        lintTools: c.lintTools,
        hasTests: c.hasTests,
        ruff: c.lintTools || c.ruff === null ? undefined : (c.ruff ?? 'ruff'),
        repoSubdir: c.repoSubdir,
        runtimeDists: c.runtimeDists,
        settings: c.settings,
        manager: c.manager,
      } as ProjectShape,
      c.database,
    ),
  };
}

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

interface Job {
  'runs-on'?: string;
  'timeout-minutes'?: number;
  steps?: Step[];
}

/** A workflow as PyYAML reads it: the bare key `on` becomes `true`. */
interface Workflow {
  on?: Record<string, unknown>;
  true?: Record<string, unknown>;
  permissions?: unknown;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}

interface Rendered {
  c: Case;
  dir: string;
  files: string[];
  text: string;
  doc: Workflow;
}

const out = await mkdtemp(join(tmpdir(), 'pyweb-ci-'));
afterAll(() => rm(out, { recursive: true, force: true }));

const rendered: Rendered[] = [];

beforeAll(async () => {
  const made = await Promise.all(
    CASES.map(async (c, i) => {
      const dir = join(out, `case-${i}`);
      const files = (await renderTo([LAYER], dir, context(c) as unknown as TemplateContext)).map(
        (f) => f.path,
      );
      return { c, dir, files, text: await readFile(join(dir, WORKFLOW), 'utf8') };
    }),
  );
  // One PyYAML run for every workflow: a document per file, in order.
  const docs = (await yamlDocuments(made.map((m) => join(m.dir, WORKFLOW)))) as Workflow[];
  expect(docs).toHaveLength(made.length);
  for (const [i, m] of made.entries()) rendered.push({ ...m, doc: docs[i] });
});

const steps = (job: Job | undefined): Step[] => job?.steps ?? [];
const runs = (job: Job | undefined): string[] =>
  steps(job)
    .map((s) => s.run)
    .filter((r): r is string => typeof r === 'string');
/** The index of the first step whose run script matches, or -1. */
const stepIndex = (job: Job | undefined, re: RegExp) =>
  steps(job).findIndex((s) => typeof s.run === 'string' && re.test(s.run));

/** The command that installs the project, as each manager does it. */
function installCommand(c: Case): RegExp {
  switch (c.manager) {
    case 'pip':
      if (c.devGroup)
        return /^python -m pip install "pip>=25\.1"\npython -m pip install -e \. --group dev$/m;
      return c.devExtra
        ? /^python -m pip install -e "\.\[dev\]"$/m
        : /^python -m pip install -e \.$/m;
    case 'uv':
      return c.devExtra ? /^uv sync --locked --extra dev$/m : /^uv sync --locked$/m;
    case 'poetry':
      return c.devExtra
        ? /^poetry install --no-interaction --extras dev$/m
        : /^poetry install --no-interaction$/m;
    case 'requirements':
      return /^python -m pip install -r requirements\.txt$/m;
  }
}

function ruffCommand(c: Case): string {
  const pin = c.ruff === 'ruff==0.4.1';
  if (c.manager === 'uv')
    return c.lintTools
      ? 'uv run ruff check .'
      : pin
        ? 'uvx ruff@0.4.1 check .'
        : 'uvx ruff check .';
  if (c.manager === 'poetry') return 'poetry run ruff check .';
  return 'ruff check .';
}

function pytestCommand(c: Case): string {
  if (c.manager === 'uv') return c.lintTools ? 'uv run pytest' : 'uv run --with pytest pytest';
  if (c.manager === 'poetry') return 'poetry run pytest';
  return 'python -m pytest';
}

describe('the ci layer renders a workflow that actionlint accepts', () => {
  test.each(CASES.map((c, i) => [label(c), i] as const))('%s', async (_name, i) => {
    const { c, dir, files, text, doc } = rendered[i];
    expect(files).toEqual([WORKFLOW]);

    // Handlebars left GitHub's expressions alone and nothing of its own.
    expect(text).toContain('group: ${{ github.workflow }}-${{ github.ref }}\n');
    expect(text).not.toMatch(/\$\\\{\{|\\\{\{/);
    expect(text).not.toMatch(/\{\{[#/^]?[a-zA-Z]|&quot;|&#x27;|&#x3D;|&amp;|&lt;|&gt;/);
    // Conditional blocks leave no trailing blanks and no double blank lines behind.
    expect(text).not.toMatch(/[ \t]+$/m);
    expect(text).not.toMatch(/\n\n\n/);

    await actionlint(dir);

    // Triggers, token, concurrency, time limits. PyYAML reads the bare key `on` as true.
    const on = doc.on ?? doc.true;
    expect(Object.keys(on ?? {})).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(doc.permissions).toEqual({ contents: 'read' });
    expect(doc.concurrency).toEqual({
      group: '${{ github.workflow }}-${{ github.ref }}',
      'cancel-in-progress': true,
    });
    expect(Object.keys(doc.jobs).sort()).toEqual(c.docker ? ['docker', 'test'] : ['test']);
    for (const [id, job] of Object.entries(doc.jobs)) {
      expect(job['runs-on'], id).toBe('ubuntu-latest');
      expect(job['timeout-minutes'], id).toBeGreaterThan(0);
      expect(job['timeout-minutes'], id).toBeLessThanOrEqual(30);
      expect(steps(job)[0].uses, id).toMatch(/^actions\/checkout@v\d+$/);
      expect(steps(job)[0].with, id).toEqual({ 'persist-credentials': false });
    }

    // Every action pinned by a release tag (a major one where the action publishes it).
    const test_ = doc.jobs.test;
    for (const s of steps(test_).filter((x) => x.uses))
      expect(s.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+(\.\d+\.\d+)?$/);

    // The project's Python, once, as a string (3.10 must not become 3.1).
    const withPython = steps(test_).filter((s) => s.with && 'python-version' in s.with);
    expect(withPython).toHaveLength(1);
    expect(withPython[0].with!['python-version']).toBe(c.python);
    expect(withPython[0].uses).toMatch(
      c.manager === 'uv' ? /^astral-sh\/setup-uv@/ : /^actions\/setup-python@/,
    );
    if (c.manager === 'uv')
      expect(steps(test_).some((s) => s.uses?.startsWith('actions/setup-python@'))).toBe(false);
    if (c.manager === 'pip' || c.manager === 'requirements') {
      expect(withPython[0].with!.cache).toBe('pip');
      // Paths of actions' inputs are the repository's, not the run steps' working directory.
      expect(withPython[0].with!['cache-dependency-path']).toBe(
        `${c.repoSubdir ? `${c.repoSubdir}/` : ''}${c.manager === 'pip' ? 'pyproject.toml' : 'requirements.txt'}`,
      );
    }

    // Installed the way the project installs, then ruff, then pytest (only with tests).
    const install = stepIndex(test_, installCommand(c));
    expect(install, `install step in:\n${runs(test_).join('\n')}`).toBeGreaterThan(0);
    if (c.manager === 'poetry') {
      const pipx = stepIndex(test_, /^pipx install poetry$/);
      const setup = steps(test_).findIndex((s) => s.uses?.startsWith('actions/setup-python@'));
      expect(pipx).toBeGreaterThan(0);
      expect(pipx).toBeLessThan(setup);
      expect(setup).toBeLessThan(install);
    }
    if (c.manager === 'pip' && !c.devExtra) expect(text).not.toContain('[dev]');

    const tools = stepIndex(test_, /pip install (ruff|"ruff|pytest)/);
    const ruffReq = c.ruff === 'ruff>=0.4,<0.5' ? '"ruff>=0.4,<0.5"' : (c.ruff ?? 'ruff');
    const wanted = [...(lints(c) ? [ruffReq] : []), ...(c.hasTests ? ['pytest'] : [])];
    if (c.lintTools || c.manager === 'uv' || !wanted.length) {
      expect(tools, 'no tool install step when the project brings them').toBe(-1);
    } else {
      const pip = c.manager === 'poetry' ? 'poetry run pip' : 'python -m pip';
      expect(runs(test_)).toContain(`${pip} install ${wanted.join(' ')}`);
      expect(tools).toBeGreaterThan(install);
    }

    const ruff = steps(test_).findIndex((s) => s.run === ruffCommand(c));
    if (!lints(c)) {
      // Not a project that uses ruff: its code was never checked by it, so CI does not start now.
      expect(text).not.toMatch(/\bruff\b/);
      expect(doc.jobs.test).toBeDefined();
    } else expect(ruff, `ruff step in:\n${runs(test_).join('\n')}`).toBeGreaterThan(install);
    const pytestRuns = runs(test_).filter((r) => /\bpytest\b/.test(r) && !/\binstall\b/.test(r));
    if (c.hasTests) {
      expect(pytestRuns).toEqual([pytestCommand(c)]);
      expect(steps(test_).findIndex((s) => s.run === pytestCommand(c))).toBeGreaterThan(
        Math.max(ruff, install),
      );
    } else {
      expect(pytestRuns).toEqual([]);
    }
    // The release step runs once, after the lint and before the tests, into the service's database.
    const migrateAt = steps(test_).findIndex((s) => s.name === 'migrate');
    if (c.migrate) {
      expect(
        steps(test_)
          .filter((s) => s.name === 'migrate')
          .map((s) => s.run),
      ).toEqual([c.migrate]);
      expect(migrateAt).toBeGreaterThan(Math.max(ruff, install));
      if (c.hasTests)
        expect(migrateAt).toBeLessThan(steps(test_).findIndex((s) => s.run === pytestCommand(c)));
      expect(test_ && (test_ as { name?: string }).name).toMatch(/\bmigrations\b/);
    } else {
      expect(migrateAt).toBe(-1);
      expect(text).not.toMatch(/migrat/);
    }
    // The last step of the test job is the last check: nothing runs after the tests.
    if (c.hasTests || lints(c) || c.migrate)
      expect(steps(test_).at(-1)!.run).toBe(
        c.hasTests ? pytestCommand(c) : c.migrate ? c.migrate : ruffCommand(c),
      );

    // The databases its drivers talk to run beside the test job, healthy before it starts.
    const services = (test_ as { services?: Record<string, { image: string; options: string }> })
      .services;
    const env = (test_ as { env?: Record<string, string> }).env;
    const dists = c.runtimeDists ?? [];
    const wantServices = [
      ...(c.database || dists.some((d) => /^(psycopg|asyncpg)/.test(d)) ? ['postgres'] : []),
      ...(dists.some((d) => /mysql/.test(d)) ? ['mysql'] : []),
      ...(dists.includes('redis') ? ['redis'] : []),
    ];
    expect(Object.keys(services ?? {})).toEqual(wantServices);
    for (const s of Object.values(services ?? {})) expect(s.options).toMatch(/^--health-cmd /);
    if (c.env) expect(env).toEqual(c.env);
    else if (dists.includes('psycopg2-binary'))
      expect(env).toEqual({
        DATABASE_URL: 'postgresql://app:app@localhost:5432/app',
        REDIS_URL: 'redis://localhost:6379/0',
      });
    else if (dists.includes('aiomysql'))
      expect(env).toEqual({ DATABASE_URL: 'mysql://app:app@127.0.0.1:3306/app' });
    else expect(env).toBeUndefined();
    // Stand-ins are said to be CI's own, never a secret to keep.
    const standIns = Object.keys(c.env ?? {}).filter((k) => !/URL|URI/.test(k));
    expect(text.includes('# CI-only values, not secrets')).toBe(standIns.length > 0);
    for (const k of standIns)
      expect(text.indexOf(`      ${k}: "`)).toBeGreaterThan(text.indexOf('# CI-only values'));

    // A project in a folder of its repository: the workflow runs there, and only when it changes.
    if (c.repoSubdir) {
      expect((doc as { defaults?: unknown }).defaults).toEqual({
        run: { 'working-directory': c.repoSubdir },
      });
      const file = `.github/workflows/${c.repoSubdir.replace(/\//g, '-')}-ci.yml`;
      const paths = [`${c.repoSubdir}/**`, file];
      expect(on?.push).toEqual({ paths });
      expect(on?.pull_request).toEqual({ paths });
      expect(text).toContain(`name: CI (${c.repoSubdir})`);
    } else expect(text).not.toMatch(/working-directory|paths:/);

    // The image is built where there is a Dockerfile, and never pushed.
    if (c.docker) {
      const docker = doc.jobs.docker;
      expect(runs(docker)).toEqual(['docker build --tag "demo-app:${{ github.sha }}" .']);
      expect(
        steps(docker)
          .map((s) => s.uses)
          .filter(Boolean),
      ).toEqual([expect.stringMatching(/^actions\/checkout@/)]);
    } else {
      expect(text).not.toMatch(/docker/i);
    }
    expect(text).not.toMatch(/docker push|docker\/login-action|docker login|secrets\./);
  });
});

describe("the ci layer with a created project's own context", () => {
  // The real templateContext, so that a renamed variable shows here and not only on GitHub.
  // Imported inside the test: the rest of this file does not depend on the catalog.
  test('renders uv from uv.lock, the dev group, mypy, pytest and the image build, and passes actionlint', async () => {
    const { templateContext } = await import('../../generators/project/context.js');
    const { buildStack } = await import('../../generators/project/stack.js');
    const dir = join(out, 'created');
    const stack = buildStack(dir, 'flask', 'gunicorn', { python: '3.12' });
    const ctx = templateContext(stack);
    expect(ctx.deploy.docker).toBe(true);
    expect((await renderTo([LAYER], dir, ctx)).map((f) => f.path)).toEqual([WORKFLOW]);
    await actionlint(dir);
    const [doc] = (await yamlDocuments([join(dir, WORKFLOW)])) as Workflow[];
    const runs_ = runs(doc.jobs.test);
    expect(runs_).toEqual([
      'uv sync --locked',
      'uv run ruff check .',
      'uv run mypy',
      'uv run pytest',
    ]);
    expect(
      steps(doc.jobs.test).find((s) => s.uses?.startsWith('astral-sh/setup-uv@'))?.with?.[
        'python-version'
      ],
    ).toBe('3.12');
    expect(runs(doc.jobs.docker)).toEqual([
      `docker build --tag "${ctx.name}:\${{ github.sha }}" .`,
    ]);
  });
});

describe('the ci layer for a created project with --postgres', () => {
  test.each([
    ['django', 'gunicorn', 'uv run python manage.py migrate'],
    ['flask', 'gunicorn', 'uv run flask --app pg_flask db upgrade'],
    ['fastapi', 'uvicorn', 'uv run alembic upgrade head'],
  ])(
    '%s: the postgres service, DATABASE_URL, the migrations, then pytest',
    async (fw, server, migrate) => {
      const { templateContext } = await import('../../generators/project/context.js');
      const { buildStack } = await import('../../generators/project/stack.js');
      const dir = join(out, `pg-${fw}`);
      const stack = buildStack(dir, fw, server, { python: '3.12', postgres: true });
      stack.names.pkg = 'pg_flask';
      stack.shape.glue.pkg = 'pg_flask';
      await renderTo([LAYER], dir, templateContext(stack));
      await actionlint(dir);
      const [doc] = (await yamlDocuments([join(dir, WORKFLOW)])) as Workflow[];
      const test_ = doc.jobs.test as Job & {
        name: string;
        services: Record<
          string,
          { image: string; env: Record<string, string>; options: string; ports: string[] }
        >;
        env: Record<string, string>;
      };
      expect(runs(test_)).toEqual([
        'uv sync --locked',
        'uv run ruff check .',
        'uv run mypy',
        migrate,
        'uv run pytest',
      ]);
      expect(test_.name).toBe('ruff, mypy, migrations and pytest (Python 3.12)');
      expect(Object.keys(test_.services)).toEqual(['postgres']);
      const pg = test_.services.postgres;
      expect(pg.image).toMatch(/^postgres:\d+/);
      expect(pg.env.POSTGRES_PASSWORD).toBe('app');
      expect(pg.ports).toEqual(['5432:5432']);
      expect(pg.options).toMatch(/--health-cmd "pg_isready/);
      // The created code turns the scheme into its driver's itself.
      expect(test_.env).toEqual({ DATABASE_URL: 'postgresql://app:app@localhost:5432/app' });
    },
  );

  test('without --postgres, no service, no env and no migrate step', async () => {
    const { templateContext } = await import('../../generators/project/context.js');
    const { buildStack } = await import('../../generators/project/stack.js');
    const dir = join(out, 'no-pg');
    await renderTo([LAYER], dir, templateContext(buildStack(dir, 'django', 'gunicorn', {})));
    const text = await readFile(join(dir, WORKFLOW), 'utf8');
    expect(text).not.toMatch(/services:|postgres|DATABASE_URL|migrat/);
  });
});

describe('the actionlint helper', () => {
  test('reports a broken workflow', async () => {
    const dir = join(out, 'broken');
    await mkdir(join(dir, '.github/workflows'), { recursive: true });
    await writeFile(
      join(dir, '.github/workflows/ci.yml'),
      [
        'on: push',
        'jobs:',
        '  test:',
        '    runs-on: linux-latest',
        '    steps:',
        '      - run: echo "${{ github.event.head_commit.message }}"',
        '',
      ].join('\n'),
    );
    await expect(actionlint(dir)).rejects.toThrow(/runner-label|linux-latest/);
  });

  test('lints run: scripts with shellcheck when it is installed', async () => {
    const { execFileSync } = await import('node:child_process');
    let shellcheck = true;
    try {
      execFileSync('shellcheck', ['--version'], { stdio: 'ignore' });
    } catch {
      shellcheck = false;
    }
    const dir = join(out, 'shell');
    await mkdir(join(dir, '.github/workflows'), { recursive: true });
    await writeFile(
      join(dir, '.github/workflows/ci.yml'),
      [
        'on: push',
        'permissions:',
        '  contents: read',
        'jobs:',
        '  test:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: ls $HOME/*.txt',
        '',
      ].join('\n'),
    );
    if (shellcheck) await expect(actionlint(dir)).rejects.toThrow(/SC2086|shellcheck/);
    else await expect(actionlint(dir)).resolves.toBeUndefined();
  });
});
