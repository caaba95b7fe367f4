import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { composeBinary } from '../helpers/deploy-tools.js';
import { ROOT } from '../helpers/paths.js';
import { must, run, runCli } from '../helpers/run.js';

/**
 * `add postgres`'s infrastructure, through the built CLI: into a compose file of the user's that
 * has a db of its own, and onto a project create-pyweb made without it.
 */
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pyweb-add-pg-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('add postgres: the deployment layers', () => {
  test("a user's compose file with its own db (no healthcheck): kept; the app waits for it to start", async () => {
    const dir = join(work, 'flask-compose');
    await cp(join(ROOT, 'test', 'fixtures', 'foreign', 'flask-compose'), dir, { recursive: true });
    const mine = await readFile(join(dir, 'docker-compose.yml'), 'utf8');
    const r = must(await runCli(['add', 'compose', 'postgres', '--yes', '--cwd', dir]), 'add');
    // Their db runs PostgreSQL: the app uses it, with its user, password and database.
    expect(r.stdout).toContain(
      'your service db runs PostgreSQL: the app uses it, with its credentials',
    );
    const text = await readFile(join(dir, 'docker-compose.yml'), 'utf8');
    const model = parse(text);
    expect(model.services.db).toEqual(parse(mine).services.db);
    // service_healthy on a service with no healthcheck would stop `docker compose up`.
    expect(model.services.app.depends_on).toEqual({ db: { condition: 'service_started' } });
    expect(model.services.app.environment.DATABASE_URL).toBe(
      'postgresql://postgres:example@db:5432/postgres',
    );
    // No migration tool was found: no migrate service, and no volume nothing mounts.
    expect(Object.keys(model.services).sort()).toEqual(['app', 'db']);
    expect(Object.keys(model.volumes)).toEqual(['pg']);
    const bin = composeBinary();
    if (bin) {
      const env = { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };
      must(await run(bin, ['config', '-q'], { cwd: dir, env }), 'docker compose config');
    }
    const again = must(
      await runCli(['add', 'compose', 'postgres', '--yes', '--cwd', dir]),
      'again',
    );
    expect(again.stdout).toContain('nothing to change');
    expect(await readFile(join(dir, 'docker-compose.yml'), 'utf8')).toBe(text);
  });

  test('a project create-pyweb made: db, migrate and the Job come with add, as with --postgres', async () => {
    const dir = join(work, 'made', 'svc');
    must(
      await runCli([dir, '-f', 'fastapi', '--k8s', '--no-postgres', '--no-git', '--yes']),
      'create',
    );
    expect(existsSync(join(dir, 'deploy', 'k8s', 'jobs', 'migrate.yaml'))).toBe(false);
    must(await runCli(['add', 'postgres', '--yes', '--cwd', dir]), 'add postgres');
    const model = parse(await readFile(join(dir, 'compose.yaml'), 'utf8'));
    expect(Object.keys(model.services).sort()).toEqual(['app', 'db', 'migrate', 'nginx']);
    expect(model.services.app.depends_on).toEqual({
      db: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
    expect(existsSync(join(dir, 'deploy', 'k8s', 'jobs', 'migrate.yaml'))).toBe(true);
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toContain('#### Releases on Kubernetes');
  });
});
