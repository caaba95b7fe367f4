import { existsSync } from 'node:fs';
import { readFile, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { expect } from 'vitest';
import type { Pair } from '../../generators/catalog/index.js';
import { findServer, type Server } from '../../generators/catalog/index.js';
import { parseDockerfile } from '../helpers/dockerfile.js';
import { freePort, get, wsEcho } from '../helpers/net.js';
import { ROOT } from '../helpers/paths.js';
import * as facts from '../../scripts/project-facts.mjs';
import { installProject, venvEnv } from '../helpers/python.js';
import { must, run, runCli } from '../helpers/run.js';
import { startAndWait, type Running } from '../helpers/server.js';
import { proveAccessLogged, proveAccessQuiet } from './access-log.js';
import { proveDeploy } from './deploy.js';
import { proveDjangoAdmin } from './django.js';
import {
  addSlowPath,
  expectExit,
  inFlightCount,
  proveStopUnderLoad,
  recordFolder,
} from './under-load.js';

/**
 * Outside the checkout, in the world-readable temp dir: mod_wsgi pairs run the app as uid 10001
 * (Apache refuses root), which must be able to read the project wherever CI cloned this repo.
 * One folder per checkout, so that two checkouts can run their matrices at once.
 */
export const MATRIX_DIR =
  process.env.PYWEB_MATRIX_DIR ??
  join(tmpdir(), `pyweb-matrix-${createHash('sha1').update(ROOT).digest('hex').slice(0, 8)}`);

/** Steps a pair went through, for the failure message: the last one named is where it broke. */
export class Steps {
  done: string[] = [];
  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      const out = await fn();
      this.done.push(name);
      return out;
    } catch (e) {
      const err = e as Error;
      err.message = `[${name}] ${err.message}`;
      throw err;
    }
  }
}

export interface Generated {
  dir: string;
  pkg: string;
  venv: string;
}

/** X.Y of a Python interpreter, asked once per interpreter. */
const versions = new Map<string, Promise<string>>();
function pythonVersion(python: string): Promise<string> {
  if (!versions.has(python)) {
    versions.set(
      python,
      run(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
        timeoutMs: 30_000,
      }).then((r) => must(r, `${python} --version`).stdout.trim()),
    );
  }
  return versions.get(python)!;
}

/**
 * A pair's project, made with its flags and installed into its own venv (the shared uv cache).
 * `prefix` names its folder (and package) apart from other runs of the same pair.
 */
