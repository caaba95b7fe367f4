import {
  accessSync,
  constants,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  statSync,
  type Stats,
} from 'node:fs';
import { chmod, mkdir, readdir, rename, rm, cp } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { UsageError } from '../cli/errors.js';

/** Files in `dir` other than `.git`; an absent directory has none. */
export async function existingEntries(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).filter((n) => n !== '.git');
}

/** What is where the project goes: nothing yet, an empty folder, or a folder with files (besides .git). */
export type TargetState =
  | { kind: 'absent' }
  | { kind: 'empty' }
  | { kind: 'busy'; entries: string[] };

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the project can be written at `dir`, and what is there. Everything that would fail
 * later with ENOTDIR, EEXIST or EACCES is refused here, in one line: a file in the way (at the
 * target or above it), a symbolic link to nothing, a folder this user cannot write. `shown` is
 * how the user named the target (the paths in messages are said the same way).
 * Synchronous: prompt validation calls it on every answer.
 */
export function inspectTarget(dir: string, shown = dir, cwd?: string): TargetState {
  const name = (p: string) =>
    p === dir ? shown : cwd && !isAbsolute(shown) ? relative(cwd, p) || '.' : p;
  // The target, or its nearest part that exists.
  let probe = dir;
  let st = lstatOrUndefined(probe);
  while (!st) {
    const up = dirname(probe);
    if (up === probe) break;
    probe = up;
    st = lstatOrUndefined(probe);
  }
  if (!st) throw new UsageError(`cannot write to ${shown}: no part of the path exists`);
  if (st.isSymbolicLink()) {
    let target: Stats | undefined;
    try {
      target = statSync(probe);
    } catch {
      target = undefined;
    }
    if (!target)
      throw new UsageError(
        `${name(probe)} is a symbolic link to ${readlinkSync(probe)}, which does not exist`,
        'remove the link, or name another folder',
      );
    st = target;
  }
  if (!st.isDirectory()) {
    const what = st.isFile() ? 'a file' : 'not a folder';
    if (probe === dir)
      throw new UsageError(
        `${shown} exists and is ${what}`,
        'name a new folder, or an existing one',
      );
    throw new UsageError(
      `${name(probe)} is ${what}, so ${shown} cannot be made inside it`,
      'name a folder that is not under a file',
    );
  }
  if (!writable(probe)) {
    throw new UsageError(
      `cannot write to ${name(probe)}: permission denied`,
      probe === dir ? 'choose a folder you can write to' : `${shown} would be made in it`,
    );
  }
  if (probe !== dir) return { kind: 'absent' };
  let entries: string[];
  try {
    entries = readdirSync(dir).filter((n) => n !== '.git');
  } catch (e) {
    throw new UsageError(
      `cannot read ${shown}: ${(e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (e as Error).message}`,
    );
  }
  return entries.length ? { kind: 'busy', entries: entries.sort() } : { kind: 'empty' };
}

/** Staging folders still on disk, removed by the signal handlers (generators/cli/signals.ts). */
export const STAGING_DIRS = new Set<string>();

/**
 * A staging folder in the system temp dir: rendering never creates anything beside the target,
 * so a failure or a dry run leaves the user's disk as it was. Made synchronously so that no
 * signal can arrive between its creation and its registration for clean-up.
 */
export async function makeStaging(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'create-pyweb-'));
  STAGING_DIRS.add(dir);
  return dir;
}

/** Removes what is left of a staging folder (nothing, once moved into place) and forgets it. */
export async function dropStaging(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  STAGING_DIRS.delete(dir);
}

async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await cp(from, to, { recursive: true });
    await rm(from, { recursive: true, force: true });
  }
}

/**
 * Puts a completely rendered staging folder in place. A non-empty target is only replaced with
 * `overwrite`, and keeps its `.git`. Nothing in the target is touched before this point.
 */
export async function commitStaging(
  staging: string,
  target: string,
  overwrite: boolean,
): Promise<void> {
  const existing = await existingEntries(target);
  if (existing.length && !overwrite) {
    throw new UsageError(
      `${target} is not empty`,
      'pass --overwrite to replace its contents (.git is kept)',
    );
  }
  if (!existsSync(target)) {
    await mkdir(dirname(target), { recursive: true });
    await move(staging, target);
    // mkdtemp made the staging folder private (0700); the project gets the user's usual mode.
    await chmod(target, 0o777 & ~process.umask());
    return;
  }
  for (const name of existing) await rm(join(target, name), { recursive: true, force: true });
  for (const name of await readdir(staging)) await move(join(staging, name), join(target, name));
  await rm(staging, { recursive: true, force: true });
}

/** One entry `--overwrite` would remove: a file, or a folder with how many files it holds. */
export interface Removal {
  name: string;
  dir: boolean;
  files: number;
}

function countFiles(p: string): number {
  let n = 0;
  for (const e of readdirSync(p, { withFileTypes: true }))
    n += e.isDirectory() ? countFiles(join(p, e.name)) : 1;
  return n;
}

/** What `--overwrite` removes from `dir`: every entry but `.git`. */
export function removals(dir: string): Removal[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.name !== '.git')
    .map((e) => {
      const isDir = e.isDirectory();
      let files = 1;
      if (isDir) {
        try {
          files = countFiles(join(dir, e.name));
        } catch {
          files = 0;
        }
      }
      return { name: e.name, dir: isDir, files };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
