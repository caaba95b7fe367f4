import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PYTHON_VERSIONS } from '../../generators/catalog/index.js';
import { requirement } from '../../generators/catalog/versions.js';
import { TOOL_BIN } from '../helpers/paths.js';
import { UV_CACHE } from '../helpers/python.js';
import { run, runCli } from '../helpers/run.js';

/** The first commit, the lock, and the next steps (issue 15: items 3, 8, 13). */

let work: string;
beforeAll(async () => {
  // Outside any git repository, so that git init is not skipped.
  work = await mkdtemp(join(tmpdir(), 'pyweb-lock-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** PATH as this machine has it, with every folder that holds uv left out: a machine without uv. */
const pathWithoutUv = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((d) => d && !existsSync(join(d, 'uv')))
  .join(delimiter);

/** The Python python3 is here, as --python takes it: locking needs one that requires-python admits. */
const localPython = (): string => {
  const v = execFileSync(
    'python3',
    ['-c', 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")'],
    {
      encoding: 'utf8',
      env: { ...process.env, PATH: pathWithoutUv },
    },
  ).trim();
  if (!(PYTHON_VERSIONS as readonly string[]).includes(v))
    throw new Error(`python3 is ${v}, which --python does not offer`);
  return v;
};

const nextStepsOf = (stdout: string) => stdout.slice(stdout.indexOf('Next steps:'));

/** Progress lines as one line each: they are wrapped at spaces to 80 columns. */
const unwrapped = (stdout: string) => stdout.replace(/\n {2}(?=\S)/g, ' ');

describe('uv.lock in the first commit', () => {
  test('without uv on PATH, uv comes from PyPI into the user cache and uv.lock is committed', async () => {
    const cache = join(work, 'xdg-cache');
    const env = { PATH: pathWithoutUv, XDG_CACHE_HOME: cache, UV_CACHE_DIR: UV_CACHE };
    const python = localPython();
    const r = await runCli(['nouv', '-f', 'flask', '-s', 'gunicorn', '--python', python, '--yes'], {
      cwd: work,
      env,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const kept = join(cache, 'create-pyweb', `uv-${requirement('uv').split('==')[1]}`);
    // A long path may stand alone on a line, but no line breaks inside one.
    for (const l of r.stdout.split('\n')) if (l.length > 80) expect(l.trim(), l).not.toMatch(/\s/);
    expect(unwrapped(r.stdout)).toContain(
      `uv is not on PATH: fetching ${requirement('uv')} from PyPI`,
    );
    expect(unwrapped(r.stdout)).toContain(
      `✔ locking the dependencies in uv.lock (uv ${requirement('uv').split('==')[1]} from PyPI, kept in ${kept})`,
    );
    const project = join(work, 'nouv');
    const tracked = await run('git', ['ls-files', 'uv.lock'], { cwd: project });
    expect(tracked.stdout.trim(), 'uv.lock is in the first commit').toBe('uv.lock');
    // What CI and the image run find the lock, and it is up to date.
    expect(readFileSync(join(project, '.github/workflows/ci.yml'), 'utf8')).toContain(
      'uv sync --locked',
    );
    expect(readFileSync(join(project, 'Dockerfile'), 'utf8')).toContain('uv sync --locked');
    const check = await run(join(kept, 'bin', 'uv'), ['lock', '--check', '--quiet'], {
      cwd: project,
      env: { ...process.env, ...env, UV_PYTHON_DOWNLOADS: 'never' },
      timeoutMs: 120_000,
    });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(nextStepsOf(r.stdout)).not.toContain('git add uv.lock');
    // The user has no `uv` command: the step runs the one this run used.
    const steps = nextStepsOf(r.stdout).replace(/ \\\n\s+/g, ' ');
    expect(steps).toContain(`\n  ${join(kept, 'bin', 'uv')} sync\n`);
    expect(steps).toMatch(/uv is not on PATH[\s\S]*pipx install uv/);
    expect(steps).not.toMatch(/\n {2}uv sync\n/);

    // The next run takes the kept uv: no second download.
    const again = await runCli(
      ['nouv2', '-f', 'flask', '-s', 'gunicorn', '--python', python, '--no-git', '--yes'],
      {
        cwd: work,
        env,
      },
    );
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).not.toContain('fetching');
    expect(unwrapped(again.stdout)).toContain(
      `✔ locking the dependencies in uv.lock (uv ${requirement('uv').split('==')[1]} kept in ${kept})`,
    );
  }, 300_000);

  test('with no uv at all, the next steps commit the lock before any push', async () => {
    // No python3 to fetch uv with, and no uv: only git.
    const bin = join(work, 'git-only');
    await mkdir(bin, { recursive: true });
    const git = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    await symlink(git, join(bin, 'git'));
    const r = await runCli(['nolock', '-f', 'flask', '-s', 'gunicorn', '--yes'], {
      cwd: work,
      env: { PATH: bin, XDG_CACHE_HOME: join(work, 'empty-cache'), PYWEB_PYTHON: '' },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/! no uv\.lock: uv is not on PATH and could not be fetched/);
    const steps = nextStepsOf(r.stdout);
    const commit = steps.indexOf('git add uv.lock && git commit');
    expect(commit, steps).toBeGreaterThan(steps.indexOf('uv sync'));
    expect(commit).toBeLessThan(steps.indexOf('git push'));
  });
});

describe('a Python that cannot be had (item 8)', () => {
  /** uv on PATH, no Python 3.14 anywhere it looks, and downloads off: the same as offline. */
  const env = async () => {
    const bin = join(work, 'uv-only');
    if (!existsSync(bin)) {
      await mkdir(bin, { recursive: true });
      await symlink(join(TOOL_BIN, 'uv'), join(bin, 'uv'));
    }
    return {
      PATH: bin,
      UV_PYTHON_DOWNLOADS: 'never',
      UV_PYTHON_INSTALL_DIR: join(work, 'no-pythons'),
      UV_CACHE_DIR: UV_CACHE,
      XDG_CACHE_HOME: join(work, 'empty-cache'),
    };
  };
  const cause =
    /uv lock: no Python 3\.14 here and uv's Python downloads are off; install Python 3\.14 \(uv python install 3\.14\)/;

  test('the lock fails in one line saying why and what to do; the project is made', async () => {
    const r = await runCli(
      ['py314', '-f', 'flask', '-s', 'gunicorn', '--python', '3.14', '--no-git', '--yes'],
      {
        cwd: work,
        env: await env(),
      },
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout.match(/locking the dependencies/g), r.stdout).toHaveLength(1);
    expect(r.stdout).toMatch(cause);
    expect(r.stdout + r.stderr).not.toMatch(/retries|error:/);
    expect(existsSync(join(work, 'py314', 'pyproject.toml'))).toBe(true);
  });

  test('with --install, the lock is tried once and its cause is the run error', async () => {
    const r = await runCli(
      [
        'py314i',
        '-f',
        'flask',
        '-s',
        'gunicorn',
        '--python',
        '3.14',
        '--no-git',
        '--install',
        '--yes',
      ],
      { cwd: work, env: await env() },
    );
    expect(r.code).toBe(1);
    expect(r.stdout.match(/locking the dependencies/g), r.stdout).toHaveLength(1);
    expect(r.stderr).toMatch(cause);
    expect(r.stdout).not.toMatch(cause);
  });
});

describe('--no-git (item 13)', () => {
  test('the next steps run no git', async () => {
    const r = await runCli(
      ['nogit', '-f', 'flask', '-s', 'gunicorn', '--ci', '--no-git', '--yes'],
      {
        cwd: work,
        env: {
          PATH: `${TOOL_BIN}${delimiter}${process.env.PATH}`,
          UV_CACHE_DIR: UV_CACHE,
          XDG_CACHE_HOME: join(work, 'empty-cache'),
        },
      },
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(existsSync(join(work, 'nogit', '.github', 'workflows', 'ci.yml'))).toBe(true);
    expect(nextStepsOf(r.stdout)).toContain('Next steps:');
    expect(nextStepsOf(r.stdout).split('Repeat this run')[0]).not.toMatch(/\bgit\b/);
  });
});
