import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { track } from '../cli/signals.js';

export interface InstallStep {
  label: string;
  cmd: string;
  args: string[];
  /** The same step as a person types it in the project folder. */
  line: string;
}

const found = new Map<string, Promise<boolean>>();

/** Whether `cmd --version` runs; asked once per command (locking and installing both ask for uv). */
function onPath(cmd: string): Promise<boolean> {
  let answer = found.get(cmd);
  if (!answer) {
    answer = new Promise((res) => {
      const child = spawn(cmd, ['--version'], { stdio: 'ignore' });
      child.on('error', () => res(false));
      child.on('close', (code) => res(code === 0));
    });
    found.set(cmd, answer);
  }
  return answer;
}

/**
 * `uv lock` when uv is on PATH, whether or not the project is installed: the image and CI
 * install exactly uv.lock, and it belongs in the first commit.
 */
export async function lockStep(): Promise<InstallStep | undefined> {
  if (!(await onPath('uv'))) return undefined;
  const given = process.env.PYWEB_PYTHON;
  return {
    label: 'locking the dependencies in uv.lock (uv)',
    cmd: 'uv',
    args: ['lock', '--quiet', ...(given ? ['--python', given] : [])],
    line: 'uv lock',
  };
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
    const lock = existsSync(join(dir, 'uv.lock')) ? [] : [(await lockStep())!];
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
