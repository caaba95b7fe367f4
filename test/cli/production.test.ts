/**
 * The README's "Run in production" block, run as written (issue 15, item 5): for every framework
 * whose catalog entry has steps before its server (Django: .env, collectstatic, migrate), one pair
 * per interface is made by the built CLI, installed from PyPI into a venv, and the block runs in
 * one shell. Only the port is the test's own. The admin's login page, whose CSS goes through
 * the static files manifest, must answer 200, and so must that CSS.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FRAMEWORKS, validPairs } from '../../generators/catalog/index.js';
import { freePort, get } from '../helpers/net.js';
import { installProject, venvEnv } from '../helpers/python.js';
import { must, runCli } from '../helpers/run.js';
import { startAndWait } from '../helpers/server.js';
import { readmeShellLines } from '../helpers/readme.js';

/** Per framework with prepare steps, the first pair of each interface; one without Docker. */
const PAIRS: [string, string, string[]][] = FRAMEWORKS.filter((f) => f.prepare?.length).flatMap(
  (f) =>
    f.interfaces.flatMap((i, n) => {
      const pair = validPairs().find((p) => p.framework === f.id && p.interface === i);
      return pair
        ? [[f.id, pair.server, n === 0 ? ['--no-docker'] : []] as [string, string, string[]]]
        : [];
    }),
);
const only = process.env.PYWEB_PROD_PAIRS?.split(',');

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pyweb-production-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const productionBlock = (readme: string) => readmeShellLines(readme, 'Run in production');

test('Django has steps before its server, so this file tests something', () => {
  expect(PAIRS.map(([f, s]) => `${f}:${s}`)).toContain('django:gunicorn');
});

describe("the README's production steps serve the Django admin", () => {
  test.concurrent.each(PAIRS.filter(([f, s]) => !only || only.includes(`${f}:${s}`)))(
    '%s on %s %j',
    async (framework, server, flags) => {
      const dir = join(work, `prod-${framework}-${server}`);
      must(
        await runCli([
          dir,
          '--framework',
          framework,
          '--server',
          server,
          ...flags,
          '--no-git',
          '--no-install',
          '--yes',
        ]),
        'create-pyweb',
      );
      const lines = productionBlock(await readFile(join(dir, 'README.md'), 'utf8'));
      expect(lines.length, 'steps before the server').toBeGreaterThan(1);
      const venv = await installProject(dir);
      const port = await freePort();
      // One shell, as a person pastes the block: what the first lines load and make, the server
      // gets. Only the port (after .env, which names 8000) is the test's.
      const script = [
        'set -e',
        ...lines.slice(0, -1),
        `export PORT=${port} HOST=127.0.0.1`,
        `exec ${lines.at(-1)}`,
      ].join('\n');
      const base = `http://127.0.0.1:${port}`;
      const app = await startAndWait(
        ['sh', '-c', script],
        dir,
        venvEnv(venv),
        `${base}/healthz`,
        180_000,
      );
      try {
        const login = await get(`${base}/admin/login/`);
        expect(login.status, login.body.slice(0, 2000) + app.output().slice(-3000)).toBe(200);
        // A name with the content hash: the manifest collectstatic wrote is in use.
        const css = /\/static\/admin\/css\/base\.[0-9a-f]{12}\.css/.exec(login.body)?.[0];
        expect(css, 'the login page links the admin CSS by its hashed name').toBeDefined();
        expect((await get(`${base}${css}`)).status).toBe(200);
      } finally {
        await app.stop(10_000);
      }
    },
    900_000,
  );
});
