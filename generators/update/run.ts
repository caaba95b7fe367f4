import { spawn } from 'node:child_process';
import { track } from '../cli/signals.js';

export interface Ran {
  /** null when the program was stopped by a signal, -1 when it could not be started. */
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs a program to its end with optional input; never throws. Output is kept as bytes: blobs
 * from `git cat-file --batch` are read by length. Tracked, so a stopped run stops it too (a
 * git writing the index, an npm unpacking into its cache).
 */
export function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string | Buffer } = {},
): Promise<Ran> {
  return new Promise((done) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      done({ code: -1, stdout: Buffer.alloc(0), stderr: String(e) });
      return;
    }
    track(child);
    const out: Buffer[] = [];
    let err = '';
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d) => (err += d));
    // A program may exit before reading all its input (git failing early): its exit code tells.
    child.stdin!.on('error', () => {});
    child.on('error', (e) => done({ code: -1, stdout: Buffer.concat(out), stderr: String(e) }));
    child.on('close', (code) => done({ code, stdout: Buffer.concat(out), stderr: err }));
    child.stdin!.end(opts.input ?? '');
  });
}

/** git in `cwd`; its stdout as text, or undefined when git failed or is missing. */
export async function git(
  cwd: string,
  args: string[],
  input?: string | Buffer,
): Promise<string | undefined> {
  const r = await run('git', args, { cwd, input });
  return r.code === 0 ? r.stdout.toString('utf8') : undefined;
}
