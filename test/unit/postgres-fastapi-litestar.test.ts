import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderStack } from '../../generators/project/render.js';
import { buildStack } from '../../generators/project/stack.js';
import { packageTemplates } from '../../generators/project/template-files.js';

/** The text of each file of a created project, rendered in memory. */
async function project(framework: string, postgres: boolean): Promise<Map<string, string>> {
  const stack = buildStack(join(tmpdir(), 'shop'), framework, undefined, { postgres });
  const tree = await renderStack(stack, packageTemplates);
  return new Map([...tree].map(([path, file]) => [path, String(file.content)]));
}

const ALEMBIC = ['alembic.ini', 'migrations/env.py', 'migrations/script.py.mako'];

describe('FastAPI with --postgres: SQLModel on an async engine, Alembic', () => {
  test('brings the engine, the Alembic environment and the first migration', async () => {
    const files = await project('fastapi', true);
    for (const path of [...ALEMBIC, 'migrations/versions/0001_items.py', 'shop/db.py'])
      expect([...files.keys()]).toContain(path);
    const migration = files.get('migrations/versions/0001_items.py')!;
    for (const seed of ['keyboard', 'mouse', 'monitor']) expect(migration).toContain(seed);
    expect(files.get('migrations/env.py')).toContain('from shop.db import database_url, metadata');
    expect(files.get('shop/db.py')).toContain('metadata = SQLModel.metadata');
    // Its tests make their own database: the shared fixture module is not theirs.
    expect([...files.keys()]).not.toContain('tests/database.py');
    const app = files.get('shop/app.py')!;
    expect(app).toContain('@app.get("/readyz"');
    expect(app).toContain('await db.dispose_engine()');
    expect(app).not.toContain('list_items');
    expect(files.get('shop/items.py')).not.toContain('ITEMS');
    expect(files.get('shop/db.py')).toContain('"DATABASE_POOL_SIZE", "5"');
    expect(files.get('shop/api.py')).toContain('@router.delete(');
    expect(files.get('tests/conftest.py')).toContain('command.upgrade(config, "head")');
    // SQLAlchemy 2.1 installs greenlet, which async sessions need, only with this extra.
    expect(files.get('pyproject.toml')).toContain('"sqlalchemy[asyncio]~=2.1"');
  });

  test('without it: the in-memory catalogue, no database file', async () => {
    const files = await project('fastapi', false);
    for (const path of [...ALEMBIC, 'shop/db.py']) expect([...files.keys()]).not.toContain(path);
    expect(files.get('shop/app.py')).not.toContain('db.ping');
    expect(files.get('shop/items.py')).toContain('ITEMS');
  });
});

describe("Litestar with --postgres: Advanced Alchemy's plugin, a repository, Alembic", () => {
  test('brings the plugin, the model, the Alembic environment and the first migration', async () => {
    const files = await project('litestar', true);
    for (const path of [
      ...ALEMBIC,
      'migrations/versions/0001_items.py',
      'shop/db.py',
      'shop/models.py',
      'tests/test_readyz.py',
    ])
      expect([...files.keys()]).toContain(path);
    // The shared Alembic environment reads the tables from the db module, the model's MetaData.
    expect(files.get('migrations/env.py')).toContain('from shop.db import database_url, metadata');
    expect(files.get('shop/db.py')).toContain('metadata = ItemModel.metadata');
    const app = files.get('shop/app.py')!;
    expect(app).toContain('plugins=[SQLAlchemyPlugin(config=db.alchemy)]');
    expect(app).toContain('route_handlers=[index, healthz, readyz, api_router, echo]');
    expect(files.get('shop/api.py')).toContain('SQLAlchemyAsyncRepository[ItemModel]');
    // Litestar 2.18 deprecates litestar.plugins.sqlalchemy for Advanced Alchemy's own module.
    expect([...files.values()].join('\n')).not.toContain('litestar.plugins.sqlalchemy');
  });

  test('without it: no plugin, no database file', async () => {
    const files = await project('litestar', false);
    for (const path of [...ALEMBIC, 'shop/db.py', 'shop/models.py', 'tests/test_readyz.py'])
      expect([...files.keys()]).not.toContain(path);
    expect(files.get('shop/app.py')).toContain(
      'route_handlers=[index, healthz, readyz, api_router, echo]',
    );
    expect(files.get('shop/app.py')).not.toContain('plugins=');
  });
});
