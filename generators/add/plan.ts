import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HASH_FILE, formatHashes, hashOf, recordable, type Hashes } from '../project/hashes.js';
import type { FileSet } from './files.js';

export type ChangeKind = 'create' | 'update' | 'same' | 'skip' | 'remove' | 'keep' | 'deleted';

/** What `add` does to one file. */
export interface Change {
  path: string;
  kind: ChangeKind;
  /** The text on disk now, and what it becomes (create and update). */
  before?: string;
  after?: string;
  /** Why a file is skipped, kept or edited rather than replaced. */
  note?: string;
  /**
   * A skipped file that the rest is made to fit (the user's Dockerfile, read; their server
   * config, used as is): the project is up to date with it, unlike with a file merely skipped.
   */
  used?: boolean;
  /**
   * What the record says of the file afterwards: the hash of a file now as create-pyweb writes it,
   * or null for one that is no longer create-pyweb's. Absent: the record's line stays as it is
   * (a file the user changed stays theirs, even where `add` edits it in place).
   */
  hash?: string | null;
}

/**
 * Rewrites a file the user changed, keeping their changes: the edit an add-on makes to it
 * (a TOML table, a dependency line, a marked README block). Returns the new text, or undefined
 * when the file has no place for the edit.
 */
export type Editor = (path: string, disk: string) => string | undefined;

/**
 * Three ways to a plan: the files as create-pyweb wrote them for the project as it was (`before`,
 * empty for a project it did not make), as it would write them now (`after`), and the disk. A file
 * the change does not touch is left alone. One it touches is written when it is missing, replaced
 * when it is still as create-pyweb wrote it, edited in place where an editor knows how, and
 * otherwise skipped unless `force` (true, or true for that path). A file the change no longer needs is removed only when nobody
 * changed it.
 *
 * "As create-pyweb wrote it" is judged by the `recorded` hash where the record has one, so that a
 * file an older version wrote, and nobody changed since, is still create-pyweb's to update. A
 * recorded file that is missing was deleted by the user and stays deleted. Where there is no
 * recorded hash (a project made before the record had them), the file is compared with `before`:
 * today's templates rendered for the project as it was.
 */
export async function planChanges(
  dir: string,
  before: FileSet,
  after: FileSet,
  edit: Editor,
  force: boolean | ((path: string) => boolean),
  recorded?: Hashes,
): Promise<Change[]> {
  const forced = (path: string) => (typeof force === 'boolean' ? force : force(path));
  const changes: Change[] = [];
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const path of paths) {
    const old = before.get(path);
    const neu = after.get(path);
    if (old === neu) continue;
    const abs = join(dir, path);
    const bytes = existsSync(abs) ? await readFile(abs) : undefined;
    const disk = bytes?.toString('utf8');
    const known = recorded?.get(path);
    const untouched =
      bytes !== undefined && (known !== undefined ? hashOf(bytes) === known : disk === old);
    if (neu === undefined) {
      if (disk === undefined) continue;
      changes.push(
        untouched
          ? { path, kind: 'remove', before: disk, hash: null }
          : {
              path,
              kind: 'keep',
              note: 'no longer used; you changed it, so it stays: remove it when you are done with it',
              hash: null,
            },
      );
      continue;
    }
    const hash = recordable(path) ? hashOf(neu) : undefined;
    if (disk === undefined) {
      if (known === undefined) changes.push({ path, kind: 'create', after: neu, hash });
      else if (forced(path))
        changes.push({ path, kind: 'create', after: neu, note: 'written again (--force)', hash });
      else
        changes.push({
          path,
          kind: 'deleted',
          note: 'you deleted it, so it stays deleted; --force writes it again',
        });
    } else if (disk === neu) changes.push({ path, kind: 'same', hash });
    else if (untouched || forced(path))
      changes.push({
        path,
        kind: 'update',
        before: disk,
        after: neu,
        note: untouched ? undefined : 'replaced (--force)',
        hash,
      });
    else {
      const edited = edit(path, disk);
      if (edited === undefined)
        changes.push({ path, kind: 'skip', note: 'exists and differs; --force replaces it' });
      else if (edited === disk) changes.push({ path, kind: 'same' });
      else
        changes.push({
          path,
          kind: 'update',
          before: disk,
          after: edited,
          note: 'edited in place',
        });
    }
  }
  return changes;
}

/**
 * The hash file as this run leaves it, as one more change: the recorded hashes with each change's
 * line set or dropped. Nothing when that is what the disk has already, or when there is nothing
 * to record and no file yet.
 */
export async function planRecord(
  dir: string,
  recorded: Hashes | undefined,
  changes: Change[],
): Promise<Change | undefined> {
  const hashes: Hashes = new Map(recorded ?? []);
  for (const c of changes) {
    if (c.hash === null) hashes.delete(c.path);
    else if (c.hash !== undefined) hashes.set(c.path, c.hash);
  }
  const abs = join(dir, HASH_FILE);
  const disk = existsSync(abs) ? await readFile(abs, 'utf8') : undefined;
  if (disk === undefined && !hashes.size) return undefined;
  const text = formatHashes(hashes);
  if (disk === text) return undefined;
  return disk === undefined
    ? { path: HASH_FILE, kind: 'create', after: text, note: 'what create-pyweb wrote, by hash' }
    : { path: HASH_FILE, kind: 'update', before: disk, after: text };
}

/** The user's own files an add-on edits without having written them (a found project's pyproject). */
export async function planEdits(
  dir: string,
  paths: string[],
  edit: Editor,
  already: Change[],
): Promise<Change[]> {
  const out: Change[] = [];
  for (const path of new Set(paths)) {
    if (already.some((c) => c.path === path)) continue;
    const abs = join(dir, path);
    if (!existsSync(abs)) continue;
    const disk = await readFile(abs, 'utf8');
    const edited = edit(path, disk);
    if (edited !== undefined && edited !== disk)
      out.push({ path, kind: 'update', before: disk, after: edited, note: 'edited in place' });
  }
  return out;
}
