import { basename, resolve } from 'node:path';
import { FRAMEWORKS, VERSIONS } from '../catalog/index.js';
import { UsageError } from '../cli/errors.js';
import { PYTHON_KEYWORDS, STDLIB_MODULES } from './python-names.js';

export interface ProjectNames {
  /** Directory the project is written to (absolute). */
  dir: string;
  /** PEP 503-normalised distribution name: `my-cool-app`. */
  dist: string;
  /** Python import package: `my_cool_app`. */
  pkg: string;
  /** Human title: the name as given. */
  title: string;
}

/** Packages the generated project installs: a project package of the same name would shadow them. */
const DEPENDENCY_NAMES = new Set(
  Object.values(VERSIONS).map((spec) => spec.split(/[\[~=<>!]/)[0].toLowerCase().replace(/-/g, '_')),
);
const RESERVED = new Set(['tests', 'test', 'site', 'build', 'dist', 'node_modules', 'venv']);

/** Distribution and import names from what the user typed, or a reason it cannot be one. */
export function toNames(raw: string): { dist: string; pkg: string } {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new UsageError(`the name ${JSON.stringify(raw)} contains control characters`);
  // Long names push generated lines (manage.py, items.py) past the linter's 100 columns.
  if (raw.trim().length > 32) throw new UsageError(`"${raw.trim().slice(0, 20)}…" is longer than 32 characters; choose a shorter project name`);
  const dist = raw.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (!dist) throw new UsageError(`${JSON.stringify(raw)} has no letters or digits to make a project name from`);
  let pkg = dist.replace(/-/g, '_');
  if (/^[0-9]/.test(pkg)) throw new UsageError(`"${raw}" starts with a digit, which a Python package name cannot`);
  if (PYTHON_KEYWORDS.has(pkg)) throw new UsageError(`"${pkg}" is a Python keyword and cannot be a package name`);
  if (STDLIB_MODULES.has(pkg)) throw new UsageError(`"${pkg}" is a Python standard library module; the project would shadow it`);
  if (DEPENDENCY_NAMES.has(pkg) || FRAMEWORKS.some((f) => f.id === pkg)) {
    throw new UsageError(`"${pkg}" is the name of a package the project depends on; the project would shadow it`);
  }
  if (RESERVED.has(pkg)) throw new UsageError(`"${pkg}" is reserved for the project's own folders; choose another name`);
  return { dist, pkg };
}

/**
 * The target directory and names for a directory argument: `.` is the current directory and
 * takes its name; a path with parents is created, the last part names the project.
 */
export function projectNames(dirArg: string, cwd = process.cwd()): ProjectNames {
  if (/[\u0000-\u001f\u007f]/.test(dirArg)) throw new UsageError(`the directory ${JSON.stringify(dirArg)} contains control characters`);
  const dir = resolve(cwd, dirArg);
  const last = basename(dir);
  const lastPart = dirArg.split(/[\\/]/).filter(Boolean).at(-1) ?? '';
  if (lastPart === '..') throw new UsageError(`"${dirArg}" does not name a project directory`);
  return { dir, title: last, ...toNames(last) };
}
