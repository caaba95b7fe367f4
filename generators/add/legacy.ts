import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GLUE, LEGACY_GLUE } from '../serve/spec.js';
import type { Stack } from '../project/stack.js';
import type { FileSet } from './files.js';
import type { Change } from './plan.js';

/**
 * create-pyweb 0.1 named its glue module serve.py whatever its role; it is now named by role
 * (GLUE: proxied.py, launch.py). For a project with the old file, what create-pyweb wrote before
 * is rendered under the old name, so the plan moves the project over: the new module is created,
 * the files that named the old one (Dockerfile, uwsgi.ini, Procfile) are updated where nobody
 * changed them, and serve.py is removed. Returns the files as written then, the old path, and
 * whether the Procfile runs the old module (its web line is then rewritten too).
 */
export function legacyGlue(
  dir: string,
  stack: Stack,
  before: FileSet,
): { files: FileSet; legacy?: string; procfile?: boolean } {
  const { pkg, dir: glueDir } = stack.shape.glue;
  const legacy = `${glueDir}/${LEGACY_GLUE}.py`;
  if (!existsSync(join(dir, legacy))) return { files: before };
  const role = Object.values(GLUE).find(
    (m) => before.has(`${glueDir}/${m}.py`) && !existsSync(join(dir, glueDir, `${m}.py`)),
  );
  if (!role) return { files: before };
  const oldName = (text: string) =>
    text
      .replace(new RegExp(`\\b${pkg}\\.${role}\\b`, 'g'), `${pkg}.${LEGACY_GLUE}`)
      .replace(new RegExp(`\\b${role}\\.py\\b`, 'g'), `${LEGACY_GLUE}.py`)
      .replace(new RegExp(`\\btest_${role}\\b`, 'g'), `test_${LEGACY_GLUE}`);
  const files: FileSet = new Map();
  for (const [path, text] of before)
    files.set(oldName(path.replace(`${glueDir}/${role}.py`, legacy)), oldName(text));
  const procfile = join(dir, 'Procfile');
  const runsOld = new RegExp(`\\b${pkg}\\.${LEGACY_GLUE}\\b`);
  return {
    files,
    legacy,
    procfile: existsSync(procfile) && runsOld.test(readFileSync(procfile, 'utf8')),
  };
}

/**
 * The old module goes only when nothing left on disk still runs it: a file the user changed
 * (skipped) may name it.
 */
export function keepLegacyWhileNamed(changes: Change[], legacy: string | undefined): void {
  if (!legacy || !changes.some((c) => c.kind === 'skip')) return;
  const old = changes.find((c) => c.path === legacy && c.kind === 'remove');
  if (!old) return;
  old.kind = 'keep';
  old.note = `the name create-pyweb 0.1 used; files you changed (skipped) may still run it: remove it once they name the new module`;
  delete old.before;
}
