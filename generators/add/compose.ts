import { existsSync } from 'node:fs';
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
}

/**
 * The compose file Compose would read, where the project has one that create-pyweb did not write
 * and this add writes compose services: they go into that file. Loads the YAML library only then.
 */
export async function userCompose(
  dir: string,
  before: FileSet,
  after: FileSet,
): Promise<UserCompose | undefined> {
  const ours = after.get(OUR_COMPOSE);
  if (ours === undefined) return undefined;
  const path = COMPOSE_FILES.find((f) => existsSync(join(dir, f)));
  if (!path || before.has(path)) return undefined;
  const { mergeCompose } = await import('../edit/yaml.js');
  return { path, merge: (disk) => mergeCompose(disk, ours) };
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
  if (merged.added.length) notes.push(`edited in place: ${merged.added.join(', ')} added`);
  for (const name of merged.kept)
    notes.push(`service ${name} is there already: kept as it is, not replaced by create-pyweb's`);
  for (const name of merged.buildsHere)
    notes.push(
      `your service ${name} also builds this folder: with app, compose runs the app twice; keep one`,
    );
  if (notes.length) change.note = notes.join('; ');
}
