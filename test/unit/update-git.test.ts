import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashOf } from '../../generators/project/hashes.js';
import { BaseUnavailable, baseFromGit } from '../../generators/update/base.js';
import {
  dirtyPaths,
  keepRender,
  RENDER_REF,
  repoPrefix,
  stageConflicts,
  unmergedPaths,
} from '../../generators/update/git.js';

/** The git of update: the repository's prefix, dirty files, conflicts as index stages, bases from blobs. */

let work: string;
const gitIn = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  });

/** A repository with a project at its root (`root`) and one in `svc/` (`mono`). */
function makeRepo(name: string, sub: string): { repo: string; dir: string } {
  const repo = join(work, name);
  const dir = sub ? join(repo, sub) : repo;
  mkdirSync(join(dir, 'app'), { recursive: true });
  gitIn(repo, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), '# app\n');
  writeFileSync(join(dir, 'app', 'main.py'), 'print("v1")\n');
  writeFileSync(join(dir, 'serve.sh'), '#!/bin/sh\nexec app\n', { mode: 0o755 });
  gitIn(repo, 'add', '-A');
  gitIn(repo, 'commit', '-q', '-m', 'one');
  return { repo, dir };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'pyweb-update-git-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('repoPrefix', () => {
  test("'' at the root, the folder with a slash in a subfolder, undefined outside", async () => {
    const { dir: root } = makeRepo('prefix-root', '');
    const { dir: svc } = makeRepo('prefix-mono', 'svc');
    expect(await repoPrefix(root)).toBe('');
    expect(await repoPrefix(svc)).toBe('svc/');
    expect(await repoPrefix(join(svc, 'app'))).toBe('svc/app/');
    const outside = mkdtempSync(join(tmpdir(), 'pyweb-no-git-'));
    try {
      expect(await repoPrefix(outside)).toBeUndefined();
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('dirtyPaths', () => {
  test('tracked files changed, staged or not, relative to the project; untracked ones are not', async () => {
    const { repo, dir } = makeRepo('dirty', 'svc');
    expect(await dirtyPaths(dir)).toEqual([]);
    writeFileSync(join(dir, 'app', 'main.py'), 'print("mine")\n');
    writeFileSync(join(dir, 'README.md'), '# mine\n');
    gitIn(repo, 'add', 'svc/README.md');
    writeFileSync(join(dir, 'new.txt'), 'untracked\n');
    // A change outside the project is not the project's.
    writeFileSync(join(repo, 'other.txt'), 'x\n');
    gitIn(repo, 'add', 'other.txt');
    expect(await dirtyPaths(dir)).toEqual(['README.md', 'app/main.py']);
    gitIn(repo, 'rm', '-q', 'svc/serve.sh');
    expect(await dirtyPaths(dir)).toEqual(['README.md', 'app/main.py', 'serve.sh']);
  });

  test('[] outside git', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'pyweb-no-git-'));
    try {
      expect(await dirtyPaths(outside)).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('stageConflicts', () => {
  for (const sub of ['', 'svc']) {
    test(`three stages, status UU/AA, checkout --theirs/--ours (${sub ? 'a subfolder' : 'the root'})`, async () => {
      const { repo, dir } = makeRepo(`stage-${sub || 'root'}`, sub);
      const p = sub ? `${sub}/` : '';
      const markers = '<<<<<<< yours\nmine\n=======\ntheirs\n>>>>>>> create-pyweb 0.2.0\n';
      writeFileSync(join(dir, 'app', 'main.py'), markers);
      writeFileSync(join(dir, 'serve.sh'), markers, { mode: 0o755 });
      writeFileSync(join(dir, 'added.txt'), markers);
      await stageConflicts(dir, [
        { path: 'app/main.py', base: 'print("v1")\n', yours: 'mine\n', theirs: 'theirs\n' },
        {
          path: 'serve.sh',
          base: '#!/bin/sh\nexec app\n',
          yours: '#!/bin/sh\nexec mine\n',
          theirs: '#!/bin/sh\nexec theirs\n',
          executable: true,
        },
        { path: 'added.txt', yours: 'my added\n', theirs: 'their added\n' },
      ]);
      const unmerged = gitIn(repo, 'ls-files', '-u')
        .trim()
        .split('\n')
        .map((l) => {
          const [meta, path] = l.split('\t');
          const [mode, , stage] = meta.split(' ');
          return `${path} ${stage} ${mode}`;
        });
      expect(unmerged.sort()).toEqual(
        [
          `${p}added.txt 2 100644`,
          `${p}added.txt 3 100644`,
          `${p}app/main.py 1 100644`,
          `${p}app/main.py 2 100644`,
          `${p}app/main.py 3 100644`,
          `${p}serve.sh 1 100755`,
          `${p}serve.sh 2 100755`,
          `${p}serve.sh 3 100755`,
        ].sort(),
      );
      expect(gitIn(repo, 'show', `:1:${p}app/main.py`)).toBe('print("v1")\n');
      expect(gitIn(repo, 'show', `:2:${p}app/main.py`)).toBe('mine\n');
      expect(gitIn(repo, 'show', `:3:${p}app/main.py`)).toBe('theirs\n');
      expect(gitIn(repo, 'show', `:3:${p}serve.sh`)).toBe('#!/bin/sh\nexec theirs\n');
      expect(gitIn(repo, 'show', `:2:${p}added.txt`)).toBe('my added\n');
      const status = gitIn(repo, 'status', '--porcelain');
      expect(status).toContain(`UU ${p}app/main.py`);
      expect(status).toContain(`UU ${p}serve.sh`);
      expect(status).toContain(`AA ${p}added.txt`);
      // The combined diff a conflicted merge shows.
      expect(gitIn(repo, 'diff', '--', `${p}app/main.py`)).toContain('diff --cc');
      gitIn(dir, 'checkout', '--theirs', '--', 'app/main.py');
      gitIn(dir, 'checkout', '--ours', '--', 'added.txt');
      expect(gitIn(repo, 'show', `:3:${p}app/main.py`)).toBe('theirs\n');
      expect(readFileSync(join(dir, 'app', 'main.py'), 'utf8')).toBe('theirs\n');
      expect(readFileSync(join(dir, 'added.txt'), 'utf8')).toBe('my added\n');
      // Resolving is the usual `git add`.
      gitIn(dir, 'add', 'app/main.py', 'added.txt', 'serve.sh');
      expect(gitIn(repo, 'ls-files', '-u')).toBe('');
    });
  }

  test('dirtyPaths names conflicted files', async () => {
    const { dir } = makeRepo('stage-dirty', '');
    await stageConflicts(dir, [
      { path: 'README.md', base: '# app\n', yours: '# a\n', theirs: '# b\n' },
    ]);
    expect(await dirtyPaths(dir)).toEqual(['README.md']);
  });
});

describe('baseFromGit', () => {
  test('from a subfolder: an old blob found by its hash after the file changed; an unknown hash is absent', async () => {
    const { repo, dir } = makeRepo('base-git', 'svc');
    writeFileSync(join(dir, 'app', 'main.py'), 'print("v2")\n');
    gitIn(repo, 'commit', '-q', '-am', 'two');
    writeFileSync(join(dir, 'app', 'main.py'), 'print("v3, not committed")\n');
    const wanted = new Map([
      ['app/main.py', hashOf('print("v1")\n')],
      ['README.md', hashOf('# app\n')],
      ['serve.sh', hashOf('never committed\n')],
      ['gone.txt', hashOf('no such file\n')],
    ]);
    const base = await baseFromGit(dir, wanted);
    expect(base.source).toBe('git');
    expect([...base.files.entries()].sort()).toEqual([
      ['README.md', '# app\n'],
      ['app/main.py', 'print("v1")\n'],
    ]);
    expect(base.detail).toBe('git history (2 of 4 files found by the hash on record)');
  });

  test('a blob only on another branch counts (all refs)', async () => {
    const { repo, dir } = makeRepo('base-branch', '');
    gitIn(repo, 'checkout', '-q', '-b', 'side');
    writeFileSync(join(dir, 'README.md'), '# side\n');
    gitIn(repo, 'commit', '-q', '-am', 'side');
    gitIn(repo, 'checkout', '-q', 'main');
    const base = await baseFromGit(dir, new Map([['README.md', hashOf('# side\n')]]));
    expect(base.files.get('README.md')).toBe('# side\n');
  });

  test('not a repository: BaseUnavailable', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'pyweb-no-git-'));
    try {
      await expect(baseFromGit(outside, new Map([['a', hashOf('')]]))).rejects.toBeInstanceOf(
        BaseUnavailable,
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('keepRender and unmergedPaths', () => {
  test("a render kept on its ref is a base for the next update; the user's index is left alone", async () => {
    const { repo, dir } = makeRepo('kept', 'svc');
    const render = new Map([['app/main.py', 'print("as 0.2.0 writes it")\n']]);
    await keepRender(dir, render, 'create-pyweb 0.2.0');
    expect(gitIn(repo, 'status', '--porcelain')).toBe('');
    expect(gitIn(repo, 'show', `${RENDER_REF}:svc/app/main.py`)).toBe(
      'print("as 0.2.0 writes it")\n',
    );
    await keepRender(dir, new Map([['app/main.py', 'print("0.3.0")\n']]), 'create-pyweb 0.3.0');
    expect(gitIn(repo, 'rev-list', '--count', RENDER_REF).trim()).toBe('2');
    const base = await baseFromGit(
      dir,
      new Map([['app/main.py', hashOf('print("as 0.2.0 writes it")\n')]]),
    );
    expect(base.files.get('app/main.py')).toBe('print("as 0.2.0 writes it")\n');
  });

  test('unmergedPaths lists conflicts left unresolved, relative to the project', async () => {
    const { repo, dir } = makeRepo('unmerged', 'svc');
    expect(await unmergedPaths(dir)).toEqual([]);
    await stageConflicts(dir, [
      { path: 'README.md', base: '# app\n', yours: '# a\n', theirs: '# b\n' },
    ]);
    expect(await unmergedPaths(dir)).toEqual(['README.md']);
    gitIn(repo, 'checkout', '--theirs', '--', 'svc/README.md');
    gitIn(repo, 'add', 'svc/README.md');
    expect(await unmergedPaths(dir)).toEqual([]);
  });
});
