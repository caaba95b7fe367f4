import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { requirement } from '../catalog/versions.js';
import { track } from '../cli/signals.js';

/**
 * Where uv comes from for the lock. The first commit must hold uv.lock: the CI workflow and the
 * Dockerfile install with `uv sync --locked`, which fails without it, so the first push of a
 * project made without uv on PATH would fail. Any Python with pip can fetch uv from PyPI (a
 * wheel with the binary inside), so uv is taken, in turn, from PATH, from the per-user cache a
 * previous run filled, from `python3 -m uv`, or fetched into that cache: the version the
 * Dockerfile pins, so that the lock is made by the uv that later reads it.
 */
export interface Uv {
  cmd: string;
  /** Where it came from, when not from PATH: said once, so a surprise uv is never silent. */
  from?: string;
  /** How a person runs this uv, when not from PATH: `~/.cache/…/bin/uv` or `python3 -m uv`. */
  run?: string;
}

/**
 * A path as a person types it: `~` for the home folder (sh and PowerShell both expand it), quoted
 * for sh (so without `~`) when it holds anything a shell would split or expand.
 */
export function tilde(path: string, home = homedir()): string {
  const short = home && path.startsWith(home + sep) ? `~${path.slice(home.length)}` : path;
  if (/^[\w@%+=:,./~\\-]+$/.test(short)) return short;
  return `'${path.replaceAll("'", "'\\''")}'`;
}

/** Runs a command to its end; never throws. */
export function capture(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((res) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      res({ code: -1, output: String(e) });
      return;
    }
    track(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    child.on('error', (e) => res({ code: -1, output: String(e) }));
    child.on('close', (c) => res({ code: c, output: out }));
  });
}

const runs = async (cmd: string, args: string[]) => (await capture(cmd, args)).code === 0;

const onPathAnswers = new Map<string, Promise<boolean>>();

/**
 * Whether `cmd --version` runs; asked once per command and run, since locking and installing
 * both ask for uv (and installing for the wanted python).
 */
export function onPath(cmd: string): Promise<boolean> {
  let answer = onPathAnswers.get(cmd);
  if (!answer) {
    answer = runs(cmd, ['--version']);
    onPathAnswers.set(cmd, answer);
  }
  return answer;
}

/** The pinned uv's version (0.13.9 of `uv==0.13.9`). */
export function uvVersion(): string {
  return requirement('uv').split('==')[1];
}

/** The per-user cache folder that keeps the fetched uv for the next runs. */
export function uvCacheDir(): string {
  const base =
    process.platform === 'win32'
      ? (process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'))
      : process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'create-pyweb', `uv-${uvVersion()}`);
}

/** The binary inside a `pip install --target` folder (pip puts the wheel's scripts in bin/, Scripts/ on Windows). */
function binIn(dir: string): string {
  return process.platform === 'win32' ? join(dir, 'Scripts', 'uv.exe') : join(dir, 'bin', 'uv');
}

/** Pythons that may have pip: the one the run was told to use, then the usual names. */
function pythons(): string[] {
  const given = process.env.PYWEB_PYTHON;
  return [...(given ? [given] : []), 'python3', 'python'];
}

export type UvSearch = { uv: Uv } | { missing: string };

let search: Promise<UvSearch> | undefined;

/**
 * uv, from wherever it can be had; asked once per run. `fetching` is called before a download
 * (seconds, from PyPI), so the wait is announced.
 */
export function findUv(fetching: (line: string) => void): Promise<UvSearch> {
  search ??= locate(fetching);
  return search;
}

async function locate(fetching: (line: string) => void): Promise<UvSearch> {
  if (await onPath('uv')) return { uv: { cmd: 'uv' } };
  const dir = uvCacheDir();
  const cached = binIn(dir);
  if (existsSync(cached) && (await runs(cached, ['--version'])))
    return { uv: { cmd: cached, from: `uv ${uvVersion()} kept in ${dir}`, run: tilde(cached) } };
  for (const py of pythons()) {
    const found = await capture(py, ['-c', 'import uv; print(uv.find_uv_bin())']);
    const bin = found.output.trim().split('\n').at(-1) ?? '';
    if (found.code === 0 && (await runs(bin, ['--version'])))
      return { uv: { cmd: bin, from: `uv from ${py}'s packages (${bin})`, run: `${py} -m uv` } };
  }
  const why: string[] = [];
  for (const py of pythons()) {
    if (!(await runs(py, ['-m', 'pip', '--version']))) {
      why.push(`${py}: not found, or without pip`);
      continue;
    }
    fetching(
      `uv is not on PATH: fetching ${requirement('uv')} from PyPI with ${py} into ${dir}, kept for the next runs`,
    );
    // Into a fresh folder renamed into place: a stopped or concurrent fetch never leaves a
    // half-installed uv where the next run looks.
    await mkdir(dirname(dir), { recursive: true });
    const tmp = await mkdtemp(`${dir}.part-`);
    const pip = await capture(py, [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-warn-script-location',
      // Offline, pip's default retries take minutes; the run goes on without the lock instead.
      '--retries',
      '1',
      '--timeout',
      '15',
      '--target',
      tmp,
      requirement('uv'),
    ]);
    if (pip.code === 0 && (await runs(binIn(tmp), ['--version']))) {
      try {
        await rename(tmp, dir);
      } catch {
        // Another run put it there first: theirs is as good.
        await rm(tmp, { recursive: true, force: true });
      }
      if (await runs(cached, ['--version']))
        return {
          uv: {
            cmd: cached,
            from: `uv ${uvVersion()} from PyPI, kept in ${dir}`,
            run: tilde(cached),
          },
        };
    }
    await rm(tmp, { recursive: true, force: true });
    const last = pip.output
      .trim()
      .split('\n')
      .filter((l) => /error/i.test(l))
      .at(-1);
    why.push(`${py} -m pip install ${requirement('uv')} failed${last ? `: ${last.trim()}` : ''}`);
    break;
  }
  return { missing: why.join('; ') || 'no python3 to fetch it with' };
}
