import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { postgresBin, startPostgres, type PgCluster } from '../helpers/postgres.js';
import { run } from '../helpers/run.js';

/**
 * test/helpers/postgres.ts: the private clusters the add-on's tests run their projects against.
 * Clients connect the way an application does: over TCP, as `app`, with its password.
 */
describe('a private PostgreSQL cluster for tests', () => {
  const clusters: PgCluster[] = [];
  afterAll(async () => {
    await Promise.all(clusters.map((c) => c.dispose()));
  });
  const { bin } = postgresBin();
  const psqlTcp = (url: string, query: string) =>
    run(join(bin, 'psql'), ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', query], {
      env: { ...process.env, PGCONNECT_TIMEOUT: '5' },
      timeoutMs: 30_000,
    });
  const isReady = async (port: number) =>
    (await run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-t', '3'])).code;

  test('app/app over TCP with the password, databases, stop and start again, dispose', async () => {
    const t0 = Date.now();
    const pg = await startPostgres();
    clusters.push(pg);
    console.log(`PostgreSQL ${pg.version} cluster started in ${Date.now() - t0} ms`);
    expect(pg.url()).toBe(`postgresql://app:app@127.0.0.1:${pg.port}/app`);
    expect(pg.dir).toMatch(/^\/tmp\/pyweb-pg-/);

    const who = await psqlTcp(pg.url(), 'SELECT current_user, current_database()');
    expect(who.stderr).toBe('');
    expect(who.stdout.trim()).toBe('app|app');
    // The password is checked (scram-sha-256 for TCP), not trusted.
    const wrong = await psqlTcp(pg.url().replace('app:app@', 'app:nope@'), 'SELECT 1');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/password authentication failed/);
    expect(await pg.sql('app', 'SHOW password_encryption')).toBe('scram-sha-256');

    await pg.createDatabase('other');
    const made = await psqlTcp(pg.url('other'), 'CREATE TABLE item (name text); SELECT 1');
    expect(made.stderr).toBe('');
    expect(await pg.sql('other', "SELECT tableowner FROM pg_tables WHERE tablename = 'item'")).toBe(
      'app',
    );
    await pg.dropDatabase('other');
    expect(
      await pg.sql('postgres', "SELECT count(*) FROM pg_database WHERE datname = 'other'"),
    ).toBe('0');
    await pg.dropDatabase('other');

    await psqlTcp(pg.url(), 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');
    await pg.stop();
    expect(await isReady(pg.port)).not.toBe(0);
    expect((await psqlTcp(pg.url(), 'SELECT 1')).code).not.toBe(0);
    await pg.start();
    expect(await isReady(pg.port)).toBe(0);
    expect((await psqlTcp(pg.url(), 'SELECT n FROM kept')).stdout.trim()).toBe('42');

    await pg.dispose();
    expect(existsSync(pg.dir)).toBe(false);
    expect(await isReady(pg.port)).not.toBe(0);
    await pg.dispose();
  });

  test('two clusters side by side: stopping one leaves the other answering', async () => {
    const [a, b] = await Promise.all([startPostgres(), startPostgres()]);
    clusters.push(a, b);
    expect(a.port).not.toBe(b.port);
    await a.stop();
    expect((await psqlTcp(b.url(), 'SELECT 1')).stdout.trim()).toBe('1');
    await Promise.all([a.dispose(), b.dispose()]);
    expect(existsSync(a.dir) || existsSync(b.dir)).toBe(false);
  });

  test('without the Debian binaries: a clear error, not a hang', async () => {
    await expect(startPostgres({ root: '/nonexistent/postgresql' })).rejects.toThrow(
      "no PostgreSQL server binaries in /nonexistent/postgresql/<major>/bin: install Debian's postgresql package",
    );
  });
});
