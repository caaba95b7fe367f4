import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PYTHON_VERSIONS } from '../catalog/index.js';
import { track } from '../cli/signals.js';
import { capture, findUv, onPath, type Uv } from './uv.js';

export interface InstallStep {
  label: string;
  cmd: string;
  args: string[];
  /** The same step as a person types it in the project folder. */
  line: string;
}

/**
 * Writes uv.lock, whether or not the project is installed: the image and CI install exactly
 * uv.lock, and it belongs in the first commit. uv comes from PATH or, failing that, from PyPI
 * (see uv.ts). Returns undefined once the lock is written, else one line saying why not and
 * what to do.
 */
export async function lockProject(
  dir: string,
  pythonVersion: string,
  log: (line: string) => void,
  spinner: boolean,
): Promise<{ failure?: string; uv?: Uv }> {
  const found = await findUv((line) => log(`… ${line}`));
  if ('missing' in found)
    return {
      failure: `no uv.lock: uv is not on PATH and could not be fetched (${found.missing})`,
    };
  const { uv } = found;
  const given = process.env.PYWEB_PYTHON;
  const python = given ? ['--python', given] : [];
  const step: InstallStep = {
    label: `locking the dependencies in uv.lock (${uv.from ?? 'uv'})`,
    cmd: uv.cmd,
    args: ['lock', '--quiet', ...python],
    line: 'uv lock',
  };
  try {
    await runInstall(dir, [step], log, spinner);
    return { uv };
  } catch (e) {
    return { uv, failure: await lockFailure(uv, dir, pythonVersion, (e as Error).message) };
  }
}

/**
 * Why `uv lock` failed, in one line. Most often no interpreter fits: uv needs one that
 * requires-python admits (it refuses an older one, though the lock is universal), picks the one
 * .python-version names, and downloads it when missing, which fails offline; its own lines then
 * bury the cause under retries.
 */
async function lockFailure(
  uv: Uv,
  dir: string,
  pythonVersion: string,
  output: string,
): Promise<string> {
  const given = process.env.PYWEB_PYTHON;
  const probe = await capture(
    uv.cmd,
    ['python', 'find', '--no-python-downloads', ...(given ? [given] : [])],
    { cwd: dir },
  );
  if (probe.code !== 0) {
    const off = /downloads are set to .never|UV_PYTHON_DOWNLOADS/i.test(output);
    const why = off ? "uv's Python downloads are off" : 'none could be downloaded';
    const have = await installedPython(uv);
    const instead =
      have && have !== pythonVersion ? `, or make the project with --python ${have}` : '';
    return `uv lock: no Python ${pythonVersion} here and ${why}; install Python ${pythonVersion} (uv python install ${pythonVersion})${instead}, then run uv lock in the project`;
  }
  const first = output
    .split('\n')
    .find((l) => /^\s*error:/.test(l))
    ?.trim()
    .replace(/^error:\s*/, '');
  return `uv lock failed${first ? `: ${first}` : ''}; once fixed, run uv lock in the project`;
}

/** The newest Python the catalog offers that uv finds here without downloading, if any. */
async function installedPython(uv: Uv): Promise<string | undefined> {
  const r = await capture(uv.cmd, [
    'python',
    'list',
    '--only-installed',
    '--no-python-downloads',
    '--output-format',
    'json',
  ]);
  try {
    const found = new Set(
      (JSON.parse(r.output) as { version_parts: { major: number; minor: number } }[]).map(
        (p) => `${p.version_parts.major}.${p.version_parts.minor}`,
      ),
    );
    return [...PYTHON_VERSIONS].reverse().find((v) => found.has(v));
  } catch {
    return undefined;
  }
}

/**
 * How to make .venv and install the project with its dev group. With uv: `uv lock` pins every
 * dependency in uv.lock, which the Dockerfile installs with --locked, and `uv sync --locked`
 * installs exactly that (uv picks the Python .python-version names, or fetches it). Without uv:
 * pip from pyproject.toml, with no lock (the README says how to make one); `--group` needs
 * pip 25.1, which a venv made by Python 3.13 or older may not have.
 */
export async function installPlan(dir: string, pythonVersion: string): Promise<InstallStep[]> {
  const given = process.env.PYWEB_PYTHON;
  if (await onPath('uv')) {
    const python = given ? ['--python', given] : [];
    const lock: InstallStep[] = existsSync(join(dir, 'uv.lock'))
      ? []
      : [
          {
            label: 'locking the dependencies in uv.lock (uv)',
            cmd: 'uv',
            args: ['lock', '--quiet', ...python],
            line: 'uv lock',
          },
        ];
    return [
      ...lock,
      {
        label: 'installing the project and its dev group in .venv (uv)',
        cmd: 'uv',
        args: ['sync', '--quiet', '--locked', ...python],
        line: 'uv sync --locked',
      },
    ];
  }
  const wanted = `python${pythonVersion}`;
  const python = given ?? ((await onPath(wanted)) ? wanted : 'python3');
  const venvPython = join(dir, '.venv', 'bin', 'python');
  const pip = [venvPython, '-m', 'pip', 'install', '--disable-pip-version-check', '--quiet'];
  return [
    {
      label: 'creating .venv',
      cmd: python,
      args: ['-m', 'venv', '.venv'],
      line: `${python} -m venv .venv`,
    },
    // A no-op when the venv's pip is new enough; else the newest pip.
    {
      label: 'pip 25.1 or newer in .venv (for --group)',
      cmd: pip[0],
      args: [...pip.slice(1), 'pip>=25.1'],
      line: '.venv/bin/python -m pip install "pip>=25.1"',
    },
    {
      label: 'installing the project and its dev group (pip)',
      cmd: pip[0],
      args: [...pip.slice(1), '-e', '.', '--group', 'dev'],
      line: '.venv/bin/python -m pip install -e . --group dev',
    },
  ];
}

/** Runs the steps with a progress line each; on failure, throws with the step's last output. */
export async function runInstall(
  dir: string,
  steps: InstallStep[],
  log: (line: string) => void,
  spinner: boolean,
): Promise<void> {
  for (const step of steps) {
    const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    let i = 0;
    const timer = spinner
      ? setInterval(
          () => process.stderr.write(`\r${frames[i++ % frames.length]} ${step.label}…`),
          100,
        )
      : undefined;
    if (!spinner) log(`… ${step.label}`);
    const { code, output } = await new Promise<{ code: number | null; output: string }>((res) => {
      const child = spawn(step.cmd, step.args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      track(child);
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('error', (e) => res({ code: -1, output: String(e) }));
      child.on('close', (c) => res({ code: c, output: out }));
    });
    if (timer) {
      clearInterval(timer);
      process.stderr.write('\r\x1b[K');
    }
    if (code !== 0) {
      const tail = output.trim().split('\n').slice(-8).join('\n');
      throw new Error(`${step.label} failed (${step.cmd} ${step.args.join(' ')}):\n${tail}`);
    }
    log(`✔ ${step.label}`);
  }
}
