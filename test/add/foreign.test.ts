import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findServer } from '../../generators/catalog/index.js';
import { listFiles } from '../../generators/project/render.js';
import { actionlint } from '../helpers/actionlint.js';
import { parseDockerfile } from '../helpers/dockerfile.js';
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
  health: string;
  switchTo: string;
  /** Where `add` runs, in the fixture: a member of a workspace whose root is the build context. */
  subdir?: string;
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

async function proveFound(c: Case): Promise<void> {
  const steps = new Steps();
  const root = join(MATRIX_DIR, `found-${c.fixture}`);
  const dir = join(root, c.subdir ?? '');
  await rm(root, { recursive: true, force: true });
  await mkdir(MATRIX_DIR, { recursive: true });
  await cp(join(FIXTURES, c.fixture), root, { recursive: true });
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

  const venv = await steps.step('install as the Dockerfile does', () => install(dir, root));
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
  const venv2 = await steps.step('install again', () => install(dir, root));
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
