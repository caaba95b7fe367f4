import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findServer } from '../../generators/catalog/index.js';
import { listFiles } from '../../generators/project/render.js';
import { actionlint } from '../helpers/actionlint.js';
import { parseDockerfile } from '../helpers/dockerfile.js';
import { freePort, get } from '../helpers/net.js';
import { rewriteForLoopback, startNginx } from '../helpers/nginx.js';
import { ROOT, tool } from '../helpers/paths.js';
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
  health: string;
  switchTo: string;
  /** The image's Python, as the project's own signals give it. */
  python?: string;
  /** Flags the project's server release lacks: never in the command. */
  absent?: string[];
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
    health: '/healthz',
    switchTo: 'uvicorn',
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

/** A venv with the project installed the way its Dockerfile installs it (uv, Poetry's backend, pip, requirements). */
async function install(dir: string): Promise<string> {
  const uv = tool('uv')!;
  const venv = join(dir, '.venv');
  await rm(venv, { recursive: true, force: true });
  const dockerfile = await readFile(join(dir, 'Dockerfile'), 'utf8');
  if (/uv sync --locked/.test(dockerfile)) {
    // The next step `add` prints when it changed the dependencies of a locked project.
    must(await run(uv, ['lock'], { cwd: dir, env: uvEnv, timeoutMs: 300_000 }), 'uv lock');
    must(
      await run(uv, ['sync', '--locked', '--no-dev'], {
        cwd: dir,
        env: { ...uvEnv, UV_PROJECT_ENVIRONMENT: venv },
        timeoutMs: 600_000,
      }),
      'uv sync --locked',
    );
    return venv;
  }
  must(
    await run(uv, ['venv', '--quiet', '--python', 'python3', venv], {
      cwd: dir,
      env: uvEnv,
      timeoutMs: 120_000,
    }),
    'uv venv',
  );
  const py = join(venv, 'bin', 'python');
  const args = /pip install -r requirements\.txt/.test(dockerfile)
    ? ['-r', 'requirements.txt']
    : ['-e', '.'];
  must(
    await run(uv, ['pip', 'install', '--quiet', '--python', py, ...args], {
      cwd: dir,
      env: uvEnv,
      timeoutMs: 600_000,
    }),
    `install ${args.join(' ')}`,
  );
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

async function proveFound(c: Case): Promise<void> {
  const steps = new Steps();
  const dir = join(MATRIX_DIR, `found-${c.fixture}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(MATRIX_DIR, { recursive: true });
  await cp(join(FIXTURES, c.fixture), dir, { recursive: true });
  const original = await tree(dir);

  const added = await steps.step('add docker nginx k8s ci', async () =>
    must(
      await runCli(['add', 'docker', 'nginx', 'k8s', 'ci', '--yes', '--cwd', dir]),
      'create-pyweb add',
    ),
  );
  await steps.step("detection is printed, the user's files are kept", async () => {
    expect(added.stdout).toContain(c.framework);
    expect(added.stdout).toContain(c.server);
    const now = await tree(dir);
    for (const [rel, text] of Object.entries(original)) {
      if (rel === 'pyproject.toml' || rel === 'requirements.txt') continue;
      expect(now[rel], `${rel} was changed`).toBe(text);
    }
    const manifest = existsSync(join(dir, 'pyproject.toml'))
      ? 'pyproject.toml'
      : '.create-pyweb.toml';
    const record = await readFile(join(dir, manifest), 'utf8');
    expect(record).toMatch(/\[tool\.create-pyweb\][\s\S]*framework = "/);
    expect(record).toContain(`server = "${c.server}"`);
    expect(record).toContain('addons = ["docker", "nginx", "k8s", "ci"]');
    const dockerfile = await readFile(join(dir, 'Dockerfile'), 'utf8');
    if (c.python) {
      expect(dockerfile).toContain(`ARG PYTHON_VERSION=${c.python}`);
      expect(await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8')).toContain(
        `python-version: "${c.python}"`,
      );
    }
    for (const flag of c.absent ?? []) expect(dockerfile).not.toContain(flag);
  });
  await steps.step('a second run is a no-op', async () => {
    const before = await tree(dir);
    const again = must(
      await runCli(['add', 'docker', 'nginx', 'k8s', 'ci', '--yes', '--cwd', dir]),
      'add again',
    );
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
    const k8s = join(dir, 'deploy', 'k8s');
    const files = (await readdir(k8s)).map((f) => join(k8s, f));
    must(
      await run(tool('kubernetes-validate')!, ['--strict', '--quiet', ...files], {
        timeoutMs: 60_000,
      }),
      'kubernetes-validate',
    );
    await actionlint(dir);
  });

  const venv = await steps.step('install as the Dockerfile does', () => install(dir));
  if (c.framework === 'django') {
    const stat = must(
      await run('python', ['manage.py', 'collectstatic', '--noinput'], {
        cwd: dir,
        env: venvEnv(venv),
        timeoutMs: 60_000,
      }),
      'collectstatic',
    );
    expect(stat.stdout).toMatch(/static files? copied|0 static files/);
  }
  const first = await steps.step('start with the Dockerfile CMD', () =>
    startCmd(dir, venv, c.health),
  );
  try {
    await steps.step('HTTP, direct', async () => {
      const r = await get(`http://127.0.0.1:${first.port}${c.route}`);
      expect(r.status, r.body).toBe(200);
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
  });
  const venv2 = await steps.step('install again', () => install(dir));
  const second = await steps.step(`start on ${c.switchTo}`, () => startCmd(dir, venv2, c.health));
  try {
    await steps.step(`HTTP on ${c.switchTo}`, async () => {
      const r = await get(`http://127.0.0.1:${second.port}${c.route}`);
      expect(r.status, r.body).toBe(200);
    });
  } catch (e) {
    second.running.kill();
    (e as Error).message += `\n--- server output ---\n${second.running.output().slice(-3000)}`;
    throw e;
  }
  await steps.step(`SIGTERM on ${c.switchTo}`, () => stopCleanly(second.running, c.switchTo));
}

describe.concurrent('add on projects create-pyweb did not make', () => {
  for (const c of CASES) {
    test(
      `${c.fixture}: docker, nginx, k8s, ci, then server ${c.switchTo}`,
      () => proveFound(c),
      600_000,
    );
  }
});
