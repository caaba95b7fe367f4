import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, parse } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  checkOverwrite,
  holdsMoreThan,
  PROJECT_WORTH,
} from '../../generators/project/overwrite-guard.js';

const work = await mkdtemp(join(tmpdir(), 'pyweb-guard-'));
afterAll(() => rm(work, { recursive: true, force: true }));

// Only the check runs here: nothing is ever removed, so the real root and home are safe to name.
describe('--overwrite guards (issue 15, item 2)', () => {
  const where = { cwd: join(work, 'elsewhere'), home: join(work, 'home') };

  test('the root of the file system is refused', () => {
    const root = parse(process.cwd()).root;
    expect(() => checkOverwrite(root, root, where)).toThrow(
      /^refusing to empty .*: it is the root of the file system$/,
    );
  });

  test('the home folder is refused, named however it is reached', async () => {
    await mkdir(where.home, { recursive: true });
    expect(() => checkOverwrite(where.home, '~', where)).toThrow(/it is your home folder/);
    expect(() => checkOverwrite(join(where.home, '.'), '~', where)).toThrow(/home folder/);
  });

  test('an ancestor of the current folder is refused, the current folder is not', async () => {
    const cwd = join(work, 'a', 'b', 'c');
    await mkdir(cwd, { recursive: true });
    for (const up of [join(work, 'a'), join(work, 'a', 'b')])
      expect(() => checkOverwrite(up, up, { ...where, cwd })).toThrow(
        /the current folder is inside it/,
      );
    expect(() => checkOverwrite(cwd, '.', { ...where, cwd })).not.toThrow();
    // A sibling whose name starts the same is no ancestor.
    await mkdir(join(work, 'a', 'b', 'c2'));
    expect(() => checkOverwrite(join(work, 'a', 'b', 'c2'), 'c2', { ...where, cwd })).not.toThrow();
  });

  test("counting stops past a project's worth; .git is not counted", async () => {
    const dir = join(work, 'count');
    await mkdir(join(dir, '.git'), { recursive: true });
    await mkdir(join(dir, 'src'), { recursive: true });
    for (let i = 0; i < PROJECT_WORTH; i++) await writeFile(join(dir, 'src', `${i}`), '');
    for (let i = 0; i < 50; i++) await writeFile(join(dir, '.git', `${i}`), '');
    expect(holdsMoreThan(dir, PROJECT_WORTH)).toBe(false);
    expect(() => checkOverwrite(dir, 'count', where)).not.toThrow();
    await writeFile(join(dir, 'one-more'), '');
    expect(holdsMoreThan(dir, PROJECT_WORTH)).toBe(true);
    expect(() => checkOverwrite(dir, 'count', where)).toThrow(/more than 500 files/);
    await writeFile(join(dir, '.create-pyweb.toml'), '[tool.create-pyweb]\nframework = "flask"\n');
    expect(() => checkOverwrite(dir, 'count', where)).not.toThrow();
  });
});
