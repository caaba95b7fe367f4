import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { findFramework, findServer, type Pair } from '../../generators/catalog/index.js';
import { send, type Reply } from '../helpers/http-from.js';
import { rewriteForLoopback, startNginx } from '../helpers/nginx.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';
import { freePort } from '../helpers/net.js';
import { venvEnv } from '../helpers/python.js';
import { must, run } from '../helpers/run.js';
import { startAndWait, type Running } from '../helpers/server.js';
import { generateAndInstall, productionCommand, proveStop, Steps } from './prove.js';

/** Seconds per step of one framework's run, for the summary. */
export type PgTimes = Record<string, number>;

/** The items the first migration seeds (PG-SPEC: ids 1..3), as the API lists them. */
export const SEEDED = [
  { id: 1, name: 'keyboard', price: 49.0 },
  { id: 2, name: 'mouse', price: 19.5 },
  { id: 3, name: 'monitor', price: 199.0 },
];

/** How long a stopped or restarted database may take to show in /readyz (its checks take ~3 s). */
const READYZ_DOWN_MS = 8_000;
const READYZ_BACK_MS = 20_000;

/** One JSON request, without redirects; an answer of any status resolves. */
export function call(base: string, method: string, path: string, body?: unknown): Promise<Reply> {
  return send(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    timeoutMs: 15_000,
  });
}

/**
 * Polls `path` until it answers `status` `times` times in a row (the server's workers each keep
 * a pool of their own, and all of them must agree), the first of them within `timeoutMs`.
 * Resolves with the ms until that first answer.
 */
