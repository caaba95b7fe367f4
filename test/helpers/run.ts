import { spawn, type SpawnOptions } from 'node:child_process';
import { join } from 'node:path';
import { CACHE, GENERATOR } from './paths.js';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, never throwing on a non-zero exit. */
export function run(
  cmd: string,
  args: string[],
  opts: SpawnOptions & { input?: string; timeoutMs?: number; keepStdinOpen?: boolean } = {},
): Promise<RunResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = opts.timeoutMs
      ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs)
      : undefined;
    child.on('error', reject);
    // A command may exit before reading its stdin: that is not the test's failure.
    child.stdin!.on('error', () => {});
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr });
    });
    if (!opts.keepStdinOpen) child.stdin!.end(opts.input ?? '');
    else child.on('close', () => child.stdin!.destroy());
  });
}

/** The built CLI (GENERATOR: this checkout's unless PYWEB_GENERATOR says), as a user runs it: no TTY, CI unset unless given. */
export function runCli(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<RunResult> {
  // A uv fetched for the lock (no uv on PATH) is kept under .cache, not in the user's home.
  const env = {
    ...process.env,
    CI: '',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    XDG_CACHE_HOME: join(CACHE, 'xdg'),
    ...opts.env,
  };
  return run(process.execPath, [GENERATOR, ...args], {
    cwd: opts.cwd,
    env,
    input: opts.input,
    timeoutMs: 60_000,
  });
}

export function must(r: RunResult, what: string): RunResult {
  if (r.code !== 0)
    throw new Error(
      `${what} failed (exit ${r.code ?? r.signal}):\n${(r.stdout + r.stderr).slice(-3000)}`,
    );
  return r;
}
