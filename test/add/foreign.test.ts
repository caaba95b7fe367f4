import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ADDON_IDS, findServer } from '../../generators/catalog/index.js';
import { listFiles } from '../helpers/render-to.js';
import { actionlint } from '../helpers/actionlint.js';
import { composeBinary } from '../helpers/deploy-tools.js';
import { parseDockerfile } from '../helpers/dockerfile.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';
import { builderStage } from '../helpers/dockerfile-steps.js';
import { freePort, get } from '../helpers/net.js';
import { rewriteForLoopback, startNginx } from '../helpers/nginx.js';
import { ROOT, tool } from '../helpers/paths.js';
import { requirementName } from '../../generators/edit/requirements.js';
import { UV_CACHE, venvEnv } from '../helpers/python.js';
import { must, run, runCli } from '../helpers/run.js';
import { startAndWait } from '../helpers/server.js';
import { MATRIX_DIR, Steps } from '../matrix/prove.js';

/**
 * `create-pyweb add` on projects it did not make, kept as small fixtures: each gets Docker, nginx,
 * Kubernetes and CI, is installed the way its Dockerfile installs it, started with the Dockerfile's
 * CMD, spoken to directly and through nginx running the new config, stopped with SIGTERM; then the
 * same add is a no-op, and `add server` switches it to another server that must start too.
 */
interface Case {
  fixture: string;
  framework: string;
  /** The server detection must find, or the one `--yes` picks when the project names none. */
  server: string;
  /** A route of the fixture's own that must answer 200. */
  route: string;
  /** A static file the app must serve once collected (Django's admin CSS). */
  staticFile?: string;
  health: string;
  switchTo: string;
  /** What detection must print besides the framework and server. */
  found?: RegExp[];
  /** A server the app's interface does not fit: `add server` refuses it, writing nothing. */
  refuse?: string;
  /** What the Dockerfile's CMD must say after the switch. */
  switchedCmd?: RegExp;
  /** Add-ons besides docker, nginx, k8s and ci. */
  addons?: string[];
  /** Files of the user's that the add edits in place (checked by `check`). */
  edited?: string[];
  /** What the case proves of those edits, after the add and after the switch. */
  check?: (dir: string, after: 'add' | 'switch') => Promise<void>;
  /** Where `add` runs, in the fixture: a member of a workspace whose root is the build context. */
  subdir?: string;
  /** The image's Python, as the project's own signals give it. */
  python?: string;
  /** Flags the project's server release lacks: never in the command. */
  absent?: string[];
  /**
   * `add postgres`: its release step run for real against a private cluster, or `none` when the
   * project has no migration tool (nothing may run one then).
   */
  release?: Release | 'none';
}

interface Release {
  /** Every table the release step leaves in PostgreSQL's public schema. */
  tables: string[];
  /** SQL whose answer after the release is known (Alembic's revision). */
  query?: { sql: string; answer: string };
  /** A route of the app's serving rows from the database, and its JSON body after the release. */
  rows?: { route: string; body: unknown };
  /** A file the release step migrates instead (the settings' SQLite), relative to the project. */
  sqlite?: string;
}

