import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { TestModule } from 'vitest/node';
import { FRAMEWORKS, validPairs } from '../../generators/catalog/index.js';
import { defaultServer } from '../../generators/project/stack.js';
import { BROKEN, breakMigrations } from '../containers/broken-migration.js';
import { defaultPairs, named } from '../matrix/select.js';
import SummaryReporter, { POSTGRES_TAG } from '../summary-reporter.js';

/** The PostgreSQL harness's own logic, which the slow stages only exercise when they run. */
describe('PYWEB_PAIRS selection', () => {
  const pair = validPairs().find((p) => p.framework === 'flask' && p.server === 'gunicorn')!;
  test.each([
    [undefined, true],
    ['flask', true],
    ['flask:gunicorn', true],
    ['flask:*', true],
    ['*:gunicorn', true],
    ['django, flask:gunicorn', true],
    ['flask:waitress', false],
    ['django', false],
  ])('%s names flask:gunicorn: %s', (spec, want) => {
    expect(named(pair, spec)).toBe(want);
  });

  test('each framework once, on the server the CLI picks without --server', () => {
    expect(defaultPairs().map((p) => `${p.framework}:${p.server}`)).toEqual(
      FRAMEWORKS.map((f) => `${f.id}:${defaultServer(f).id}`),
    );
  });
});

describe('a failing migration planted in a project', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });
  const project = async (files: Record<string, string>) => {
    const dir = await mkdtemp(join(tmpdir(), 'pyweb-broken-'));
    dirs.push(dir);
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    return dir;
  };
  const compiles = (file: string) =>
    execFileSync('python3', ['-m', 'py_compile', file], { stdio: 'pipe' });

  test('Alembic: after the head of the chain, as valid Python', async () => {
    const dir = await project({
      'alembic.ini': '',
      'migrations/versions/0001_items.py':
        'revision: str = "0001"\ndown_revision: str | None = None\n',
      'migrations/versions/0002_more.py': "revision = 'a1b2'\ndown_revision = '0001'\n",
      '.venv/lib/migrations/versions/x.py': 'revision = "not this one"\n',
    });
    const file = await breakMigrations(dir);
    expect(file).toBe(join(dir, 'migrations', 'versions', 'zz_broken.py'));
    const text = await readFile(file, 'utf8');
    expect(text).toContain('down_revision = "a1b2"');
    expect(text).toContain(BROKEN);
    compiles(file);
  });

  test("Django: after the app's first migration, as valid Python", async () => {
    const dir = await project({
      'manage.py': '',
      'shop/migrations/__init__.py': '',
      'shop/migrations/0001_initial.py': 'class Migration: ...\n',
    });
    const file = await breakMigrations(dir);
    expect(file).toBe(join(dir, 'shop', 'migrations', '0002_broken.py'));
    const text = await readFile(file, 'utf8');
    expect(text).toContain('dependencies = [("shop", "0001_initial")]');
    expect(text).toContain(BROKEN);
    compiles(file);
  });

  test('no migrations: a clear error', async () => {
    const dir = await project({ 'app.py': '' });
    await expect(breakMigrations(dir)).rejects.toThrow(/no Django migration/);
  });
});

describe('the summary', () => {
  const testCase = (file: string, name: string, state: string, ms: number) => ({
    name,
    fullName: name,
    module: { moduleId: `/repo/test/${file}` },
    result: () => ({ state }),
    diagnostic: () => ({ duration: ms }),
  });
  const mod = (
    file: string,
    tests: ReturnType<typeof testCase>[],
    ms: number,
    failure?: string, // an error outside its tests: a failing beforeAll
  ) => {
    const m = {
      type: 'module',
      moduleId: `/repo/test/${file}`,
      children: { allTests: () => tests.values(), allSuites: () => [].values() },
      state: () => (failure ? 'failed' : 'passed'),
      errors: () => (failure ? [{ message: failure }] : []),
      diagnostic: () => ({ duration: ms }),
    };
    for (const t of tests) t.module = m as unknown as typeof t.module;
    return m;
  };
  const summary = (modules: ReturnType<typeof mod>[]): string => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      new SummaryReporter().onTestRunEnd(modules as unknown as TestModule[], []);
      return String(write.mock.calls.map((c) => c[0]).join(''));
    } finally {
      write.mockRestore();
    }
  };

  test('PostgreSQL runs get sections of their own, with times', () => {
    const out = summary([
      mod(
        'matrix/pairs.test.ts',
        [testCase('matrix/pairs.test.ts', 'flask × gunicorn', 'passed', 9000)],
        9000,
      ),
      mod(
        'matrix/postgres.test.ts',
        [testCase('matrix/postgres.test.ts', `flask × gunicorn ${POSTGRES_TAG}`, 'passed', 61_000)],
        75_000,
      ),
      mod(
        'containers/containers.test.ts',
        [
          testCase(
            'containers/containers.test.ts',
            `django × gunicorn ${POSTGRES_TAG}`,
            'failed',
            2000,
          ),
        ],
        3000,
      ),
    ]);
    const lines = out.split('\n');
    const at = (heading: RegExp) => lines.findIndex((l) => heading.test(l));
    expect(lines[at(/^Matrix \(framework × server\)/) + 1]).toMatch(
      /flask × gunicorn\s+PASSED\s+9\.0s/,
    );
    const pg = at(/^Matrix with PostgreSQL/);
    expect(lines[pg + 1]).toMatch(/flask × gunicorn \+ postgres\s+PASSED\s+61\.0s/);
    expect(lines[pg + 2]).toBe('  (test/matrix/postgres.test.ts: 75s in all)');
    expect(lines[at(/^Containers with PostgreSQL/) + 1]).toMatch(
      /django × gunicorn \+ postgres\s+FAILED/,
    );
    expect(out).not.toMatch(/^Containers \(podman/m);
    expect(lines.at(-2)).toBe('2 passed, 1 failed, 0 skipped');
  });

  test('a file that fails outside its tests is a failure, with its error, and its tests are not run', () => {
    // As CI saw it: update.test.ts's beforeAll threw, vitest skipped its tests and exited 1,
    // and the closing line said 0 failed.
    const out = summary([
      mod('unit/a.test.ts', [testCase('unit/a.test.ts', 'fine', 'passed', 1)], 1),
      mod(
        'update/update.test.ts',
        [testCase('update/update.test.ts', 'merges', 'skipped', 0)],
        5,
        "994630b's devDependencies differ from this checkout's\nstack",
      ),
    ]);
    expect(out).toContain(
      "  FAILED test/update/update.test.ts: 994630b's devDependencies differ from this checkout's\n",
    );
    expect(out).toContain('  SKIPPED merges: not run, its file failed outside its tests (above)');
    expect(out.trimEnd().split('\n').at(-1)).toBe('1 passed, 1 failed, 1 skipped');
  });
});
