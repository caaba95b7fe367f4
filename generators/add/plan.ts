import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileSet } from './files.js';

export type ChangeKind = 'create' | 'update' | 'same' | 'skip' | 'remove' | 'keep';

/** What `add` does to one file. */
export interface Change {
  path: string;
  kind: ChangeKind;
  /** The text on disk now, and what it becomes (create and update). */
  before?: string;
  after?: string;
  /** Why a file is skipped, kept or edited rather than replaced. */
  note?: string;
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
 * otherwise skipped unless `force`. A file the change no longer needs is removed only when nobody
 * changed it.
 */
export async function planChanges(
  dir: string,
  before: FileSet,
  after: FileSet,
  edit: Editor,
  force: boolean,
): Promise<Change[]> {
  const changes: Change[] = [];
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const path of paths) {
    const old = before.get(path);
    const neu = after.get(path);
    if (old === neu) continue;
    const abs = join(dir, path);
    const disk = existsSync(abs) ? await readFile(abs, 'utf8') : undefined;
    if (neu === undefined) {
      if (disk === undefined) continue;
      changes.push(
        disk === old
          ? { path, kind: 'remove', before: disk }
          : {
              path,
              kind: 'keep',
              note: 'no longer used; you changed it, so it stays: remove it when you are done with it',
            },
      );
      continue;
    }
    if (disk === undefined) changes.push({ path, kind: 'create', after: neu });
    else if (disk === neu) changes.push({ path, kind: 'same' });
    else if (disk === old || force)
      changes.push({
        path,
        kind: 'update',
        before: disk,
        after: neu,
        note: disk === old ? undefined : 'replaced (--force)',
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
