import { readFile, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { expect } from 'vitest';
import type { Pair } from '../../generators/catalog/index.js';
import { findServer } from '../../generators/catalog/index.js';
import { parseDockerfile } from '../helpers/dockerfile.js';
import { freePort, get, wsEcho } from '../helpers/net.js';
import { ROOT } from '../helpers/paths.js';
import { installProject, venvEnv } from '../helpers/python.js';
import { must, run, runCli } from '../helpers/run.js';
import { startAndWait } from '../helpers/server.js';
import { proveDeploy } from './deploy.js';

/**
 * Outside the checkout, in the world-readable temp dir: mod_wsgi pairs run the app as uid 10001
 * (Apache refuses root), which must be able to read the project wherever CI cloned this repo.
 * One folder per checkout, so that two checkouts can run their matrices at once.
 */
export const MATRIX_DIR = process.env.PYWEB_MATRIX_DIR
  ?? join(tmpdir(), `pyweb-matrix-${createHash('sha1').update(ROOT).digest('hex').slice(0, 8)}`);

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

export async function generateAndInstall(pair: Pair, steps: Steps, extraFlags: string[] = []): Promise<Generated> {
  const name = `svc-${pair.framework}-${pair.server}`.replace(/_/g, '-');
  const dir = join(MATRIX_DIR, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(MATRIX_DIR, { recursive: true });
  await steps.step('generate', async () =>
    must(await runCli([dir, '--framework', pair.framework, '--server', pair.server, '--k8s', '--yes', ...extraFlags]), 'create-pyweb'));
  // As uid 10001, mod_wsgi needs a Python it can read: pyenv's lives under /root (0700) here.
  const python = findServer(pair.server)?.apache ? '/usr/bin/python3' : undefined;
  const venv = await steps.step('install', () => installProject(dir, python));
  return { dir, pkg: name.replace(/-/g, '_'), venv };
}

/** KEY=value lines of a .env file, as compose's env_file reads them. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2].trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return env;
}

/**
 * The exact production command: the Dockerfile's CMD, run in the venv with the Dockerfile's ENV
 * and the values of .env.example (what compose passes as the env file).
 */
export async function productionCommand(dir: string) {
  const facts = parseDockerfile(await readFile(join(dir, 'Dockerfile'), 'utf8'));
  const dotenv = parseEnvFile(await readFile(join(dir, '.env.example'), 'utf8'));
  const { PATH: _path, ...env } = { ...facts.env, ...dotenv };
  return { argv: facts.cmd, env, facts };
}

/** The one shell line a person would paste: what the README must show. */
export function commandLine(argv: string[]): string {
  return argv[0] === 'sh' && argv[1] === '-c' ? argv[2].replace(/^exec /, '') : argv.join(' ');
}

export async function proveApp(base: string, pair: Pair, wsHost: string, wsPort: number, headers: Record<string, string> = {}): Promise<void> {
  const index = await get(`${base}/`, headers);
  expect(index.status, index.body).toBe(200);
  expect(index.json().message).toMatch(/Hello/);
  expect(index.json().framework).toBe(pair.framework);
  expect((await get(`${base}/healthz`, headers)).status).toBe(200);
  const items = await get(`${base}/api/items`, headers);
  expect(items.status, items.body).toBe(200);
  expect(items.json()).toHaveLength(3);
  const one = await get(`${base}/api/items/1`, headers);
  expect(one.status, one.body).toBe(200);
  expect(one.json()).toMatchObject({ id: 1, name: 'keyboard' });
  const missing = await get(`${base}/api/items/999`, headers);
  expect(missing.status, missing.body).toBe(404);
  // The test client is on 127.0.0.1, which FORWARDED_ALLOW_IPS trusts by default: it plays the proxy.
  const who = await get(`${base}/api/whoami`, { ...headers, 'X-Forwarded-For': '203.0.113.7', 'X-Forwarded-Proto': 'https' });
  expect(who.status, who.body).toBe(200);
  expect(who.json(), 'the app must see the client address and scheme from trusted proxy headers').toMatchObject({ client: '203.0.113.7', scheme: 'https' });
  if (pair.websocket) {
    expect(await wsEcho(wsHost, wsPort, '/ws', 'hello over websocket', headers)).toBe('hello over websocket');
  }
}

/** `check --deploy` is clean with production values, and no secret means no start. */
async function proveDjangoSettings(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const prod = { ...env, DJANGO_SECRET_KEY: 'k'.repeat(20) + randomUUID() + randomUUID(), DJANGO_DEBUG: '0',
    DJANGO_ALLOWED_HOSTS: 'example.com', DJANGO_CSRF_TRUSTED_ORIGINS: 'https://example.com' };
  const check = await run('python', ['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'], { cwd: dir, env: prod, timeoutMs: 60_000 });
  expect(check.code, check.stdout + check.stderr).toBe(0);
  expect(check.stdout).toContain('System check identified no issues');
  const { DJANGO_SECRET_KEY: _k, ...noSecret } = prod;
  const refused = await run('python', ['manage.py', 'check'], { cwd: dir, env: noSecret, timeoutMs: 60_000 });
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toMatch(/ImproperlyConfigured: DJANGO_SECRET_KEY is not set/);
}

export async function provePair(pair: Pair): Promise<string[]> {
  const steps = new Steps();
  const server = findServer(pair.server)!;
  const { dir, venv } = await generateAndInstall(pair, steps);
  const env = venvEnv(venv);
  await steps.step('ruff check', async () => must(await run('ruff', ['check', '.'], { cwd: dir, env, timeoutMs: 60_000 }), 'ruff check'));
  await steps.step('project pytest', async () => must(await run('pytest', ['-q', '-p', 'no:cacheprovider'], { cwd: dir, env, timeoutMs: 180_000 }), 'pytest'));
  if (pair.framework === 'django') await steps.step('Django production settings', () => proveDjangoSettings(dir, env));
  const cmd = await productionCommand(dir);
  await steps.step('README shows the production command', async () => {
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain(commandLine(cmd.argv));
  });
  const port = await freePort();
  const runEnv = venvEnv(venv, { ...cmd.env, HOST: '127.0.0.1', PORT: String(port) });
  const running = await steps.step('start with the Dockerfile CMD', () =>
    startAndWait(cmd.argv, dir, runEnv, `http://127.0.0.1:${port}/healthz`));
  try {
    await steps.step('HTTP and WebSocket', () => proveApp(`http://127.0.0.1:${port}`, pair, '127.0.0.1', port));
    await proveDeploy({ pair, dir, venv, steps, cmd, port, running });
  } catch (e) {
    running.kill();
    (e as Error).message += `\n--- server output ---\n${running.output().slice(-3000)}`;
    throw e;
  }
  await steps.step('SIGTERM', async () => {
    const end = await running.stop(server.gracefulTimeout * 1000 + 5000);
    expect(end.forced, `did not exit within ${server.gracefulTimeout + 5}s of SIGTERM\n${running.output().slice(-2000)}`).toBe(false);
    expect({ code: end.code, signal: end.signal }, running.output().slice(-2000)).toEqual({ code: 0, signal: null });
  });
  return steps.done;
}
