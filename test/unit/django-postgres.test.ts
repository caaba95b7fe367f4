import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { findFramework } from '../../generators/catalog/index.js';
import { templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { buildStack } from '../../generators/project/stack.js';
import { renderTo } from '../helpers/render-to.js';

/*
 * Django with the postgres add-on (issue 18): the items in the ORM, the first migration that makes
 * and seeds their table, the API's writes, /readyz, DATABASES from DATABASE_URL with psycopg's
 * pool, and nothing left of SQLite around it (the image's data folder, its volume, its variable).
 * The generated project's own tests prove the behaviour against a real PostgreSQL.
 */

const out = await mkdtemp(join(tmpdir(), 'pyweb-django-pg-'));
afterAll(() => rm(out, { recursive: true, force: true }));

const EVERYTHING = { docker: true, compose: true, nginx: true, k8s: true, ci: true };

async function render(server: string, postgres: boolean) {
  const dir = join(out, `${server}-${postgres ? 'pg' : 'sqlite'}`);
  const stack = buildStack(dir, 'django', server, { ...EVERYTHING, postgres });
  await renderTo(layersFor(stack), dir, templateContext(stack));
  const pkg = stack.names.pkg;
  const read = (rel: string) => readFileSync(join(dir, rel.replace('{pkg}', pkg)), 'utf8');
  const has = (rel: string) => existsSync(join(dir, rel.replace('{pkg}', pkg)));
  return { read, has };
}

describe('Django with --postgres', async () => {
  const wsgi = await render('gunicorn', true);
  const asgi = await render('uvicorn', true);
  const sqlite = await render('gunicorn', false);

  test("the tests get production's settings even after the README's export DJANGO_DEBUG=1", () => {
    for (const { read } of [wsgi, sqlite]) {
      const settings = read('tests/settings.py');
      const off = settings.indexOf('os.environ["DJANGO_DEBUG"] = "0"');
      expect(off).toBeGreaterThan(-1);
      expect(off).toBeLessThan(settings.indexOf('.settings import *'));
    }
  });

  test('the Item model and the first migration, which makes the table and seeds it', () => {
    expect(wsgi.read('{pkg}/api/models.py')).toContain('class Item(models.Model):');
    const migration = wsgi.read('{pkg}/api/migrations/0001_initial.py');
    expect(migration).toContain('migrations.CreateModel(');
    expect(migration).toContain('migrations.RunPython(seed, unseed)');
    expect(migration).toContain('SEED = [("keyboard", 49.0), ("mouse", 19.5), ("monitor", 199.0)]');
    expect(wsgi.has('{pkg}/api/migrations/__init__.py')).toBe(true);
    // The in-memory catalogue is gone: items.py keeps the greeting only.
    expect(wsgi.read('{pkg}/items.py')).not.toContain('ITEMS');
    expect(sqlite.has('{pkg}/api/models.py')).toBe(false);
    expect(sqlite.read('{pkg}/items.py')).toContain('ITEMS');
  });

  test('the API creates and deletes, as JSON for programs (csrf_exempt)', () => {
    const views = wsgi.read('{pkg}/api/views.py');
    expect(views).toContain('@require_http_methods(["GET", "POST"])');
    expect(views).toContain('@require_http_methods(["GET", "DELETE"])');
    expect(views.match(/@csrf_exempt/g)).toHaveLength(2);
    const tests = wsgi.read('tests/test_api.py');
    for (const name of ['test_create_item', 'test_delete_item', 'test_invalid_item_is_400'])
      expect(tests).toContain(`def ${name}(`);
    expect(wsgi.read('tests/test_app.py')).toContain(
      'def test_readyz_answers_once_the_database_does(',
    );
    // Without a database the tests fail with what to do, never skip.
    expect(wsgi.read('tests/conftest.py')).toContain('raise pytest.UsageError(');
    expect(wsgi.read('pyproject.toml')).toContain('pytest needs only DATABASE_URL.');
  });

  test('/readyz asks the database, beside /healthz, ahead of the host check', () => {
    const middleware = asgi.read('{pkg}/middleware.py');
    expect(middleware).toContain('READY_PATH = "/readyz"');
    expect(middleware).toContain('return await sync_to_async(readiness)()');
    expect(sqlite.read('{pkg}/middleware.py')).not.toContain('SELECT 1');
  });

  test("DATABASES from DATABASE_URL, psycopg's pool sized per server, closed at exit", () => {
    const settings = wsgi.read('{pkg}/settings.py');
    expect(settings).toContain('"ENGINE": "django.db.backends.postgresql"');
    expect(settings).toContain('"connect_timeout": 3');
    expect(settings).toMatch(
      /"pool": \{"min_size": DATABASE_POOL_SIZE, "max_size": DATABASE_POOL_SIZE/,
    );
    expect(settings).not.toContain('sqlite3');
    expect(settings).not.toContain('DJANGO_DB_PATH');
    // One connection per WSGI thread; a handful on ASGI.
    expect(settings).toContain('os.environ.get("WSGI_THREADS", "4")');
    expect(asgi.read('{pkg}/settings.py')).toContain(
      'int(os.environ.get("DATABASE_POOL_SIZE", "5"))',
    );
    expect(wsgi.read('{pkg}/api/apps.py')).toContain('atexit.register(close_pools)');
    expect(sqlite.read('{pkg}/api/apps.py')).not.toContain('atexit');
  });

  test("nothing of SQLite's: no data folder, volume or DJANGO_DB_PATH", () => {
    for (const p of [wsgi, asgi]) {
      expect(p.read('Dockerfile')).not.toContain('DJANGO_DB_PATH');
      expect(p.read('Dockerfile')).not.toContain('mkdir -p data');
      expect(p.read('Dockerfile')).toContain('DJANGO_STATIC_ROOT=/app/staticfiles');
      expect(p.read('compose.yaml')).not.toContain('/app/data');
      expect(p.read('deploy/k8s/deployment.yaml')).not.toContain('SQLite');
      expect(p.read('.env.example')).not.toContain('DJANGO_DB_PATH');
      expect(p.read('README.md')).not.toContain('DJANGO_DB_PATH');
      expect(p.read('README.md')).not.toContain('in the `data` volume');
      expect(p.read('README.md')).toContain(
        "python manage.py migrate           # the items and the admin's tables",
      );
      // The release step in "Run in production".
      expect(p.read('README.md')).toMatch(
        /python manage\.py migrate +# the items and the admin's tables\n/,
      );
    }
    expect(sqlite.read('Dockerfile')).toContain('DJANGO_DB_PATH=/app/data/db.sqlite3');
    expect(sqlite.read('compose.yaml')).toContain('data:/app/data');
  });

  test("the release step is the catalog's database.migrate, said once", () => {
    const django = findFramework('django')!;
    const release = django.prepare?.filter((s) => s.stage === 'release') ?? [];
    expect(release.map((s) => s.cmd)).toEqual([django.database.migrate('shop').join(' ')]);
  });
});
