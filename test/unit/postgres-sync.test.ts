import { describe, expect, test } from 'vitest';
import { renderStack } from '../../generators/project/render.js';
import { buildStack } from '../../generators/project/stack.js';
import { packageTemplates } from '../../generators/project/template-files.js';
import { textsOf } from '../../generators/project/tree.js';

/**
 * The WSGI frameworks on SQLAlchemy's sync layer (and Falcon on ASGI, on the async one) with
 * --postgres: the routes of the HTTP contract and tests against the migrated database. Without
 * it their files are as before (the golden tests hold that).
 */
async function files(framework: string, server: string, postgres: boolean) {
  const stack = buildStack('/tmp/shop', framework, server, { postgres });
  return textsOf(await renderStack(stack, packageTemplates));
}

describe('Bottle with --postgres', () => {
  test('the app creates, deletes and answers /readyz from the database', async () => {
    const app = (await files('bottle', 'gunicorn', true)).get('shop/app.py')!;
    expect(app).toContain('from .items import create_item, delete_item, get_item');
    expect(app).toMatch(/@app\.get\("\/readyz"\)\ndef readyz[\s\S]*db\.ready\(\)/);
    expect(app).toContain('@app.post("/api/items")');
    expect(app).toContain('@app.delete("/api/items/<item_id:int>")');
    expect(app).toContain('atexit.register(db.dispose)');
    const plain = (await files('bottle', 'gunicorn', false)).get('shop/app.py')!;
    expect(plain).not.toMatch(/atexit|@app\.post|\bdb\b/);
  });

  test('its WebTest suite runs on a migrated database and tests create, delete, /readyz', async () => {
    const tests = (await files('bottle', 'gunicorn', true)).get('tests/test_app.py')!;
    expect(tests).toContain('with migrated_database() as url:');
    for (const name of ['test_create_item', 'test_delete_item'])
      expect(tests).toContain(`def ${name}(`);
    const plain = (await files('bottle', 'gunicorn', false)).get('tests/test_app.py')!;
    expect(plain).not.toMatch(/database|post_json/);
  });
});

describe('Pyramid with --postgres', () => {
  test('views create, delete and answer /readyz; the pool is closed at exit', async () => {
    const project = await files('pyramid', 'gunicorn', true);
    expect(project.get('shop/routes.py')).toContain('config.add_route("readyz", "/readyz")');
    const views = project.get('shop/views.py')!;
    expect(views).toMatch(/route_name="readyz"[\s\S]*db\.ready\(\)/);
    expect(views).toContain('@view_config(route_name="items", request_method="POST"');
    expect(views).toContain('@view_config(route_name="item", request_method="DELETE"');
    expect(project.get('shop/app.py')).toContain('atexit.register(db.dispose)');
    expect(project.get('tests/test_app.py')).toContain('with migrated_database() as url:');
    const plain = await files('pyramid', 'gunicorn', false);
    for (const file of ['shop/routes.py', 'shop/views.py', 'shop/app.py'])
      expect(plain.get(file)).not.toMatch(/atexit|POST|DELETE|\bdb\b/);
    // The docstring's one line, closed on it, as before (ruff format would join a split one).
    expect(plain.get('shop/app.py')).toMatch(/^"""The Pyramid WSGI app: [^\n]*"""\n\nfrom pyramid/);
  });
});

describe('Falcon with --postgres', () => {
  test('on WSGI the resources call the sync items; the pool is closed at exit', async () => {
    const project = await files('falcon', 'gunicorn', true);
    const resources = project.get('shop/resources.py')!;
    expect(resources).toContain('    def on_post(self, req: Request, resp: Response) -> None:');
    expect(resources).toContain('        item = create_item(name, price)');
    expect(resources).toContain('        if not delete_item(item_id):');
    expect(resources).toContain('        problem = db.ready()');
    expect(project.get('shop/app.py')).toContain('atexit.register(db.dispose)');
    expect(project.get('tests/conftest.py')).toContain('with migrated_database() as url:');
    expect(project.get('pyproject.toml')).toContain('"sqlalchemy~=2.1"');
  });

  test('on ASGI they await the async items, and the lifespan shutdown disposes of the pool', async () => {
    const project = await files('falcon', 'uvicorn', true);
    const resources = project.get('shop/resources.py')!;
    expect(resources).toContain(
      '    async def on_delete(self, req: Request, resp: Response, item_id: int)',
    );
    expect(resources).toContain('resp.media = [item.as_dict() for item in await list_items()]');
    expect(resources).toContain('        item = await create_item(name, price)');
    expect(resources).toContain('        problem = await db.ready()');
    const app = project.get('shop/app.py')!;
    expect(app).toContain('app.add_middleware(ClosePool())');
    expect(app).toMatch(/async def process_shutdown\([^)]*\) -> None:\n\s+await db\.dispose\(\)/);
    expect(app).not.toContain('atexit');
    expect(project.get('tests/test_app.py')).toContain('stored = asyncio.run(list_items())');
    // The asyncio extension needs greenlet, which SQLAlchemy 2.1 leaves out by default.
    expect(project.get('pyproject.toml')).toContain('"sqlalchemy[asyncio]~=2.1"');
  });

  test('without it, no database line in its files', async () => {
    for (const server of ['gunicorn', 'uvicorn']) {
      const plain = await files('falcon', server, false);
      for (const file of [
        'shop/app.py',
        'shop/resources.py',
        'tests/conftest.py',
        'tests/test_app.py',
      ])
        expect(plain.get(file)).not.toMatch(/atexit|ClosePool|on_post|on_delete|\bdb\b|database/);
      expect(plain.get('pyproject.toml')).not.toMatch(/sqlalchemy|psycopg/);
    }
  });
});