export async function untilStatus(
  base: string,
  path: string,
  status: number,
  timeoutMs: number,
  times = 3,
): Promise<number> {
  const t0 = Date.now();
  let first = 0;
  let run = 0;
  const seen: string[] = [];
  while (run > 0 || Date.now() - t0 < timeoutMs) {
    const r = await call(base, 'GET', path).catch((e: Error) => e);
    const ok = !(r instanceof Error) && r.status === status;
    if (ok && run === 0) first = Date.now() - t0;
    run = ok ? run + 1 : 0;
    if (run >= times) return first;
    const what = r instanceof Error ? r.message : `${r.status} ${r.body.slice(0, 120)}`;
    seen.push(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);
    if (!ok) await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(
    `${path} did not begin to answer ${status} (${times} times in a row) within ${timeoutMs} ms; it answered:\n${seen.slice(-12).join('\n')}`,
  );
}

/** /readyz says the database is unreachable: 503 with why; /healthz (liveness) stays 200. */
async function expectUnavailable(base: string): Promise<number> {
  const ms = await untilStatus(base, '/readyz', 503, READYZ_DOWN_MS);
  const ready = await call(base, 'GET', '/readyz');
  expect(ready.json(), '/readyz while the database is down').toMatchObject({
    status: 'unavailable',
    detail: expect.stringMatching(/\S/),
  });
  const health = await call(base, 'GET', '/healthz');
  expect(health.status, `/healthz must not ask the database: ${health.body}`).toBe(200);
  return ms;
}

async function expectReady(base: string): Promise<number> {
  const ms = await untilStatus(base, '/readyz', 200, READYZ_BACK_MS);
  expect((await call(base, 'GET', '/readyz')).json()).toMatchObject({ status: 'ready' });
  return ms;
}

/** The CRUD API over HTTP (PG-SPEC): leaves the seeded items and one created, returned. */
async function crud(base: string): Promise<{ id: number; name: string; price: number }> {
  const list = await call(base, 'GET', '/api/items');
  expect(list.status, list.body).toBe(200);
  expect(list.json(), 'the first migration seeds three items, ordered by id').toEqual(SEEDED);
  const made = await call(base, 'POST', '/api/items', { name: 'webcam', price: 59.9 });
  expect(made.status, made.body).toBe(201);
  expect(made.json(), 'the identity goes on after the seed').toEqual({
    id: 4,
    name: 'webcam',
    price: 59.9,
  });
  const found = await call(base, 'GET', '/api/items/4');
  expect(found.status, found.body).toBe(200);
  expect(found.json()).toEqual({ id: 4, name: 'webcam', price: 59.9 });
  const gone = await call(base, 'DELETE', '/api/items/4');
  expect(gone.status, gone.body).toBe(204);
  expect(gone.body, 'DELETE answers 204 with no body').toBe('');
  for (const method of ['GET', 'DELETE']) {
    const missing = await call(base, method, '/api/items/4');
    expect(missing.status, `${method} of a deleted item: ${missing.body}`).toBe(404);
    // Its `detail`, as the API says it today (Litestar's exceptions carry their status_code too).
    expect(missing.json()).toMatchObject({ detail: 'item not found' });
  }
  const invalid = await call(base, 'POST', '/api/items', { name: 'no price' });
  expect(invalid.status, `POST without a price: ${invalid.body}`).toBeGreaterThanOrEqual(400);
  expect(invalid.status, `POST without a price: ${invalid.body}`).toBeLessThan(500);
  const kept = await call(base, 'POST', '/api/items', { name: 'headset', price: 25 });
  expect(kept.status, kept.body).toBe(201);
  expect(kept.json()).toEqual({ id: 5, name: 'headset', price: 25 });
  return kept.json() as { id: number; name: string; price: number };
}

/**
 * The generated nginx server block in front of the running app (deploy.ts's way: only the
 * upstream and the listen port change): a row written and read through it.
 */
async function throughNginx(dir: string, appPort: number, appEnvPort: string) {
  const conf = await readFile(join(dir, 'deploy', 'nginx', 'default.conf'), 'utf8');
  const upstream = /^\s*server\s+app:(\d+);/m.exec(conf);
  if (!upstream) throw new Error('deploy/nginx/default.conf has no `server app:<port>;` upstream');
  // Another protocol (uWSGI's) on another socket is the pair matrix's to prove, not this one's.
  if (upstream[1] !== appEnvPort) return undefined;
  const nginx = await startNginx((listen) =>
    rewriteForLoopback(conf, { from: `app:${upstream[1]}`, to: `127.0.0.1:${appPort}` }, listen),
  );
  try {
    const base = `http://127.0.0.1:${nginx.port}`;
    const made = await call(base, 'POST', '/api/items', { name: 'through nginx', price: 1.5 });
    expect(made.status, made.body).toBe(201);
    const row = made.json() as { id: number };
    const read = await call(base, 'GET', `/api/items/${row.id}`);
    expect(read.status, read.body).toBe(200);
    expect(read.json()).toEqual({ id: row.id, name: 'through nginx', price: 1.5 });
    return row;
  } catch (e) {
    (e as Error).message += `\n--- nginx ---\n${nginx.proc.output().slice(-2000)}`;
    throw e;
  } finally {
    await nginx.stop();
  }
}

/**
 * One framework with --postgres on its default server, against a private cluster of its own: the
 * catalog's migrate command (and its failure on a missing database), the project's own tests, then
 * the production command: started while the database is down, the CRUD API, nginx in front, data
 * surviving a restart, /readyz following an outage while /healthz does not.
 */
export async function provePostgres(pair: Pair, times: PgTimes): Promise<void> {
  const steps = new Steps();
  const timed = <T>(name: string, fn: () => Promise<T>): Promise<T> =>
    steps.step(name, async () => {
      const t0 = Date.now();
      try {
        return await fn();
      } finally {
        times[name] = (Date.now() - t0) / 1000;
      }
    });
  const framework = findFramework(pair.framework)!;
  const server = findServer(pair.server)!;
  const label = `${pair.framework} × ${pair.server} with PostgreSQL`;
  // The cluster starts while the project installs.
  const starting = startPostgres();
  starting.catch(() => {});
  let pg: PgCluster | undefined;
  let running: Running | undefined;
  try {
    const { dir, pkg, venv } = await timed('generate and install', () =>
      generateAndInstall(pair, steps, ['--postgres'], 'pg'),
    );
    pg = await timed('cluster', () => starting);
    const cmd = await productionCommand(dir);
    // The release step and the server get compose's environment: the Dockerfile's ENV and .env.
    const withDb = (url: string, extra: Record<string, string> = {}) =>
      venvEnv(venv, { ...cmd.env, DATABASE_URL: url, ...extra });
    const migrate = framework.database.migrate(pkg);
    const runIn = (argv: string[], env: NodeJS.ProcessEnv, timeoutMs = 180_000) =>
      run(argv[0], argv.slice(1), { cwd: dir, env, timeoutMs });

    await timed('migrate into a missing database fails', async () => {
      const r = await runIn(migrate, withDb(pg!.url('no_such_database')));
      expect(r.code, `${migrate.join(' ')} into a database that does not exist`).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/no_such_database/);
    });
    await timed('migrate', async () => must(await runIn(migrate, withDb(pg!.url())), 'migrate'));
    // compose runs the release step on every `up`: a second run has nothing to do.
    await timed('migrate again', async () =>
      must(await runIn(migrate, withDb(pg!.url())), 'migrate, a second time'),
    );

    // The tests run as the pair matrix runs them (a developer's shell), with DATABASE_URL only.
    const pytest = ['pytest', '-q', '-p', 'no:cacheprovider'];
    await timed('pytest without DATABASE_URL fails', async () => {
      const r = await runIn([...pytest, '-x'], venvEnv(venv));
      expect(r.code, `pytest without DATABASE_URL must fail, not skip:\n${r.stdout}`).not.toBe(0);
      expect(r.stdout + r.stderr, 'a hint that names DATABASE_URL').toMatch(/DATABASE_URL/);
    });
    await timed('project pytest', async () =>
      must(await runIn(pytest, venvEnv(venv, { DATABASE_URL: pg!.url() }), 300_000), 'pytest'),
    );
    await timed('tests drop their database', async () => {
      const left = await pg!.sql(
        'postgres',
        "SELECT datname FROM pg_database WHERE datname NOT IN ('postgres', 'template0', 'template1', 'app')",
      );
      expect(left, 'databases the tests left behind').toBe('');
    });

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const serveEnv = withDb(pg.url(), { HOST: '127.0.0.1', PORT: String(port) });
    const startServer = () =>
      startAndWait(cmd.argv, dir, serveEnv, `${base}/healthz`).then((r) => (running = r));

    await timed('start with the database down', async () => {
      await pg!.stop();
      await startServer();
      times['readyz 503, app started without db'] = (await expectUnavailable(base)) / 1000;
    });
    await timed('database back, no restart', async () => {
      await pg!.start();
      times['readyz 200, db started'] = (await expectReady(base)) / 1000;
    });
    const kept = await timed('CRUD', () => crud(base));
    const viaNginx = existsSync(join(dir, 'deploy', 'nginx'))
      ? await timed('nginx in front', () => throughNginx(dir, port, cmd.env.PORT))
      : undefined;
    await timed('restart: the rows survive', async () => {
      await proveStop(running!, server, 'SIGTERM', label);
      await startServer();
      for (const row of [kept, ...(viaNginx ? [viaNginx] : [])]) {
        const r = await call(base, 'GET', `/api/items/${row.id}`);
        expect(r.status, `item ${row.id} after a restart: ${r.body}`).toBe(200);
      }
      const list = await call(base, 'GET', '/api/items');
      expect((list.json() as { id: number }[]).map((i) => i.id)).toEqual([
        1,
        2,
        3,
        kept.id,
        ...(viaNginx ? [viaNginx.id] : []),
      ]);
    });
    await timed('database outage', async () => {
      await expectReady(base);
      await pg!.stop();
      times['readyz 503, db stopped'] = (await expectUnavailable(base)) / 1000;
      await pg!.start();
      times['readyz 200, db back'] = (await expectReady(base)) / 1000;
      const again = await call(base, 'GET', `/api/items/${kept.id}`);
      expect(again.status, `the API after the outage: ${again.body}`).toBe(200);
    });
    await timed('SIGTERM', () => proveStop(running!, server, 'SIGTERM', label));
  } catch (e) {
    running?.kill();
    const err = e as Error;
    if (running) err.message += `\n--- server output ---\n${running.output().slice(-3000)}`;
    if (pg) err.message += `\n--- postgres log ---\n${pg.log().slice(-1500)}`;
    throw err;
  } finally {
    await (pg ?? (await starting.catch(() => undefined)))?.dispose();
  }
}