export async function generateAndInstall(
  pair: Pair,
  steps: Steps,
  extraFlags: string[] = [],
  prefix = 'svc',
): Promise<Generated> {
  const name = `${prefix}-${pair.framework}-${pair.server}`.replace(/_/g, '-');
  const dir = join(MATRIX_DIR, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(MATRIX_DIR, { recursive: true });
  // As uid 10001, mod_wsgi and Django's admin proof need a Python it can read: pyenv's lives
  // under /root (0700) here.
  const python =
    findServer(pair.server)?.apache || pair.framework === 'django' ? '/usr/bin/python3' : undefined;
  // The project is installed with the host's Python, so it is made for that one: requires-python,
  // .python-version and mypy's python_version follow --python (the container stage proves 3.13).
  const version = await pythonVersion(python ?? process.env.PYWEB_PYTHON ?? 'python3');
  await steps.step('generate', async () =>
    must(
      await runCli([
        dir,
        '--framework',
        pair.framework,
        '--server',
        pair.server,
        '--python',
        version,
        '--k8s',
        '--yes',
        ...extraFlags,
      ]),
      'create-pyweb',
    ),
  );
  const venv = await steps.step('install', () => installProject(dir, python));
  return { dir, pkg: name.replace(/-/g, '_'), venv };
}

/** KEY=value lines of a .env file, as compose's env_file reads them. */
export function parseEnvFile(text: string): Record<string, string> {
  return facts.parseEnvFile(text);
}

/**
 * The exact production command: the Dockerfile's CMD, run in the venv with the Dockerfile's ENV
 * and the values of .env.example (what compose passes as the env file).
 */
export async function productionCommand(dir: string) {
  const facts = parseDockerfile(await readFile(join(dir, 'Dockerfile'), 'utf8'));
  // compose's env file: .env where create-pyweb wrote one (Django's secret key), else the example's copy.
  const dotenv = parseEnvFile(
    await readFile(join(dir, existsSync(join(dir, '.env')) ? '.env' : '.env.example'), 'utf8'),
  );
  const { PATH: _path, ...env } = { ...facts.env, ...dotenv };
  return { argv: facts.cmd, env, facts };
}

/** The one shell line a person would paste: what the README must show. */
export function commandLine(argv: string[]): string {
  return facts.commandLine(argv);
}

export async function proveApp(
  base: string,
  pair: Pair,
  wsHost: string,
  wsPort: number,
  headers: Record<string, string> = {},
): Promise<void> {
  const index = await get(`${base}/`, headers);
  expect(index.status, index.body).toBe(200);
  const body = index.json() as { message: string; framework: string };
  expect(body.message).toMatch(/Hello/);
  expect(body.framework).toBe(pair.framework);
  expect((await get(`${base}/healthz`, headers)).status).toBe(200);
  // Readiness, separate from liveness: what a load balancer and Kubernetes ask before sending traffic.
  const ready = await get(`${base}/readyz`, headers);
  expect(ready.status, ready.body).toBe(200);
  expect(ready.json()).toEqual({ status: 'ready' });
  const items = await get(`${base}/api/items`, headers);
  expect(items.status, items.body).toBe(200);
  expect(items.json()).toHaveLength(3);
  const one = await get(`${base}/api/items/1`, headers);
  expect(one.status, one.body).toBe(200);
  expect(one.json()).toMatchObject({ id: 1, name: 'keyboard' });
  const missing = await get(`${base}/api/items/999`, headers);
  expect(missing.status, missing.body).toBe(404);
  // Every framework's API answers an unknown path in one shape: a JSON object whose `detail` says it.
  const unknown = await get(`${base}/no/such/path`, headers);
  expect(unknown.status, unknown.body).toBe(404);
  expect(unknown.headers.get('content-type'), unknown.body).toMatch(/^application\/json/);
  expect(unknown.json(), 'an unknown path: {"detail": "not found"}').toMatchObject({
    detail: expect.stringMatching(/not found/i),
  });
  // The test client is on 127.0.0.1, which FORWARDED_ALLOW_IPS trusts by default: it plays the proxy.
  const who = await get(`${base}/api/whoami`, {
    ...headers,
    'X-Forwarded-For': '203.0.113.7',
    'X-Forwarded-Proto': 'https',
  });
  expect(who.status, who.body).toBe(200);
  expect(
    who.json(),
    'the app must see the client address and scheme from trusted proxy headers',
  ).toMatchObject({ client: '203.0.113.7', scheme: 'https' });
  if (pair.websocket) {
    expect(await wsEcho(wsHost, wsPort, '/ws', 'hello over websocket', headers)).toBe(
      'hello over websocket',
    );
  }
}

/** `check --deploy` is clean with production values, and no secret means no start. */
async function proveDjangoSettings(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const prod = {
    ...env,
    DJANGO_SECRET_KEY: 'k'.repeat(20) + randomUUID() + randomUUID(),
    DJANGO_DEBUG: '0',
    DJANGO_ALLOWED_HOSTS: 'example.com',
    DJANGO_CSRF_TRUSTED_ORIGINS: 'https://example.com',
    // HSTS raised as the README says once HTTPS works: until then check --deploy reminds of these two.
    DJANGO_HSTS_SECONDS: '31536000',
    DJANGO_HSTS_INCLUDE_SUBDOMAINS: '1',
    DJANGO_HSTS_PRELOAD: '1',
  };
  const check = await run('python', ['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'], {
    cwd: dir,
    env: prod,
    timeoutMs: 60_000,
  });
  expect(check.code, check.stdout + check.stderr).toBe(0);
  expect(check.stdout).toContain('System check identified no issues');
  const { DJANGO_SECRET_KEY: _k, ...noSecret } = prod;
  const refused = await run('python', ['manage.py', 'check'], {
    cwd: dir,
    env: noSecret,
    timeoutMs: 60_000,
  });
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toMatch(/ImproperlyConfigured: DJANGO_SECRET_KEY is not set/);
}

/**
 * The server exits 0 within its graceful timeout (and 5 s of slack) of a SIGTERM. To a group
 * signal, a server's catalog entry may name one upstream race: its exit code is accepted only with
 * the log line that shows it, and said out loud.
 */
export async function proveStop(
  running: Running,
  server: Server,
  what: string,
  label: string,
  group = false,
): Promise<void> {
  const end = await running.stop(server.gracefulTimeout * 1000 + 5000, { group });
  expectExit({ end, output: running.output(), server, what, label, group });
}

export async function provePair(pair: Pair): Promise<string[]> {
  const steps = new Steps();
  const server = findServer(pair.server)!;
  const { dir, venv } = await generateAndInstall(pair, steps);
  const env = venvEnv(venv);
  await steps.step('ruff check', async () =>
    must(await run('ruff', ['check', '.'], { cwd: dir, env, timeoutMs: 60_000 }), 'ruff check'),
  );
  // Strict, with the files and overrides [tool.mypy] in pyproject.toml names.
  await steps.step('mypy', async () =>
    must(await run('mypy', ['--no-incremental'], { cwd: dir, env, timeoutMs: 300_000 }), 'mypy'),
  );
  await steps.step('project pytest', async () =>
    must(
      await run('pytest', ['-q', '-p', 'no:cacheprovider'], { cwd: dir, env, timeoutMs: 180_000 }),
      'pytest',
    ),
  );
  if (pair.framework === 'django')
    await steps.step('Django production settings', () => proveDjangoSettings(dir, env));
  const cmd = await productionCommand(dir);
  await steps.step('README shows the production command', async () => {
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain(commandLine(cmd.argv));
  });
  // After ruff, mypy and pytest: the test's own slow path, which the generated app must not have.
  const recordDir = await recordFolder();
  await steps.step('add a slow path for the stop under load', () =>
    addSlowPath(dir, cmd.argv, pair, recordDir),
  );
  const port = await freePort();
  const runEnv = venvEnv(venv, { ...cmd.env, HOST: '127.0.0.1', PORT: String(port) });
  const load = {
    server,
    port,
    recordDir,
    inFlight: inFlightCount(pair, runEnv),
    label: `${pair.framework} × ${pair.server}`,
  };
  const running = await steps.step('start with the Dockerfile CMD', () =>
    startAndWait(cmd.argv, dir, runEnv, `http://127.0.0.1:${port}/healthz`),
  );
  try {
    await steps.step('HTTP and WebSocket', () =>
      proveApp(`http://127.0.0.1:${port}`, pair, '127.0.0.1', port),
    );
    await steps.step('ACCESS_LOG=1 logs requests', () =>
      proveAccessLogged(`http://127.0.0.1:${port}`, running),
    );
    await proveDeploy({ pair, dir, venv, steps, cmd, port, running });
  } catch (e) {
    running.kill();
    (e as Error).message += `\n--- server output ---\n${running.output().slice(-3000)}`;
    throw e;
  }
  await steps.step('SIGTERM under load', () =>
    proveStopUnderLoad({ ...load, running, what: 'SIGTERM' }),
  );
  // systemd's default KillMode, and `kill -- -PGID`, signal every process of the group at once:
  // workers and helper processes hear it too, not only from their master. This proves the process
  // group; systemd signals the cgroup, which is the same set except where a server leaves the
  // group: mod_wsgi's launcher runs httpd in a session of its own, so here only the launcher hears
  // it, and under systemd the README asks for KillMode=mixed instead (not proven here).
  // Started again with the access log off: the second start proves ACCESS_LOG=0.
  const again = await steps.step('start again', () =>
    startAndWait(cmd.argv, dir, { ...runEnv, ACCESS_LOG: '0' }, `http://127.0.0.1:${port}/healthz`),
  );
  await steps.step('ACCESS_LOG=0 logs no requests', () =>
    proveAccessQuiet(`http://127.0.0.1:${port}`, again),
  );
  // As when systemd stops a service that is up: a group signal to workers still booting meets
  // them before their handlers exist (uWSGI 2.0 and Granian then leave one running, seen here).
  await steps.step('settle', () => again.settle());
  await steps.step('SIGTERM to the process group under load', () =>
    proveStopUnderLoad({
      ...load,
      running: again,
      what: 'SIGTERM to its process group',
      group: true,
    }),
  );
  await rm(recordDir, { recursive: true, force: true });
  if (pair.framework === 'django') await proveDjangoAdmin({ dir, venv, steps, cmd });
  return steps.done;
}
