import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { track } from '../cli/signals.js';

export interface InstallStep {
  label: string;
  cmd: string;
  args: string[];
  /** The same step as a person types it in the project folder. */
  line: string;
}

function onPath(cmd: string): Promise<boolean> {
  return new Promise((res) => {
    const child = spawn(cmd, ['--version'], { stdio: 'ignore' });
    child.on('error', () => res(false));
    child.on('close', (code) => res(code === 0));
  });
}

/** How to make .venv and install the project with its dev extra: uv when found, else pip. */
export async function installPlan(dir: string, python = process.env.PYWEB_PYTHON ?? 'python3'): Promise<InstallStep[]> {
  const venvPython = join(dir, '.venv', 'bin', 'python');
  if (await onPath('uv')) {
    return [
      { label: 'creating .venv (uv)', cmd: 'uv', args: ['venv', '--quiet', '--python', python, '.venv'], line: 'uv venv .venv' },
      { label: 'installing the project and its dev extra (uv)', cmd: 'uv', args: ['pip', 'install', '--python', venvPython, '-e', '.[dev]'],
        line: 'uv pip install --python .venv/bin/python -e ".[dev]"' },
    ];
  }
  return [
    { label: 'creating .venv', cmd: python, args: ['-m', 'venv', '.venv'], line: 'python3 -m venv .venv' },
    { label: 'installing the project and its dev extra (pip)', cmd: venvPython, args: ['-m', 'pip', 'install', '--disable-pip-version-check', '-e', '.[dev]'],
      line: '.venv/bin/python -m pip install -e ".[dev]"' },
  ];
}

/** Runs the steps with a progress line each; on failure, throws with the step's last output. */
export async function runInstall(dir: string, steps: InstallStep[], log: (line: string) => void, spinner: boolean): Promise<void> {
  for (const step of steps) {
    const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    let i = 0;
    const timer = spinner ? setInterval(() => process.stderr.write(`\r${frames[i++ % frames.length]} ${step.label}…`), 100) : undefined;
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
