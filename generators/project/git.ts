import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dirname } from 'node:path';
import { existsSync } from 'node:fs';

const exec = promisify(execFile);

/** Why git init is skipped, or undefined when it should run. */
export async function gitSkipReason(dir: string): Promise<string | undefined> {
  try {
    await exec('git', ['--version']);
  } catch {
    return 'git is not installed';
  }
  let probe = dir;
  while (!existsSync(probe)) probe = dirname(probe);
  try {
    const { stdout } = await exec('git', ['rev-parse', '--show-toplevel'], { cwd: probe });
    return `${dir} is inside the git repository ${stdout.trim()}`;
  } catch {
    return undefined;
  }
}

/** git init and a first commit. Returns what happened, for the report. */
export async function gitInit(dir: string): Promise<string> {
  await exec('git', ['init', '-q'], { cwd: dir });
  await exec('git', ['add', '-A'], { cwd: dir });
  try {
    await exec('git', ['commit', '-q', '-m', 'Initial commit from create-pyweb'], { cwd: dir });
    return 'initialised a git repository with a first commit';
  } catch {
    return 'initialised a git repository; files are staged but not committed (set git user.name and user.email)';
  }
}
