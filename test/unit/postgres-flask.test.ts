import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listFiles, renderTo } from '../helpers/render-to.js';
import { templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { buildStack } from '../../generators/project/stack.js';

const exec = promisify(execFile);

/**
 * Flask with --postgres (issue 18): Flask-SQLAlchemy models, Flask-Migrate's migrations/ with
 * the first migration, /readyz and the write routes, only with the add-on; the real database
 * run is the matrix's.
 */
describe('flask with the postgres add-on', () => {
  let dir: string;
  const project = (which: 'on' | 'off') => join(dir, which);
  const read = (which: 'on' | 'off', rel: string) => readFile(join(project(which), rel), 'utf8');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pyweb-pg-flask-'));
    for (const which of ['on', 'off'] as const) {
      const stack = buildStack(join(project(which), 'shop'), 'flask', 'gunicorn', {
        postgres: which === 'on',
      });
      await renderTo(layersFor(stack), project(which), templateContext(stack));
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const MIGRATIONS = [
    'migrations/alembic.ini',
    'migrations/env.py',
    'migrations/script.py.mako',
    'migrations/versions/4d3b2a1c0f9e_create_and_seed_the_items.py',
  ];

  test("brings Flask-Migrate's folder and the database module, only with the add-on", async () => {
    const on = await listFiles(project('on'));
    const off = await listFiles(project('off'));
    for (const f of [...MIGRATIONS, 'shop/db.py']) {
      expect(on, f).toContain(f);
      expect(off, f).not.toContain(f);
    }
  });

  test('the app, routes and tests use the database only with the add-on', async () => {
    const expectations: [string, string[]][] = [
      ['shop/__init__.py', ['db.init_app(app)', 'migrate.init_app(app, db)', 'SELECT 1']],
      ['shop/api.py', ['@bp.post("/items")', '@bp.delete("/items/<int:item_id>")']],
      ['shop/items.py', ['class Item(db.Model)', 'db.session.execute(db.select(Item)']],
      [
        'tests/conftest.py',
        ['upgrade(directory=', 'set DATABASE_URL, e.g. docker compose up -d db'],
      ],
      ['tests/test_app.py', ['def test_create_item', 'def test_delete_item']],
    ];
    for (const [file, parts] of expectations) {
      const on = await read('on', file);
      const off = await read('off', file);
      for (const p of parts) {
        expect(on, `${file}: ${p}`).toContain(p);
        expect(off, `${file}: ${p}`).not.toContain(p);
      }
    }
    // One connection per server thread by default, and the catalog's release step in the docs.
    const db = await read('on', 'shop/db.py');
    expect(db).toContain('environ.get("DATABASE_POOL_SIZE", "4")');
    expect(db).toContain('flask --app shop db upgrade');
  });

  test('every rendered Python file parses', async () => {
    const files = (await listFiles(project('on'))).filter((f) => f.endsWith('.py'));
    const script = 'import ast, sys\nfor f in sys.argv[1:]: ast.parse(open(f).read(), f)';
    await exec('python3', ['-c', script, ...files.map((f) => join(project('on'), f))]);
  });
});
