import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SERVICE_IMAGES } from '../../generators/catalog/versions.js';
import { freePort } from '../helpers/net.js';
import { containerReadiness, logs, output, podman } from '../helpers/podman.js';
import { postgresBin } from '../helpers/postgres.js';
import { must, run } from '../helpers/run.js';

/**
 * The stand-in for the official postgres image (scripts/containers/setup.sh builds it from Debian,
 * tagged with SERVICE_IMAGES.postgres): what a generated compose.yaml relies on. POSTGRES_PASSWORD
 * is required on a new volume, POSTGRES_USER/POSTGRES_DB are made, the init scripts run once,
 * remote clients need the password, data lives in the named volume, it runs as uid 999.
 */
const IMAGE = `docker.io/library/${SERVICE_IMAGES.postgres}`;
const tag = `pyweb-pgimg-${process.pid}`;
const containers: string[] = [];
const volumes: string[] = [];
let ready: Awaited<ReturnType<typeof containerReadiness>>;
let initDir = '';

const psqlBin = () => join(postgresBin().bin, 'psql');
const hostPsql = (url: string, query: string) =>
  run(psqlBin(), ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', query], {
    env: { ...process.env, PGCONNECT_TIMEOUT: '5' },
    timeoutMs: 30_000,
  });

async function startDb(
  name: string,
  volume: string,
  port: number,
  env: Record<string, string>,
  flags: string[] = [],
) {
  containers.push(name);
  await podman(['rm', '-f', '-t', '0', name], 60_000);
  must(
    await podman([
      'run',
      '-d',
      '--name',
      name,
      '-v',
      `${volume}:/var/lib/postgresql/data`,
      '-v',
      `${initDir}:/docker-entrypoint-initdb.d:ro`,
      '-p',
      `127.0.0.1:${port}:5432`,
      ...flags,
      ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      IMAGE,
    ]),
    `podman run ${IMAGE}`,
  );
  // TCP answers only once the init scripts are done: the first server listens on the socket only.
  const until = Date.now() + 90_000;
  const pgIsReady = join(postgresBin().bin, 'pg_isready');
  while (Date.now() < until) {
    const r = await run(pgIsReady, ['-h', '127.0.0.1', '-p', String(port), '-t', '2']);
    if (r.code === 0) return;
    const state = await podman(['inspect', '--format', '{{.State.Running}}', name], 30_000);
    if (state.stdout.trim() !== 'true')
      throw new Error(`${name} exited before it accepted connections:\n${await logs(name)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${name} did not accept connections within 90 s:\n${await logs(name)}`);
}

describe(`the ${SERVICE_IMAGES.postgres} stand-in`, () => {
  beforeAll(async () => {
    ready = await containerReadiness([IMAGE]);
    if (ready?.fail)
      process.stdout.write(
        `\n*** postgres image test CANNOT RUN: ${ready.fail.split('\n')[0]} ***\n\n`,
      );
    initDir = await mkdtemp('/tmp/pyweb-pginit-');
    // Mounted read-only into the container, read there by uid 999.
    await writeFile(
      join(initDir, '01-seed.sql'),
      'CREATE TABLE seed (n int); INSERT INTO seed VALUES (1);\n',
      { mode: 0o644 },
    );
    await run('chmod', ['755', initDir]);
  }, 120_000);

  afterAll(async () => {
    for (const name of containers) await podman(['rm', '-f', '-t', '0', name], 60_000);
    for (const v of volumes) await podman(['volume', 'rm', '-f', v], 60_000);
    if (initDir) await rm(initDir, { recursive: true, force: true });
  }, 120_000);

  const check = (ctx: { skip: (why: string) => void }) => {
    if (ready?.skip) ctx.skip(ready.skip);
    if (ready?.fail) throw new Error(ready.fail);
  };

  test('laid out like the official image: SIGINT, 5432, the data volume, uid 999, pg_isready', async (ctx) => {
    check(ctx);
    const conf = JSON.parse(
      must(await podman(['image', 'inspect', '--format', '{{json .Config}}', IMAGE]), 'inspect')
        .stdout,
    );
    expect(conf.StopSignal).toBe('SIGINT');
    expect(Object.keys(conf.ExposedPorts ?? {})).toEqual(['5432/tcp']);
    expect(Object.keys(conf.Volumes ?? {})).toEqual(['/var/lib/postgresql/data']);
    expect(conf.Env).toContain('PGDATA=/var/lib/postgresql/data');
    const ids = await podman([
      'run',
      '--rm',
      IMAGE,
      'sh',
      '-c',
      'id -u postgres; id -g postgres; command -v pg_isready; command -v psql',
    ]);
    expect(output(ids).trim().split('\n')).toEqual([
      '999',
      '999',
      '/usr/bin/pg_isready',
      '/usr/bin/psql',
    ]);
  });

  test('without POSTGRES_PASSWORD a new volume is refused: exit 1 and why', async (ctx) => {
    check(ctx);
    const r = await podman(['run', '--rm', IMAGE], 120_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('You must specify POSTGRES_PASSWORD');
  });

  test('user, database and init scripts; the password over TCP; the data outlives the container', async (ctx) => {
    check(ctx);
    const volume = `${tag}-data`;
    volumes.push(volume);
    await podman(['volume', 'rm', '-f', volume]);
    const port = await freePort();
    const t0 = Date.now();
    await startDb(`${tag}-a`, volume, port, {
      POSTGRES_PASSWORD: 's3cret',
      POSTGRES_USER: 'app',
      POSTGRES_DB: 'appdb',
    });
    process.stdout.write(`postgres stand-in: first start (initdb) ${Date.now() - t0} ms\n`);
    const url = `postgresql://app:s3cret@127.0.0.1:${port}/appdb`;
    const made = await hostPsql(
      url,
      "CREATE TABLE item (name text); INSERT INTO item VALUES ('kept'); SELECT current_user, n FROM seed",
    );
    expect(made.stderr).toBe('');
    expect(made.stdout.trim()).toBe('app|1');
    const wrong = await hostPsql(url.replace(':s3cret@', ':wrong@'), 'SELECT 1');
    expect(wrong.stderr).toMatch(/password authentication failed for user "app"/);
    // PID 1 is the server itself (the entrypoint execs it), as postgres, owning the data.
    const who = await podman([
      'exec',
      `${tag}-a`,
      'sh',
      '-c',
      "awk '/^Uid:/ {print $2}' /proc/1/status; stat -c %u:%a /var/lib/postgresql/data; cat /proc/1/comm",
    ]);
    expect(output(who).trim().split('\n')).toEqual(['999', '999:700', 'postgres']);

    const stop = await podman(['stop', '-t', '30', `${tag}-a`], 90_000);
    expect(stop.code).toBe(0);
    const exit = await podman(['inspect', '--format', '{{.State.ExitCode}}', `${tag}-a`]);
    expect(exit.stdout.trim(), await logs(`${tag}-a`)).toBe('0');
    must(await podman(['rm', `${tag}-a`]), 'podman rm');

    // An initialized volume needs no password and runs no init script again.
    await startDb(`${tag}-b`, volume, port, {});
    const kept = await hostPsql(url, 'SELECT name FROM item; SELECT count(*) FROM seed');
    expect(kept.stdout.trim().split('\n')).toEqual(['kept', '1']);
    expect(await logs(`${tag}-b`)).not.toContain('01-seed.sql');
  }, 300_000);

  test('started as uid 999 it runs directly', async (ctx) => {
    check(ctx);
    const volume = `${tag}-uid`;
    volumes.push(volume);
    await podman(['volume', 'rm', '-f', volume]);
    const port = await freePort();
    await startDb(`${tag}-c`, volume, port, { POSTGRES_PASSWORD: 'pw' }, ['--user', '999:999']);
    const r = await hostPsql(`postgresql://postgres:pw@127.0.0.1:${port}/postgres`, 'SELECT 1');
    expect(r.stdout.trim()).toBe('1');
  }, 300_000);
});
