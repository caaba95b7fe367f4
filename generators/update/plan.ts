import { hashOf, type Hashes } from '../project/hashes.js';
import { type MergeLabels, mergeText } from './merge.js';
import type { Rename } from './migrations.js';
import { mergePyproject, type PinChange } from './pins.js';

/**
 * What `update` does to each file, decided from three versions of it: the base (what the
 * recorded version wrote), the user's (the disk) and ours (what this version writes). Pure: the
 * command reads, this decides, the command writes.
 */
export type Label =
  | 'unchanged'
  | 'updated'
  | 'kept'
  | 'merged'
  | 'conflict'
  | 'deleted by user'
  | 'renamed'
  | 'added'
  | 'removed';

export interface FilePlan {
  path: string;
  label: Label;
  /** The path the file had before a rename (migrations.json). */
  from?: string;
  /** The file on disk now (at `from` for a rename); undefined when there is none. */
  before?: string;
  /** What the file becomes; undefined where it stays absent or is removed. */
  after?: string;
  /** For a conflict: the three versions, for the unmerged index entries. */
  base?: string;
  theirs?: string;
  conflicts?: number;
  /** Why, where the label alone does not say it. */
  note?: string;
  pins?: PinChange[];
}

export interface PlanInput {
  /** The record's hashes; undefined for a project made before there was a hash file. */
  recorded?: Hashes;
  /** The base's files that could be found (package render or git blobs). */
  base: Map<string, string>;
  /** The project's files now, for every path in question; a path missing here is not on disk. */
  disk: Map<string, string>;
  /** What this version writes for the project's recorded answers (recordable files only). */
  next: Map<string, string>;
  renames: Rename[];
  labels: MergeLabels;
  /** Files that are read but never merged or replaced (a link, text that is not UTF-8), with why. */
  opaque?: Map<string, string>;
}

export interface Plan {
  files: FilePlan[];
  /** The record's hashes after the update: ours as written, for every file we now own. */
  hashes: Hashes;
  /** Files the user changed whose base is unknown: no update may guess it. */
  missingBase: string[];
}

/** Files whose base must be fetched: those the user changed (the rest are their own base). */
export function pathsNeedingBase(
  recorded: Hashes | undefined,
  disk: Map<string, string>,
  next: Map<string, string>,
): string[] {
  if (!recorded) return [...new Set([...disk.keys(), ...next.keys()])].sort();
  return [...recorded]
    .filter(([path, hash]) => disk.has(path) && hashOf(disk.get(path)!) !== hash)
    .map(([path]) => path)
    .sort();
}

/** Whether a write of `plan` puts content on disk at its path. */
export function writes(plan: FilePlan): boolean {
  return (
    plan.after !== undefined &&
    (plan.label === 'updated' ||
      plan.label === 'added' ||
      plan.label === 'merged' ||
      plan.label === 'conflict' ||
      plan.label === 'renamed')
  );
}

export function planUpdate(input: PlanInput): Plan {
  const { recorded, base, disk, next, labels } = input;
  const files: FilePlan[] = [];
  const hashes: Hashes = new Map();
  const missingBase: string[] = [];
  const ours = (path: string) => (recorded ? recorded.has(path) : base.has(path));
  /** The base of a path we wrote: the disk while it still hashes to the record, else the base found. */
  const baseOf = (path: string): string | undefined => {
    const hash = recorded?.get(path);
    const now = disk.get(path);
    if (hash === undefined) return recorded ? undefined : base.get(path);
    if (now !== undefined && hashOf(now) === hash) return now;
    const found = base.get(path);
    return found !== undefined && hashOf(found) === hash ? found : undefined;
  };

  // A rename moves the base and the user's copy from the old path to the new one.
  const movedFrom = new Map<string, string>();
  for (const r of input.renames) {
    if (!ours(r.from) || next.has(r.from)) continue;
    const to = r.to.find((p) => next.has(p) && !ours(p) && !disk.has(p));
    if (to) movedFrom.set(to, r.from);
  }
  const moved = new Set(movedFrom.values());

  const paths = new Set([...(recorded?.keys() ?? base.keys()), ...next.keys()]);
  for (const path of [...paths].sort()) {
    if (moved.has(path)) continue;
    const from = movedFrom.get(path);
    const at = from ?? path;
    const theirs = next.get(path);
    const yours = disk.get(at);
    const record = (p: FilePlan) => {
      files.push(from ? { ...p, from } : p);
      if (theirs !== undefined && p.label !== 'removed') hashes.set(path, hashOf(theirs));
    };

    if (!ours(at)) {
      if (theirs === undefined) continue;
      if (yours === undefined) record({ path, label: 'added', after: theirs });
      else if (yours === theirs) record({ path, label: 'unchanged', before: yours });
      else {
        // Both wrote a file there: a conflict with no base, as git's add/add.
        const merged = mergeText(undefined, yours, theirs, labels);
        record({
          path,
          label: merged.conflicts ? 'conflict' : 'merged',
          before: yours,
          after: merged.text,
          theirs,
          conflicts: merged.conflicts,
          note: 'you have a file where this version writes one',
        });
      }
      continue;
    }
    if (yours === undefined) {
      // Deleted by the user: it stays deleted, and stays recorded so that it stays so next time.
      if (theirs !== undefined) record({ path, label: 'deleted by user' });
      continue;
    }
    // Read, never written through: a link (wherever it points), text a merge would mangle.
    const why = input.opaque?.get(at);
    if (why) {
      record({
        path,
        label: 'kept',
        before: yours,
        note: `${why}: not merged${theirs !== undefined && theirs !== baseOf(at) ? `; create-pyweb ${labels.theirs.replace(/^create-pyweb /, '')} changed it, so compare by hand` : ''}`,
      });
      continue;
    }
    const was = baseOf(at);
    if (was === undefined) {
      missingBase.push(at);
      continue;
    }
    if (yours === was) {
      if (theirs === undefined) record({ path, label: 'removed', before: yours });
      else if (from) record({ path, label: 'renamed', before: yours, after: theirs });
      else if (theirs === was) record({ path, label: 'unchanged', before: yours });
      else record({ path, label: 'updated', before: yours, after: theirs });
      continue;
    }
    // The user changed it.
    if (theirs === undefined) {
      files.push({
        path,
        label: 'kept',
        before: yours,
        note: 'this version no longer writes it; it is yours now',
      });
      continue;
    }
    if (theirs === was && !from) {
      record({ path, label: 'kept', before: yours });
      continue;
    }
    if (yours === theirs) {
      record({ path, label: from ? 'renamed' : 'unchanged', before: yours, after: theirs });
      continue;
    }
    const merged =
      path === 'pyproject.toml'
        ? mergePyproject(was, yours, theirs, labels)
        : { ...mergeText(was, yours, theirs, labels), pins: undefined };
    const plan: FilePlan = {
      path,
      label: merged.conflicts ? 'conflict' : from ? 'renamed' : 'merged',
      before: yours,
      after: merged.text,
      base: was,
      theirs,
      conflicts: merged.conflicts,
    };
    if (merged.pins?.length) plan.pins = merged.pins;
    record(plan);
  }
  return { files, hashes, missingBase };
}
