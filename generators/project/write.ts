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
import { chmod, cp, mkdir, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { UsageError } from '../cli/errors.js';
import type { FileTree } from './tree.js';

/**
 * The writer: the one module that puts a project's files on disk (test/unit/writer.test.ts holds
 * every other module to that). Rendering and planning hand it a file tree (tree.ts) or a list of
 * changes; it owns the staging folder, the moves that make a new project appear whole, and the
 * write-beside-then-rename that keeps each file `add` touches whole.
 */

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
 * A staging folder in the system temp dir: writing never creates anything beside the target
 * before the project is whole, so a failure leaves the user's disk as it was. Made
 * synchronously so that no signal can arrive between its creation and its registration for
 * clean-up.
 */
function makeStaging(): string {
  const dir = mkdtempSync(join(tmpdir(), 'create-pyweb-'));
  STAGING_DIRS.add(dir);
  return dir;
}

/** Removes what is left of a staging folder (nothing, once moved into place) and forgets it. */
async function dropStaging(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  STAGING_DIRS.delete(dir);
}

/**
 * Writes a tree's files under `dir`, in the tree's order (the hash file, added last, is written
 * last). An executable file gets the execute bits the user's umask allows.
 */
export async function writeTree(tree: FileTree, dir: string): Promise<void> {
  const made = new Set<string>();
  const umask = process.umask();
  for (const [rel, file] of tree) {
    const abs = join(dir, rel);
    const parent = dirname(abs);
    if (!made.has(parent)) {
      await mkdir(parent, { recursive: true });
      made.add(parent);
    }
    await writeFile(abs, file.content);
    if (file.executable) await chmod(abs, ((await stat(abs)).mode | 0o111) & ~umask & 0o7777);
  }
}

/**
 * Puts a new project in place: its tree is written to a staging folder, then moved to `target`
 * whole (commitStaging), so that an error or a signal at any point leaves no half project.
 * `staged` runs once the files are staged, before they move, and `moved` once they have moved,
 * before `placed` hears of it (tests pause at both); `placed` as soon as the project is in place.
 */
export async function writeProject(
  tree: FileTree,
  target: string,
  opts: {
    overwrite: boolean;
    staged?: () => Promise<void>;
    moved?: () => Promise<void>;
    placed?: () => void;
  },
): Promise<void> {
  const staging = makeStaging();
  try {
    await writeTree(tree, staging);
    await opts.staged?.();
    await commitStaging(staging, target, opts.overwrite);
    await opts.moved?.();
    opts.placed?.();
  } finally {
    await dropStaging(staging);
  }
}

/** One file `add` writes or removes, with its new text. */
export interface FileChange {
  path: string;
  kind: string;
  after?: string;
  /** A new file that runs (its template is executable). */
  executable?: boolean;
}

/**
 * Writes `add`'s changes into an existing project, each file beside itself first and then renamed
 * into place: no file is left half-written. `done` hears of each file once it is in place.
 */
export async function applyChanges(
  dir: string,
  writes: FileChange[],
  done: (path: string) => void = () => {},
): Promise<void> {
  for (const c of writes) {
    const abs = join(dir, c.path);
    if (c.kind === 'remove') {
      await rm(abs, { force: true });
      done(c.path);
      continue;
    }
    await mkdir(dirname(abs), { recursive: true });
    // A file edited in place keeps its mode, and a symlink stays one: its target is edited.
    const target = c.kind === 'update' ? await realpath(abs) : abs;
    const tmp = `${target}.create-pyweb-tmp`;
    await writeFile(tmp, c.after!);
    if (c.kind === 'update') await chmod(tmp, (await stat(target)).mode & 0o7777);
    else if (c.executable) await chmod(tmp, (await stat(tmp)).mode | 0o111);
    await rename(tmp, target);
    done(c.path);
  }
}

/**
 * The file-system calls that put a project in place, apart so that a unit test can make any one
 * of them fail (test/unit/write.test.ts): a full disk can stop the copy at any file.
 */
export interface WriteOps {
  rename: typeof rename;
  cp: typeof cp;
  mkdir: typeof mkdir;
}
const FS: WriteOps = { rename, cp, mkdir };

let nearCount = 0;
/** A fresh name in `dir` for a folder of our own, said plainly in case a crash leaves it. */
function nearName(dir: string, what: string): string {
  let p: string;
  do p = join(dir, `.create-pyweb-${what}-${process.pid}-${nearCount++}`);
  while (existsSync(p));
  return p;
}

/**
 * Moves `from` to the absent path `to`. Across file systems (the staging folder is in the
 * system temp dir) that is a copy, which a full disk can stop half-way: the copy goes to a
 * folder of its own beside `to`, removed on failure, and is renamed to `to` only once complete.
 * So `to` either appears whole or not at all.
 */
async function move(from: string, to: string, ops: WriteOps): Promise<void> {
  try {
    await ops.rename(from, to);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
  }
  const copy = nearName(dirname(to), 'copy');
  STAGING_DIRS.add(copy);
  try {
    await ops.cp(from, copy, { recursive: true });
    await ops.rename(copy, to);
  } finally {
    await rm(copy, { recursive: true, force: true });
    STAGING_DIRS.delete(copy);
  }
}

/**
 * Puts a completely rendered staging folder in place. A non-empty target is only replaced with
 * `overwrite`, and keeps its `.git`. A failure at any step leaves the target as it was: absent
 * (with no parent folder made for it), or with exactly its old entries; the user's files are
 * moved aside, not removed, until the new ones are all in place.
 */
export async function commitStaging(
  staging: string,
  target: string,
  overwrite: boolean,
  ops: WriteOps = FS,
): Promise<void> {
  const existing = await existingEntries(target);
  if (existing.length && !overwrite) {
    throw new UsageError(
      `${target} is not empty`,
      'pass --overwrite to replace its contents (.git is kept)',
    );
  }
  if (!existsSync(target)) {
    const madeParent = await ops.mkdir(dirname(target), { recursive: true });
    try {
      await move(staging, target, ops);
    } catch (e) {
      if (madeParent) await rm(madeParent, { recursive: true, force: true });
      throw e;
    }
    // mkdtemp made the staging folder private (0700); the project gets the user's usual mode.
    await chmod(target, 0o777 & ~process.umask());
    return;
  }
  // The new files first come onto the target's file system (the step a full disk can stop),
  // then everything else is a rename, which needs no space.
  const fresh = nearName(target, 'new');
  const aside = nearName(target, 'old');
  const movedAside: string[] = [];
  const placed: string[] = [];
  try {
    await move(staging, fresh, ops);
    STAGING_DIRS.add(fresh);
    if (existing.length) await ops.mkdir(aside);
    for (const name of existing) {
      await ops.rename(join(target, name), join(aside, name));
      movedAside.push(name);
    }
    for (const name of await readdir(fresh)) {
      await ops.rename(join(fresh, name), join(target, name));
      placed.push(name);
    }
  } catch (e) {
    for (const name of placed) await rm(join(target, name), { recursive: true, force: true });
    for (const name of movedAside) await rename(join(aside, name), join(target, name));
    await rm(aside, { recursive: true, force: true });
    throw e;
  } finally {
    await rm(fresh, { recursive: true, force: true });
    STAGING_DIRS.delete(fresh);
  }
  // Only now, with the project in place, are the old files removed.
  try {
    await rm(aside, { recursive: true, force: true });
  } catch (e) {
    throw new UsageError(
      `the project is in place, but some of the old files could not be removed: they are in ${aside}`,
      `${(e as Error).message.split('\n')[0]}`,
    );
  }
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
