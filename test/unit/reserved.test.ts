import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ADDONS, findServer, validPairs } from '../../generators/catalog/index.js';
import { templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { toNames } from '../../generators/project/names.js';
import { listFiles, renderTo } from '../helpers/render-to.js';
import { djangoFolders, ignoredNames } from '../../generators/project/reserved.js';
import { buildStack } from '../../generators/project/stack.js';

const out = await mkdtemp(join(tmpdir(), 'pyweb-reserved-'));
afterAll(() => rm(out, { recursive: true, force: true }));

/** A name toNames keeps as it is, so the package folder would be exactly that folder. */
const packageLike = (n: string) => /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(n);

/**
 * The folders every stack uses, read from what is rendered (not from the templates, as the
 * reserved list is): top-level folders and modules, the ignore files' names, Django's settings
 * folders and the image's data folder.
 */
async function usedNames(): Promise<Map<string, string>> {
  const used = new Map<string, string>();
  // Every add-on on, and again without postgres: PostgreSQL replaces SQLite's data folder.
  const stacks = validPairs().flatMap((p) => [
    { ...p, postgres: true },
    { ...p, postgres: false },
  ]);
  for (const p of stacks) {
    const server = findServer(p.server)!;
    const deploy = Object.fromEntries(
      ADDONS.map((a) => [a.id, !a.unfit?.(server) && (p.postgres || a.id !== 'postgres')]),
    );
    const dir = join(out, `${p.postgres ? 'pg' : 'sq'}-${p.framework}-${p.server}`);
    const stack = buildStack(dir, p.framework, p.server, deploy);
    await renderTo(layersFor(stack), dir, templateContext(stack));
    const where = `${p.framework} on ${p.server}`;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === stack.names.pkg) continue;
      if (e.isDirectory()) used.set(e.name, `${where}: ${e.name}/`);
      else if (e.name.endsWith('.py')) used.set(e.name.slice(0, -3), `${where}: ${e.name}`);
    }
    for (const f of ['.gitignore', '.dockerignore']) {
      const files = readdirSync(dir);
      if (files.includes(f))
        for (const n of ignoredNames(readFileSync(join(dir, f), 'utf8')))
          used.set(n, `${where}: ${f}`);
    }
    for (const rel of await listFiles(dir)) {
      if (rel.endsWith('/settings.py') && rel.startsWith(`${stack.names.pkg}/`))
        for (const [n, s] of djangoFolders(readFileSync(join(dir, rel), 'utf8')))
          used.set(n, `${where}: ${s}`);
      if (rel === 'Dockerfile')
        for (const m of readFileSync(join(dir, rel), 'utf8').matchAll(/mkdir -p (\S+)/g))
          used.set(m[1].split('/')[0], `${where}: Dockerfile mkdir`);
    }
  }
  return used;
}

describe('reserved names (issue 15, item 1)', () => {
  test('every folder and module any stack writes or names is refused as a project name', async () => {
    const used = await usedNames();
    // The check sees the folders that matter, or it proves nothing.
    for (const n of ['tests', 'static', 'staticfiles', 'deploy', 'data', 'build', 'manage'])
      expect([...used.keys()]).toContain(n);
    for (const [n, where] of used) {
      if (!packageLike(n)) continue;
      expect(() => toNames(n), `${n} (${where})`).toThrow();
    }
  }, 120_000);

  test.each([
    ['static', /a static\/ folder is written by django projects/],
    ['staticfiles', /Django's STATIC_ROOT is staticfiles\//],
    ['media', /MEDIA_ROOT/],
    ['deploy', /a deploy\/ folder is written by .*the nginx add-on/],
    ['data', /Django's SQLite database in data\//],
    ['build', /\.gitignore and \.dockerignore leave out build\//],
    ['node_modules', /npm/],
    ['Static', /a static\/ folder/],
  ])('%s is refused with its reason, in one line', (name, why) => {
    let message = '';
    try {
      toNames(name);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(new RegExp(`^"${name.toLowerCase()}" is reserved: `));
    expect(message).toMatch(why);
    expect(message).not.toContain('\n');
  });

  test('a name no stack uses is still free', () => {
    expect(toNames('shop')).toEqual({ dist: 'shop', pkg: 'shop' });
  });
});
