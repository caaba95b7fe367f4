import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dirname } from 'node:path';
import { existsSync } from 'node:fs';
import { track } from '../cli/signals.js';

const execP = promisify(execFile);

/** git, stopped with the run (a signal must not leave it writing .git after the run is gone). */
function exec(cmd: string, args: string[], opts: { cwd: string } | Record<string, never> = {}) {
  const p = execP(cmd, args, opts);
  track(p.child);
  return p;
}

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

/** Whether `dir` is in a git repository (one the run made, or one it was created inside). */
export async function inRepository(dir: string): Promise<boolean> {
  try {
    await exec('git', ['rev-parse', '--git-dir'], { cwd: dir });
    return true;
  } catch {
    return false;
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

/** How git sees the entries of `dir` (top level, `.git` aside): which hold work git cannot give back. */
export interface GitView {
  /** The repository `dir` is in, if any. */
  repo?: string;
  /** Entries with changes not committed: tracked files modified, or files git does not track. */
  uncommitted: Set<string>;
  /** Entries git ignores (.env, data files): never committed, gone for good once removed. */
  ignored: Set<string>;
  /** Entries git does not know at all. */
  untracked: Set<string>;
}

export async function gitView(dir: string): Promise<GitView> {
  const view: GitView = { uncommitted: new Set(), ignored: new Set(), untracked: new Set() };
  try {
    const { stdout: top } = await exec('git', ['rev-parse', '--show-toplevel'], { cwd: dir });
    view.repo = top.trim();
    const { stdout: prefix } = await exec('git', ['rev-parse', '--show-prefix'], { cwd: dir });
    const { stdout } = await exec(
      'git',
      [
        'status',
        '--porcelain=v1',
        '-z',
        '--ignored=matching',
        '--untracked-files=normal',
        '--',
        '.',
      ],
      { cwd: dir },
    );
    const records = stdout.split('\0');
    for (let i = 0; i < records.length; i++) {
      const rec = records[i];
      if (rec.length < 4) continue;
      const code = rec.slice(0, 2);
      const path = rec.slice(3);
      // A rename's record is followed by its old path.
      if (code[0] === 'R' || code[0] === 'C') i++;
      if (!path.startsWith(prefix.trim())) continue;
      const entry = path.slice(prefix.trim().length).split('/')[0];
      if (!entry || entry === '.git') continue;
      if (code === '!!') view.ignored.add(entry);
      else if (code === '??') {
        view.untracked.add(entry);
        view.uncommitted.add(entry);
      } else view.uncommitted.add(entry);
    }
  } catch {
    // Not a repository, or no git: nothing to say.
  }
  return view;
}
