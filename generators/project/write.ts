import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rename, rm, cp } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { UsageError } from '../cli/errors.js';

/** Files in `dir` other than `.git`; an absent directory has none. */
export async function existingEntries(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).filter((n) => n !== '.git');
}

/** Staging folders still on disk, removed on Ctrl-C by the launcher. */
export const STAGING_DIRS = new Set<string>();

/**
 * A staging folder in the system temp dir: rendering never creates anything beside the target,
 * so a failure or a dry run leaves the user's disk as it was.
 */
export async function makeStaging(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'create-pyweb-'));
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
export async function commitStaging(staging: string, target: string, overwrite: boolean): Promise<void> {
  const existing = await existingEntries(target);
  if (existing.length && !overwrite) {
    throw new UsageError(`${target} is not empty`, 'pass --overwrite to replace its contents (.git is kept)');
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
