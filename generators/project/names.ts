import { basename, resolve } from 'node:path';
import { UsageError } from '../cli/errors.js';
import { type ProjectNames, toNames } from './naming.js';
// Loaded for its effect too: it makes the package's templates the ones reserved names come from.
import './template-files.js';

export {
  DEFAULT_NAME,
  NAME_MAX_LENGTH,
  type ProjectNames,
  refusedPackageNames,
  requirementsProviding,
  toAscii,
  toNames,
} from './naming.js';

/**
 * The target directory and names for a directory argument: `.` is the current directory and
 * takes its name; a path with parents is created, the last part names the project.
 */
export function projectNames(dirArg: string, cwd = process.cwd()): ProjectNames {
  if (!dirArg.trim())
    throw new UsageError('the project name is empty', 'give a name, or . for the current folder');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects.
  if (/[\u0000-\u001f\u007f]/.test(dirArg))
    throw new UsageError(`the directory ${JSON.stringify(dirArg)} contains control characters`);
  const dir = resolve(cwd, dirArg);
  const last = basename(dir);
  const lastPart = dirArg.split(/[\\/]/).filter(Boolean).at(-1) ?? '';
  if (lastPart === '..') throw new UsageError(`"${dirArg}" does not name a project directory`);
  return { dir, title: last, ...toNames(last) };
}