const CASES: Case[] = [
  {
    fixture: 'flask-single',
    framework: 'flask',
    server: 'gunicorn',
    route: '/api/items',
    health: '/healthz',
    switchTo: 'waitress',
  },
  {
    fixture: 'flask-factory',
    framework: 'flask',
    server: 'gunicorn',
    route: '/api/items',
    health: '/health',
    switchTo: 'granian',
  },
  {
    fixture: 'django-startproject',
    framework: 'django',
    server: 'gunicorn',
    route: '/polls/',
    staticFile: '/static/admin/css/base.css',
    health: '/healthz',
    switchTo: 'uvicorn',
    // Issue 18: Django's own migrations are the release step.
    addons: ['postgres'],
    found: [
      /database migrations: Django's migrations, released with `python manage\.py migrate` {2}\(manage\.py:9: /,
      /database URL in DATABASE_URL: the app reads no database URL/,
    ],
    check: checkMigrateStep('python manage.py migrate', 'DATABASE_URL'),
    // Its settings keep SQLite and add says so ("point its database at DATABASE_URL"): the
    // release step, as CI runs it, migrates that file and leaves PostgreSQL empty. Checked, so
    // that the day add wires DATABASE_URL into Django's settings this case says it.
    release: { tables: [], sqlite: 'db.sqlite3' },
  },
  {
    fixture: 'fastapi-uv',
    framework: 'fastapi',
    server: 'uvicorn',
    route: '/api/items',
    health: '/healthz',
    switchTo: 'gunicorn-uvicorn',
  },
  {
    fixture: 'poetry-starlette',
    framework: 'starlette',
    server: 'hypercorn',
    route: '/api/items',
    health: '/healthz',
    switchTo: 'uvicorn',
  },
  {
    // Issue 17, items 3, 4 and 11: a WSGI Falcon app whose create_app(store) needs an argument
    // and whose get_app() does not, with its health route under a prefix.
    fixture: 'falcon-look',
    framework: 'falcon',
    server: 'gunicorn',
    route: '/images',
    health: '/api/v1/utils/health-check/',
    switchTo: 'granian',
    found: [
      /factory create_app\(image_store\) skipped/,
      /app look\.app:get_app\(\) \(factory\)/,
      /interface WSGI/,
      /health check \/api\/v1\/utils\/health-check\//,
    ],
    refuse: 'uvicorn',
    switchedCmd: /granian --interface wsgi /,
  },
  // Installed the way the project installs (issue 17 item 6): PDM's lock; Poetry and hatchling
  // projects that are not a package, whose dependencies only are installed.
  {
    fixture: 'pdm-flask',
    framework: 'flask',
    server: 'gunicorn',
    route: '/api/items',
    health: '/healthz',
    switchTo: 'waitress',
  },
  {
    fixture: 'poetry-flat',
    framework: 'flask',
    server: 'gunicorn',
    route: '/api/items',
    health: '/healthz',
    switchTo: 'granian',
  },
  {
    fixture: 'hatch-module',
    framework: 'flask',
    server: 'gunicorn',
    route: '/api/items',
    health: '/healthz',
    switchTo: 'waitress',
  },
  {
    fixture: 'uv-workspace',
    subdir: 'packages/api',
    framework: 'flask',
    server: 'gunicorn',
    route: '/api/items',
    health: '/healthz',
    switchTo: 'granian',
  },
  {
    // Issue 17: a compose file of the user's (a database, comments), a Procfile whose web line
    // runs other commands before the server, pins with comments, a server named in app data.
    fixture: 'flask-compose',
    framework: 'flask',
    server: 'gunicorn',
    route: '/api/items',
    health: '/healthz',
    switchTo: 'granian',
    // Issue 18: postgres too, with no migrations: their db service is the app's.
    addons: ['compose', 'postgres'],
    edited: ['docker-compose.yml'],
    found: [/database migrations: none found .*: no migrate step/],
    check: checkFlaskCompose,
    release: 'none',
  },
  {
    // Issue 18: SQLAlchemy and Alembic, the URL in DB_URL: the release step is theirs.
    fixture: 'flask-alembic',
    framework: 'flask',
    server: 'gunicorn',
    route: '/api/items',
    health: '/healthz',
    switchTo: 'waitress',
    addons: ['postgres'],
    found: [
      /database migrations: Alembic, released with `alembic upgrade head` {2}\(alembic\.ini:3: /,
      /database URL in DB_URL, as the app reads it {2}\(db\.py:11: /,
    ],
    check: checkMigrateStep('alembic upgrade head', 'DB_URL'),
    release: {
      tables: ['alembic_version', 'stock'],
      query: { sql: 'SELECT version_num FROM alembic_version', answer: '0001' },
      rows: { route: '/api/stock', body: [{ id: 1, name: 'apple' }] },
    },
  },
  {
    // Issue 17, items 5 and 7: uvicorn pinned before --timeout-graceful-shutdown, .python-version 3.11.
    fixture: 'fastapi-pinned',
    framework: 'fastapi',
    server: 'uvicorn',
    route: '/api/items',
    health: '/healthz',
    switchTo: 'hypercorn',
    python: '3.11',
    absent: ['--timeout-graceful-shutdown'],
  },
];

/**
 * `add postgres`: CI starts PostgreSQL, sets the variable the app reads and runs the project's
 * own release step before anything else reads the database; the Secret holds the variable.
 */
function checkMigrateStep(migrate: string, urlVar: string) {
  return async (dir: string): Promise<void> => {
    const ci = await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8');
    expect(ci.match(/\n {6}postgres:\n {8}image: postgres:/g)).toHaveLength(1);
    expect(ci).toMatch(
      new RegExp(`\\n {6}${urlVar}: postgres[\\w+]*://app:app@localhost:5432/app\\n`),
    );
    expect(ci).toContain(`- name: migrate\n        run: ${migrate}\n`);
    expect(await readFile(join(dir, '.env.example'), 'utf8')).toMatch(
      new RegExp(`^${urlVar}=postgres`, 'm'),
    );
    const deployment = await readFile(join(dir, 'deploy', 'k8s', 'deployment.yaml'), 'utf8');
    expect(deployment).toContain(`key: ${urlVar}`);
  };
}

/**
 * The generated CI workflow's release step, run as CI runs it: its `migrate` command in the venv,
 * with the job's URL variable (the scheme CI writes too) pointing at the cluster instead of CI's
 * service container. Returns the variable and the URL, for the server.
 */
async function runCiRelease(
  dir: string,
  venv: string,
  pg: PgCluster,
): Promise<{ urlVar: string; url: string }> {
  const ci = await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8');
  const migrate = /\n {6}- name: migrate\n {8}run: (.+)\n/.exec(ci)?.[1];
  const jobEnv = /\n {4}env:\n {6}(\w+): (postgres\S*)\n/.exec(ci);
  if (!migrate || !jobEnv) throw new Error(`no migrate step or database URL in ci.yml:\n${ci}`);
  const [, urlVar, ciUrl] = jobEnv;
  const url = new URL(ciUrl);
  url.hostname = '127.0.0.1';
  url.port = String(pg.port);
  const env = venvEnv(venv, { [urlVar]: url.toString() });
  must(await run('sh', ['-c', migrate], { cwd: dir, env, timeoutMs: 180_000 }), migrate);
  return { urlVar, url: url.toString() };
}

/** No migration tool: add says so (`found`), and neither CI, compose nor Kubernetes runs one. */
async function checkNoRelease(dir: string): Promise<void> {
  expect(await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8')).not.toMatch(
    /name: migrate|manage\.py migrate|alembic|flask db/,
  );
  for (const f of ['compose.yaml', 'docker-compose.yml'])
    if (existsSync(join(dir, f)))
      expect(await readFile(join(dir, f), 'utf8')).not.toMatch(/\n {2}migrate:|service_completed/);
  const k8s = join(dir, 'deploy', 'k8s');
  for (const f of await listFiles(k8s))
    expect(await readFile(join(k8s, f), 'utf8'), f).not.toMatch(/kind: Job|initContainers|migrate/);
}

/** The user's compose file holds our services beside theirs; the Procfile keeps its other commands. */
async function checkFlaskCompose(dir: string, after: 'add' | 'switch'): Promise<void> {
  const mine = await readFile(join(FIXTURES, 'flask-compose', 'docker-compose.yml'), 'utf8');
  const compose = await readFile(join(dir, 'docker-compose.yml'), 'utf8');
  expect(existsSync(join(dir, 'compose.yaml'))).toBe(false);
  // Their lines, comments and order come first, untouched; ours follow within services.
  const head = mine.slice(0, mine.indexOf('# Named volumes.'));
  expect(compose.startsWith(head.trimEnd())).toBe(true);
  expect(compose).toContain('# Named volumes.\nvolumes:\n  pg: {}\n');
  expect(compose).toMatch(/\n {2}app:\n {4}build: \.\n/);
  expect(compose).toMatch(/\n {2}nginx:\n/);
  // Their PostgreSQL is the app's: one db service, reached with its own password and defaults.
  expect(compose).toContain('DATABASE_URL: "postgresql://postgres:example@db:5432/postgres"');
  expect(compose.match(/image: postgres/g)).toHaveLength(1);
  const bin = composeBinary();
  if (bin) {
    const env = { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };
    const services = must(await run(bin, ['config', '--services'], { cwd: dir, env }), 'compose');
    expect(services.stdout.trim().split('\n').sort()).toEqual(['app', 'db', 'nginx']);
  }
  const procfile = await readFile(join(dir, 'Procfile'), 'utf8');
  const requirements = await readFile(join(dir, 'requirements.txt'), 'utf8');
  expect(requirements).toMatch(/^flask~=3\.1 {2}# the web framework\n/);
  if (after === 'add') {
    expect(procfile).toBe(await readFile(join(FIXTURES, 'flask-compose', 'Procfile'), 'utf8'));
    expect(requirements).toContain('gunicorn==23.0.0  # pinned: our ops tooling reads its logs\n');
  } else {
    expect(procfile).toMatch(
      /^release: flask --app app routes\nweb: flask --app app routes; flask --app app --version; granian .* serving\.proxied:app\n$/,
    );
  }
}

const FIXTURES = join(ROOT, 'test', 'fixtures', 'foreign');
const uvEnv = { ...process.env, UV_CACHE_DIR: UV_CACHE, UV_LINK_MODE: 'copy', VIRTUAL_ENV: '' };

async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const rel of await listFiles(dir)) {
    if (rel.startsWith('.venv/') || rel.includes('__pycache__/') || rel.includes('.egg-info/'))
      continue;
    out[rel] = await readFile(join(dir, rel), 'utf8');
  }
  return out;
}

/** Installers the builder stage brings (uv, Poetry, PDM), each in a venv of its own, by requirement. */
const installers = new Map<string, Promise<string>>();
function installer(requirement: string): Promise<string> {
  let made = installers.get(requirement);
  if (!made) {
    made = (async () => {
      const home = join(MATRIX_DIR, 'installers', requirement.replace(/[^\w.=-]+/g, '_'));
      const uv = tool('uv')!;
      await rm(home, { recursive: true, force: true });
      must(await run(uv, ['venv', '--quiet', '--python', 'python3', home], { env: uvEnv }), 'venv');
      must(
        await run(
          uv,
          ['pip', 'install', '--quiet', '--python', join(home, 'bin', 'python'), requirement],
          {
            env: uvEnv,
            timeoutMs: 300_000,
          },
        ),
        `install ${requirement}`,
      );
      // Only the installer's own command on PATH, not its venv's python and pip.
      const name = requirementName(requirement);
      const shims = join(home, 'shims');
      await mkdir(shims);
      await symlink(join(home, 'bin', name), join(shims, name));
      return shims;
    })();
    installers.set(requirement, made);
  }
  return made;
}

/**
 * A venv with the project installed as its Dockerfile's builder stage installs it: its ENV and
 * RUN steps, in order, here, with the venv for /opt/venv (COPY has nothing to do: the project is
 * all here). The stage's installer comes from a venv of its own; a lock file of that installer's
 * is refreshed first, as `add` prints to do when it changed the dependencies.
 */
async function install(dir: string, context = dir): Promise<string> {
  const venv = join(dir, '.venv');
  const scratch = join(dir, '.venv-tmp');
  for (const d of [venv, scratch]) await rm(d, { recursive: true, force: true });
  await mkdir(scratch);
  // In one pass: the venv's own path may be under /tmp.
  const here = (text: string) =>
    text.replace(/\/opt\/venv|\/tmp\//g, (m) => (m === '/tmp/' ? `${scratch}/` : venv));
  const dockerfile = await readFile(join(dir, 'Dockerfile'), 'utf8');
  const env: Record<string, string | undefined> = { ...uvEnv };
  let path = `${join(venv, 'bin')}:${process.env.PATH}`;
  // An image of the user's that installs into its own Python (no venv): the venv stands in for it.
  if (!/python -m venv \/opt\/venv/.test(dockerfile))
    must(await run('python3', ['-m', 'venv', venv], { cwd: dir, env: uvEnv }), 'venv');
  for (const { instr, rest } of builderStage(dockerfile)) {
    if (instr === 'ENV') {
      for (const m of rest.matchAll(/(\w+)=("[^"]*"|\S+)/g))
        if (m[1] !== 'PATH') env[m[1]] = here(m[2].replace(/^"|"$/g, ''));
      continue;
    }
    if (instr !== 'RUN' || /\bapt-get\b/.test(rest)) continue;
    let cmd = rest.replace(/^(--mount=\S+\s+)+/, '');
    const brought = /^pip install "([^"]+)" && (python -m venv \/opt\/venv)$/.exec(cmd);
    if (brought) {
      const shims = await installer(brought[1]);
      path = `${join(venv, 'bin')}:${shims}:${process.env.PATH}`;
      const name = requirementName(brought[1]);
      if (existsSync(join(context, `${name}.lock`)))
        must(
          await run(name, ['lock'], {
            cwd: context,
            env: { ...env, PATH: path },
            timeoutMs: 300_000,
          }),
          `${name} lock`,
        );
      cmd = brought[2];
    }
    if (cmd === 'python -m venv /opt/venv') {
      must(
        // As the image makes it: Poetry writes `#!python` scripts into a venv uv made.
        await run('python3', ['-m', 'venv', venv], { cwd: dir, env: uvEnv }),
        'venv',
      );
      continue;
    }
    must(
      await run('sh', ['-c', here(cmd)], {
        cwd: context,
        env: { ...env, PATH: path },
        timeoutMs: 600_000,
      }),
      cmd,
    );
  }
  return venv;
}

/**
 * The Dockerfile's CMD with its ENV (WEB_CONCURRENCY=2: uvicorn with one worker re-raises SIGTERM
 * and exits 143 outside a container), in the venv, on a free loopback port.
 */
async function startCmd(
  dir: string,
  venv: string,
  health: string,
  extra: Record<string, string> = {},
) {
  const facts = parseDockerfile(await readFile(join(dir, 'Dockerfile'), 'utf8'));
  const { PATH: _path, ...env } = facts.env;
  const port = await freePort();
  const running = await startAndWait(
    facts.cmd,
    dir,
    venvEnv(venv, { ...env, HOST: '127.0.0.1', PORT: String(port), ...extra }),
    `http://127.0.0.1:${port}${health}`,
  );
  return { running, port, facts };
}

async function stopCleanly(
  running: Awaited<ReturnType<typeof startCmd>>['running'],
  server: string,
): Promise<void> {
  const grace = findServer(server)!.gracefulTimeout;
  const end = await running.stop(grace * 1000 + 5000);
  expect(
    { code: end.code, signal: end.signal, forced: end.forced },
    running.output().slice(-2000),
  ).toEqual({ code: 0, signal: null, forced: false });
}

async function proveFound(c: Case, onFinished: (fn: () => Promise<void>) => void): Promise<void> {
  const steps = new Steps();
  const root = join(MATRIX_DIR, `found-${c.fixture}`);
  const dir = join(root, c.subdir ?? '');
  await rm(root, { recursive: true, force: true });
  await mkdir(MATRIX_DIR, { recursive: true });
  await cp(join(FIXTURES, c.fixture), root, { recursive: true });
  const original = await tree(dir);

  const ids = ['docker', 'nginx', 'k8s', 'ci', ...(c.addons ?? [])];
  const added = await steps.step(`add ${ids.join(' ')}`, async () =>
    must(await runCli(['add', ...ids, '--yes', '--cwd', dir]), 'create-pyweb add'),
  );
  await steps.step("detection is printed, the user's files are kept", async () => {
    expect(added.stdout).toContain(c.framework);
    expect(added.stdout).toContain(c.server);
    for (const re of c.found ?? []) expect(added.stdout).toMatch(re);
    const now = await tree(dir);
    for (const [rel, text] of Object.entries(original)) {
      if (rel === 'pyproject.toml' || rel === 'requirements.txt' || c.edited?.includes(rel))
        continue;
      expect(now[rel], `${rel} was changed`).toBe(text);
    }
    const manifest = existsSync(join(dir, 'pyproject.toml'))
      ? 'pyproject.toml'
      : '.create-pyweb.toml';
    const record = await readFile(join(dir, manifest), 'utf8');
    expect(record).toMatch(/\[tool\.create-pyweb\][\s\S]*framework = "/);
    expect(record).toContain(`server = "${c.server}"`);
    const recorded = ADDON_IDS.filter((id) => ids.includes(id));
    expect(record).toContain(`addons = [${recorded.map((id) => `"${id}"`).join(', ')}]`);
    const dockerfile = await readFile(join(dir, 'Dockerfile'), 'utf8');
    if (c.python) {
      expect(dockerfile).toContain(`ARG PYTHON_VERSION=${c.python}`);
      expect(await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8')).toContain(
        `python-version: "${c.python}"`,
      );
    }
    for (const flag of c.absent ?? []) expect(dockerfile).not.toContain(flag);
  });
  if (c.check) await steps.step('what the add edited', () => c.check!(dir, 'add'));
  if (c.release === 'none') await steps.step('no release step anywhere', () => checkNoRelease(dir));
  await steps.step('a second run is a no-op', async () => {
    const before = await tree(dir);
    const again = must(await runCli(['add', ...ids, '--yes', '--cwd', dir]), 'add again');
    expect(again.stdout).toContain('nothing to change');
    expect(await tree(dir)).toEqual(before);
  });
  await steps.step('lint: hadolint, kubernetes-validate, actionlint', async () => {
    must(
      await run(tool('hadolint')!, ['--no-color', '--failure-threshold', 'warning', 'Dockerfile'], {
        cwd: dir,
        timeoutMs: 30_000,
      }),
      'hadolint',
    );
    // With postgres, the migrate Job is in deploy/k8s/jobs/: validated too.
    const k8s = join(dir, 'deploy', 'k8s');
    const files = (await listFiles(k8s)).map((f) => join(k8s, f));
    must(
      await run(tool('kubernetes-validate')!, ['--strict', '--quiet', ...files], {
        timeoutMs: 60_000,
      }),
      'kubernetes-validate',
    );
    await actionlint(dir);
  });

  const release = c.release === 'none' ? undefined : c.release;
  // One cluster per case, started while the project installs.
  const starting = release ? startPostgres() : undefined;
  // A failed start is reported where the cluster is awaited; disposed however the case ends.
  starting?.catch(() => {});
  onFinished(async () => (await starting?.catch(() => undefined))?.dispose());
  const venv = await steps.step('install as the Dockerfile does', () => install(dir, root));
  // Django runs the production settings module the image names, with the secret the image
  // leaves to its environment and, outside a container, local folders for /app's.
  const extra: Record<string, string> = {};
  if (c.framework === 'django') {
    const { PATH: _path, ...image } = parseDockerfile(
      await readFile(join(dir, 'Dockerfile'), 'utf8'),
    ).env;
    Object.assign(extra, {
      DJANGO_SECRET_KEY: `${'k'.repeat(20)}${randomUUID()}${randomUUID()}`,
      DJANGO_STATIC_ROOT: join(dir, 'staticfiles'),
      DJANGO_DB_PATH: join(dir, 'db.sqlite3'),
      // Plain HTTP here: the redirect to HTTPS is for a proxy that terminates TLS.
      DJANGO_SECURE_SSL_REDIRECT: '0',
    });
    const env = venvEnv(venv, { ...image, ...extra });
    const stat = must(
      await run('python', ['manage.py', 'collectstatic', '--noinput'], {
        cwd: dir,
        env,
        timeoutMs: 60_000,
      }),
      'collectstatic',
    );
    expect(stat.stdout).toMatch(/static files? copied/);
    await steps.step('manage.py check --deploy with production values', async () => {
      const check = await run(
        'python',
        ['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'],
        {
          cwd: dir,
          env: {
            ...env,
            DJANGO_SECURE_SSL_REDIRECT: '',
            DJANGO_ALLOWED_HOSTS: 'example.com',
            DJANGO_CSRF_TRUSTED_ORIGINS: 'https://example.com',
            // HSTS raised as the generated projects' README says, once HTTPS works.
            DJANGO_HSTS_SECONDS: '31536000',
            DJANGO_HSTS_INCLUDE_SUBDOMAINS: '1',
            DJANGO_HSTS_PRELOAD: '1',
          },
          timeoutMs: 60_000,
        },
      );
      expect(check.code, check.stdout + check.stderr).toBe(0);
      expect(check.stdout).toContain('System check identified no issues');
    });
  }
  if (release) {
    const pg = await steps.step('PostgreSQL cluster', () => starting!);
    const db = await steps.step("CI's migrate step, against PostgreSQL", () =>
      runCiRelease(dir, venv, pg),
    );
    extra[db.urlVar] = db.url;
    await steps.step('what the release step left in PostgreSQL', async () => {
      const tables = await pg.sql(
        'app',
        "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'",
      );
      expect(tables.split(',').filter(Boolean), pg.log().slice(-2000)).toEqual(release.tables);
      if (release.query) expect(await pg.sql('app', release.query.sql)).toBe(release.query.answer);
      if (release.sqlite) expect(existsSync(join(dir, release.sqlite))).toBe(true);
    });
  }
  const dbRows = async (port: number) => {
    if (!release?.rows) return;
    const r = await get(`http://127.0.0.1:${port}${release.rows.route}`);
    expect(r.status, r.body).toBe(200);
    expect(JSON.parse(r.body)).toEqual(release.rows.body);
  };
  const first = await steps.step('start with the Dockerfile CMD', () =>
    startCmd(dir, venv, c.health, extra),
  );
  try {
    await steps.step('HTTP, direct', async () => {
      const r = await get(`http://127.0.0.1:${first.port}${c.route}`);
      expect(r.status, r.body).toBe(200);
      await dbRows(first.port);
    });
    await steps.step('nginx in front with deploy/nginx/default.conf', async () => {
      const conf = await readFile(join(dir, 'deploy', 'nginx', 'default.conf'), 'utf8');
      const nginx = await startNginx((listen) =>
        rewriteForLoopback(conf, { from: 'app:8000', to: `127.0.0.1:${first.port}` }, listen),
      );
      try {
        const r = await get(`http://127.0.0.1:${nginx.port}${c.route}`);
        expect(r.status, r.body).toBe(200);
        expect((await get(`http://127.0.0.1:${nginx.port}${c.health}`)).status).toBe(200);
        if (c.staticFile) {
          const css = await get(`http://127.0.0.1:${nginx.port}${c.staticFile}`);
          expect(css.status, css.body).toBe(200);
        }
      } finally {
        await nginx.stop();
      }
    });
  } catch (e) {
    first.running.kill();
    (e as Error).message += `\n--- server output ---\n${first.running.output().slice(-3000)}`;
    throw e;
  }
  await steps.step('SIGTERM', () => stopCleanly(first.running, c.server));

  const refuse = c.refuse;
  if (refuse)
    await steps.step(`add server ${refuse} is refused`, async () => {
      const before = await tree(dir);
      const r = await runCli(['add', 'server', refuse, '--yes', '--cwd', dir]);
      expect(r.code, r.stdout).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`${refuse} serves ASGI only; servers that fit it:`);
      expect(r.stderr).toContain(c.switchTo);
      expect(await tree(dir)).toEqual(before);
    });
  await steps.step(`add server ${c.switchTo}`, async () => {
    const r = must(
      await runCli(['add', 'server', c.switchTo, '--yes', '--cwd', dir]),
      `add server ${c.switchTo}`,
    );
    expect(r.stdout).toMatch(/change\s+Dockerfile/);
    const facts = parseDockerfile(await readFile(join(dir, 'Dockerfile'), 'utf8'));
    expect(facts.cmd.join(' ')).toContain(
      c.switchTo === 'gunicorn-uvicorn'
        ? 'gunicorn'
        : c.switchTo === 'waitress'
          ? '.launch'
          : c.switchTo,
    );
    if (c.switchedCmd) expect(facts.cmd.join(' ')).toMatch(c.switchedCmd);
  });
  if (c.check) await steps.step('what the switch edited', () => c.check!(dir, 'switch'));
  const venv2 = await steps.step('install again', () => install(dir, root));
  const second = await steps.step(`start on ${c.switchTo}`, () =>
    startCmd(dir, venv2, c.health, extra),
  );
  try {
    await steps.step(`HTTP on ${c.switchTo}`, async () => {
      const r = await get(`http://127.0.0.1:${second.port}${c.route}`);
      expect(r.status, r.body).toBe(200);
      await dbRows(second.port);
    });
  } catch (e) {
    second.running.kill();
    (e as Error).message += `\n--- server output ---\n${second.running.output().slice(-3000)}`;
    throw e;
  }
  await steps.step(`SIGTERM on ${c.switchTo}`, () => stopCleanly(second.running, c.switchTo));
}

/**
 * A project with a Dockerfile of its own (port 5000 in its CMD, root, no HEALTHCHECK): `add` keeps
 * it, and compose, nginx and Kubernetes follow it. Its CMD runs for real (on a free port), nginx
 * with the new config reaches it, compose's health test passes against it, and SIGTERM stops it.
 */
async function proveKeptImage(): Promise<void> {
  const steps = new Steps();
  const dir = join(MATRIX_DIR, 'found-flask-own-docker');
  await rm(dir, { recursive: true, force: true });
  await mkdir(MATRIX_DIR, { recursive: true });
  await cp(join(FIXTURES, 'flask-own-docker'), dir, { recursive: true });
  const dockerfile = await readFile(join(dir, 'Dockerfile'), 'utf8');
  const ids = ['docker', 'nginx', 'compose', 'k8s'];
  const added = await steps.step('add docker nginx compose k8s', async () =>
    must(await runCli(['add', ...ids, '--yes', '--cwd', dir]), 'create-pyweb add'),
  );
  await steps.step(
    'the Dockerfile is kept and read; nothing claims to be its container',
    async () => {
      expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toBe(dockerfile);
      expect(added.stdout).toMatch(/skip\s+Dockerfile\s+yours, kept and read by/);
      expect(added.stdout).not.toContain('as the container does');
    },
  );
  await steps.step('a second run is a no-op', async () => {
    const before = await tree(dir);
    const again = must(await runCli(['add', ...ids, '--yes', '--cwd', dir]), 'add again');
    expect(again.stdout).toContain('nothing to change');
    expect(await tree(dir)).toEqual(before);
  });
  await steps.step('lint: kubernetes-validate', async () => {
    const k8s = join(dir, 'deploy', 'k8s');
    const files = (await readdir(k8s)).map((f) => join(k8s, f));
    must(
      await run(tool('kubernetes-validate')!, ['--strict', '--quiet', ...files], {
        timeoutMs: 60_000,
      }),
      'kubernetes-validate',
    );
  });
  const venv = await steps.step('install as the Dockerfile does', () => install(dir));
  const port = await freePort();
  const facts = parseDockerfile(dockerfile);
  // Its CMD binds 0.0.0.0:5000: the same command, on loopback and a free port.
  const argv = facts.cmd.map((a) => (a === '0.0.0.0:5000' ? `127.0.0.1:${port}` : a));
  expect(argv).toContain(`127.0.0.1:${port}`);
  const running = await steps.step('start with the Dockerfile CMD', () =>
    startAndWait(argv, dir, venvEnv(venv), `http://127.0.0.1:${port}/ping`),
  );
  try {
    await steps.step("compose's health test, against the running app", async () => {
      const compose = await readFile(join(dir, 'compose.yaml'), 'utf8');
      const test = /test: (\["CMD", "python3".*\])/.exec(compose)?.[1];
      expect(test, compose).toBeDefined();
      const [, , ...args] = JSON.parse(test!.replace(':5000/', `:${port}/`)) as string[];
      must(await run('python3', args, { timeoutMs: 30_000 }), 'health test');
    });
    await steps.step('nginx in front with deploy/nginx/default.conf', async () => {
      const conf = await readFile(join(dir, 'deploy', 'nginx', 'default.conf'), 'utf8');
      const nginx = await startNginx((listen) =>
        rewriteForLoopback(conf, { from: 'app:5000', to: `127.0.0.1:${port}` }, listen),
      );
      try {
        const r = await get(`http://127.0.0.1:${nginx.port}/api/items`);
        expect(r.status, r.body).toBe(200);
      } finally {
        await nginx.stop();
      }
    });
  } catch (e) {
    running.kill();
    (e as Error).message += `\n--- server output ---\n${running.output().slice(-3000)}`;
    throw e;
  }
  await steps.step('SIGTERM', () => stopCleanly(running, 'gunicorn'));
}

describe.concurrent('add on projects create-pyweb did not make', () => {
  test(
    'flask-own-docker: a kept Dockerfile (port 5000, root, no HEALTHCHECK) drives compose, nginx and k8s',
    () => proveKeptImage(),
    600_000,
  );

  for (const c of CASES) {
    test(
      `${c.fixture}: docker, nginx, k8s, ci${c.addons ? `, ${c.addons.join(', ')}` : ''}, then server ${c.switchTo}`,
      ({ onTestFinished }) => proveFound(c, onTestFinished),
      600_000,
    );
  }
});
