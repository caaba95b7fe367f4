import { type Dirent, existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { RECORD_FILE, RECORD_TABLE } from '../add/project.js';
import { UsageError } from '../cli/errors.js';
import { readTable } from '../edit/toml.js';

/**
 * More files than this (outside .git) are more than a project's worth. The largest stack writes
 * under 60 files, and a project grown from it by hand stays in the hundreds; a home folder, a
 * source checkout with its dependencies or a virtualenv is in the thousands. An earlier
 * create-pyweb project is not counted at all, so its .venv or node_modules never trip it.
 */
export const PROJECT_WORTH = 500;

function real(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return resolve(p);
  }
}

/** Whether `dir` holds the `[tool.create-pyweb]` record that create-pyweb or `add` writes. */
export function isPywebProject(dir: string): boolean {
  for (const file of ['pyproject.toml', RECORD_FILE]) {
    const p = join(dir, file);
    if (!existsSync(p)) continue;
    try {
      if (readTable(readFileSync(p, 'utf8'), RECORD_TABLE)) return true;
    } catch {
      // Not TOML: not a record.
    }
  }
  return false;
}

/**
 * Whether `dir` holds more than `limit` files outside `.git`. Stops counting at the first one
 * past the limit, so a home folder costs no more than a small project. Symbolic links are
 * counted, not followed; a folder that cannot be read counts as over the limit, since what
 * cannot be seen cannot be judged safe to remove.
 */
export function holdsMoreThan(dir: string, limit: number): boolean {
  let n = 0;
  const todo = [dir];
  while (todo.length) {
    const d = todo.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return true;
    }
    for (const e of entries) {
      if (d === dir && e.name === '.git') continue;
      if (e.isDirectory()) todo.push(join(d, e.name));
      else if (++n > limit) return true;
    }
  }
  return false;
}

/**
 * Refuses to empty a folder that cannot be meant as a project folder, in one line: the root of
 * the file system, the home folder, a folder the current one is inside (its contents would go
 * with it), or one holding more than a project's worth of files unless it is an earlier
 * create-pyweb project. `--yes` asks nothing, so this is the only check between a typo and an
 * emptied disk. Paths are compared resolved, symbolic links and all.
 */
export function checkOverwrite(
  dir: string,
  shown: string,
  where: { cwd: string; home?: string },
): void {
  const target = real(dir);
  const no = (why: string) =>
    new UsageError(`refusing to empty ${shown}: ${why}`, 'name a folder for the project itself');
  if (dirname(target) === target) throw no('it is the root of the file system');
  if (target === real(where.home ?? homedir())) throw no('it is your home folder');
  if (real(where.cwd).startsWith(target + sep)) throw no('the current folder is inside it');
  if (isPywebProject(target)) return;
  if (holdsMoreThan(target, PROJECT_WORTH))
    throw no(
      `it holds more than ${PROJECT_WORTH} files besides .git, more than a project's worth, and is no create-pyweb project`,
    );
}
