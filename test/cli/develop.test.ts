/**
 * The README's Develop block, run as written (issue 9, item 3): each framework's own development
 * server (or, for frameworks with none, the command its docs give) starts in the project's venv
 * and answers /healthz. The project is made by the built CLI and installed with uv.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildStack } from '../../generators/project/stack.js';
import { developTarget, frameworkDevServer } from '../../generators/serve/develop.js';
import { freePort } from '../helpers/net.js';
import { installProject, venvEnv } from '../helpers/python.js';
import { must, run, runCli } from '../helpers/run.js';
import { startAndWait } from '../helpers/server.js';
import { readmeShellLines } from '../helpers/readme.js';

/** One pair per framework (each interface with a dev server of its own), on a server other than the dev one where it can. */
const PAIRS: [string, string][] = [
  ['fastapi', 'hypercorn'],
  ['django', 'gunicorn'],
  ['django', 'uvicorn'],
  ['flask', 'waitress'],
  ['starlette', 'hypercorn'],
  ['litestar', 'granian'],
  ['quart', 'hypercorn'],
  ['falcon', 'uvicorn'],
  ['falcon', 'waitress'],
  ['bottle', 'waitress'],
  ['pyramid', 'waitress'],
  ['sanic', 'sanic'],
  ['tornado', 'tornado'],
];
const only = process.env.PYWEB_DEV_PAIRS?.split(',');

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pyweb-develop-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The Develop block's lines after the environment one (`uv sync && . .venv/bin/activate`). */
const developBlock = (readme: string) => readmeShellLines(readme, 'Develop').slice(1);

describe("the README's development command starts the app", () => {
  test.concurrent.each(PAIRS.filter(([f, s]) => !only || only.includes(`${f}:${s}`)))(
    '%s on %s',
    async (framework, server) => {
      const dir = join(work, `dev-${framework}-${server}`);
      must(
        await runCli([dir, '--framework', framework, '--server', server, '--no-git', '--yes']),
        'create-pyweb',
      );
      const stack = buildStack(dir, framework, server);
      const own = frameworkDevServer(stack);
      const readme = await readFile(join(dir, 'README.md'), 'utf8');
      const lines = developBlock(readme);
      const dev = lines.at(-1)!;
      expect(dev).toBe(developTarget(stack).dev);
      // The production server's reload command is no development step when the framework has its own.
      if (own && ![dev, stack.serve.line].includes(stack.serve.dev))
        expect(readme).not.toContain(stack.serve.dev);

      const venv = await installProject(dir);
      const port = await freePort();
      const env: Record<string, string> = {};
      for (const line of lines.slice(0, -1)) {
        const set = /^export (\w+)=(.*)$/.exec(line);
        if (set) env[set[1]] = set[2];
        else {
          const [cmd, ...args] = line.split(' ');
          must(
            await run(cmd, args, { cwd: dir, env: venvEnv(venv, env), timeoutMs: 120_000 }),
            line,
          );
        }
      }
      // Commands for which the README's line is all there is take the port from PORT, as the image does.
      const portArgs = own && 'args' in own.port ? own.port.args(port) : [];
      const portEnv = own && 'env' in own.port ? own.port.env : 'PORT';
      const argv = [...dev.split(' '), ...portArgs];
      const app = await startAndWait(
        argv,
        dir,
        venvEnv(venv, { ...env, [portEnv]: String(port), HOST: '127.0.0.1' }),
        `http://127.0.0.1:${port}/healthz`,
        120_000,
      );
      try {
        expect(app.alive(), app.output()).toBe(true);
      } finally {
        await app.stop(10_000);
      }
    },
    900_000,
  );
});
