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
    expect(plain).not.toMatch(/readyz|atexit|@app\.post|\bdb\b/);
  });

  test('its WebTest suite runs on a migrated database and tests create, delete, /readyz', async () => {
    const tests = (await files('bottle', 'gunicorn', true)).get('tests/test_app.py')!;
    expect(tests).toContain('with migrated_database() as url:');
    for (const name of ['test_readyz_asks_the_database', 'test_create_item', 'test_delete_item'])
      expect(tests).toContain(`def ${name}(`);
    const plain = (await files('bottle', 'gunicorn', false)).get('tests/test_app.py')!;
    expect(plain).not.toMatch(/database|readyz|post_json/);
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
      expect(plain.get(file)).not.toMatch(/readyz|atexit|POST|DELETE|\bdb\b/);
  });
});
