import { describe, expect, test } from 'vitest';
import { templateContext } from '../../generators/project/context.js';
import { renderStack } from '../../generators/project/render.js';
import { buildStack } from '../../generators/project/stack.js';
import { packageTemplates } from '../../generators/project/template-files.js';

/**
 * The event-loop frameworks on the shared async SQLAlchemy layers (issue 18): their handlers
 * await the items, /readyz asks the database, shutdown disposes of the pool, the tests migrate
 * a database of their own. The projects themselves are proven against PostgreSQL by the matrix.
 */
const STACKS = [
  { framework: 'starlette', server: 'uvicorn', api: 'api.py', app: 'app.py' },
  { framework: 'quart', server: 'hypercorn', api: 'api.py', app: 'app.py' },
  { framework: 'sanic', server: 'sanic', api: 'api.py', app: 'app.py' },
  { framework: 'sanic', server: 'uvicorn', api: 'api.py', app: 'app.py' },
  { framework: 'tornado', server: 'tornado', api: 'app.py', app: '__main__.py' },
];

async function render(framework: string, server: string, postgres: boolean) {
  const stack = buildStack('/nowhere/svc', framework, server, { postgres });
  const tree = await renderStack(stack, packageTemplates);
  const text = (path: string) => {
    const file = tree.get(path);
    if (!file) throw new Error(`${framework}: no ${path}`);
    return String(file.content);
  };
  return { tree, text, context: templateContext(stack) };
}

describe.each(STACKS)(
  '$framework on $server with --postgres',
  ({ framework, server, api, app }) => {
    test('awaits the async items, answers /readyz from the database, disposes of the pool', async () => {
      const { tree, text } = await render(framework, server, true);
      expect(text('svc/db.py')).toContain('create_async_engine');
      for (const call of ['list_items', 'get_item', 'create_item', 'delete_item'])
        expect(text(`svc/${api}`)).toMatch(new RegExp(`await items\\.${call}\\(`));
      expect(`${text('svc/app.py')}${text(`svc/${api}`)}`).toMatch(/await db\.ready\(\)/);
      expect(text('svc/app.py')).toContain('/readyz');
      expect(text(`svc/${app}`)).toMatch(/await db\.dispose\(\)|db\.dispose\(\)\)/);
      expect(text('pyproject.toml')).toContain('"sqlalchemy[asyncio]~=2.1"');
      expect(text('tests/conftest.py')).toContain('migrated_database()');
      expect(tree.has('migrations/versions/0001_items.py')).toBe(true);
      const tests = [...tree.keys()]
        .filter((p) => p.startsWith('tests/test_'))
        .map(text)
        .join('\n');
      for (const name of ['test_create_item', 'test_delete_item', 'test_readyz'])
        expect(tests).toContain(`def ${name}(`);
      // A test that reads the items without awaiting them would read a coroutine.
      expect(tests).not.toMatch(/(?<!await )items\.list_items\(\)/);
    });

    test('without it: the in-memory items, no database anywhere', async () => {
      const { tree, text } = await render(framework, server, false);
      expect(tree.has('svc/db.py')).toBe(false);
      const code = [...tree.keys()].filter((p) => p.endsWith('.py')).map(text);
      for (const source of code) {
        expect(source).not.toMatch(/\bdb\.(ready|dispose)\b|migrated_database/);
        expect(source).not.toContain('{{');
      }
    });
  },
);
