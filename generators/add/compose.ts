import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComposeMerge } from '../edit/yaml.js';
import type { FileSet } from './files.js';
import type { Change } from './plan.js';

/** The compose file create-pyweb writes where a project has none. */
export const OUR_COMPOSE = 'compose.yaml';

/**
 * The names `docker compose` looks for, in its order (the Compose specification): the first
 * present is the one it runs, so a compose.yaml written beside a docker-compose.yml would hide it.
 */
export const COMPOSE_FILES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yaml',
  'docker-compose.yml',
];

export interface UserCompose {
  path: string;
  merge: (disk: string) => ComposeMerge | undefined;
  /** Their PostgreSQL service, which the app uses instead of ours (compose-db.ts). */
  database: (disk: string) => string | undefined;
}

/**
 * The compose file Compose would read, where the project has one that create-pyweb did not write
 * and this add writes compose services: they go into that file. Loads the YAML library only then.
 * A compose.yaml with no services but ours is planned like any file of ours (replaced while
 * unchanged, else skipped unless --force); one with services of the user's (a database) is theirs.
 */
export async function userCompose(
  dir: string,
  before: FileSet,
  after: FileSet,
): Promise<UserCompose | undefined> {
  const ours = after.get(OUR_COMPOSE);
  if (ours === undefined) return undefined;
  const path = COMPOSE_FILES.find((f) => existsSync(join(dir, f)));
  if (!path) return undefined;
  const disk = await readFile(join(dir, path), 'utf8');
  if (path === OUR_COMPOSE && disk === before.get(path)) return undefined;
  const { mergeCompose, serviceNames } = await import('../edit/yaml.js');
  if (path === OUR_COMPOSE) {
    const ourNames = serviceNames(ours) ?? [];
    const theirs = (serviceNames(disk) ?? []).filter((n) => !ourNames.includes(n));
    if (!theirs.length) return undefined;
  }
  // Our compose file as an add before wrote it: its services, still untouched, are brought up to date.
  const previous = before.get(OUR_COMPOSE);
  // Where theirs runs PostgreSQL, ours (before and now) use it rather than a second one.
  const { useTheirDatabase } = await import('./compose-db.js');
  return {
    path,
    merge: (text) =>
      mergeCompose(
        text,
        useTheirDatabase(ours, text).text,
        previous === undefined ? undefined : useTheirDatabase(previous, text).text,
      ),
    database: (text) => useTheirDatabase(ours, text).theirs,
  };
}

/**
 * Says in the plan what happened to the user's compose file: which services were added, which of
 * theirs shadow ours, and which of theirs already build the app. A file with nothing to add still
 * gets its line, and one that is not YAML it can edit is kept with a note.
 */
export function noteCompose(changes: Change[], compose: UserCompose, disk: string): void {
  const merged = compose.merge(disk);
  let change = changes.find((c) => c.path === compose.path);
  if (!change) {
    change = { path: compose.path, kind: merged ? 'same' : 'keep' };
    changes.push(change);
  }
  if (!merged) {
    change.note = `not a compose file add can edit (YAML with one mapping): add ${OUR_COMPOSE}'s services to it by hand`;
    return;
  }
  const notes: string[] = [];
  const edits = [
    ...(merged.added.length ? [`${merged.added.join(', ')} added`] : []),
    ...(merged.updated.length ? [`${merged.updated.join(', ')} updated`] : []),
  ];
  if (edits.length) notes.push(`edited in place: ${edits.join(', ')}`);
  const database = compose.database(disk);
  if (database)
    notes.push(`your service ${database} runs PostgreSQL: the app uses it, with its credentials`);
  for (const name of merged.kept.filter((n) => n !== database))
    notes.push(`service ${name} is there already: kept as it is, not replaced by create-pyweb's`);
  for (const u of merged.urlsToKept)
    notes.push(
      `${u.service}'s ${u.variable} names create-pyweb's ${u.host} (user, password, database): make it match yours`,
    );
  for (const name of merged.buildsHere)
    notes.push(
      `your service ${name} also builds this folder: with app, compose runs the app twice; keep one`,
    );
  if (notes.length) change.note = notes.join('; ');
}
