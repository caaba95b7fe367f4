import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { PYTHON_VERSIONS, VERSIONS } from '../../generators/catalog/index.js';
import { DEPENDENCY_MODULES, STDLIB_PYTHONS } from '../../generators/project/dependency-modules.js';
import { STDLIB_MODULES } from '../../generators/project/python-names.js';
import { TOOL_KEYS } from '../../generators/project/shadow-scan.js';

const exec = promisify(execFile);
const REFRESH =
  'stale: run `npm run build && node dist/generators/project/shadow-scan.js` and commit generators/project/dependency-modules.ts';

describe('the modules a project name must not shadow (dependency-modules.ts)', () => {
  test('were made for the versions table and the Pythons the projects allow', () => {
    const keys = Object.keys(VERSIONS).filter((k) => !TOOL_KEYS.includes(k));
    expect(Object.keys(DEPENDENCY_MODULES).sort(), REFRESH).toEqual(keys.sort());
    for (const k of keys) expect(DEPENDENCY_MODULES[k].spec, `${k}: ${REFRESH}`).toBe(VERSIONS[k]);
    expect(STDLIB_PYTHONS, REFRESH).toEqual([...PYTHON_VERSIONS]);
  });

  test("hold what the issue found shadowed, and 3.14's new standard modules", () => {
    const modules = (k: string) => DEPENDENCY_MODULES[k].modules;
    expect(modules('fastapi')).toEqual(expect.arrayContaining(['pydantic', 'starlette', 'anyio']));
    expect(modules('flask')).toEqual(
      expect.arrayContaining(['werkzeug', 'jinja2', 'click', 'itsdangerous', 'markupsafe']),
    );
    expect(modules('django')).toEqual(expect.arrayContaining(['asgiref', 'sqlparse']));
    expect(modules('uvicorn')).toEqual(
      expect.arrayContaining(['h11', 'websockets', 'uvloop', 'watchfiles']),
    );
    for (const m of ['compression', 'annotationlib', 'tomllib', 'cgi'])
      expect(STDLIB_MODULES.has(m), m).toBe(true);
  });

  test("every public standard module of this machine's Python is listed", async () => {
    const { stdout } = await exec('python3', [
      '-c',
      'import sys; print(sys.version_info[1]); print(" ".join(sorted(sys.stdlib_module_names)))',
    ]);
    const [minor, names] = stdout.trim().split('\n');
    if (!PYTHON_VERSIONS.includes(`3.${minor}` as (typeof PYTHON_VERSIONS)[number])) return;
    const missing = names.split(' ').filter((n) => !n.startsWith('_') && !STDLIB_MODULES.has(n));
    expect(missing).toEqual([]);
  });
});
