import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { findProject, notPackaged, uvWorkspaceOf } from '../../generators/add/project.js';
import { detectProject, readProjectFiles } from '../../generators/detect/index.js';

/** Issue 17 item 6: the image and CI install the way the project installs. */
const root = await mkdtemp(join(tmpdir(), 'pyweb-install-'));
afterAll(() => rm(root, { recursive: true, force: true }));
let n = 0;
async function folder(files: Record<string, string>): Promise<string> {
  const dir = join(root, String(n++));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  return dir;
}

const FLASK = 'from flask import Flask\n\napp = Flask(__name__)\n';
const POETRY = (extra = '') =>
  `[tool.poetry]\nname = "my-svc"\nversion = "0.1.0"\n${extra}\n[tool.poetry.dependencies]\npython = "^3.11"\nflask = "^3.1"\n`;
const HATCH = `[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "my-svc"\nversion = "0.1.0"\ndependencies = ["flask"]\n`;

describe('how the project installs', () => {
  test('pdm.lock: PDM', async () => {
    const dir = await folder({ 'pyproject.toml': HATCH, 'pdm.lock': '', 'app.py': FLASK });
    const d = detectProject(await readProjectFiles(dir));
    expect(d.manager).toBe('pdm');
    expect(d.evidence).toContainEqual({ what: 'manager pdm', where: 'pdm.lock' });
  });

  test('a requirements/ folder: its files are read, the server pinned there is found', async () => {
    const dir = await folder({
      'app.py': FLASK,
      'requirements/base.txt': 'flask~=3.1\n',
      'requirements/prod.txt': '-r base.txt\ngunicorn~=23.0\n',
    });
    const d = detectProject(await readProjectFiles(dir));
    expect(d.manager).toBe('requirements');
    expect(d.server).toBe('gunicorn');
    expect(d.evidence).toContainEqual({
      what: 'manager requirements',
      where: 'requirements/base.txt',
    });
  });

  test('Poetry with package-mode = false, or with no package of its name: dependencies only', async () => {
    const off = await folder({
      'pyproject.toml': POETRY('package-mode = false'),
      'my_svc/__init__.py': '',
    });
    expect(notPackaged(off, POETRY('package-mode = false'), 'poetry')).toBe(
      'Poetry: package-mode = false',
    );
    const flat = await folder({ 'pyproject.toml': POETRY(), 'app.py': FLASK });
    expect(notPackaged(flat, POETRY(), 'poetry')).toMatch(/no package or module named my_svc/);
    for (const files of <Record<string, string>[]>[
      { 'src/my_svc/__init__.py': '' },
      { 'my_svc.py': FLASK },
      { 'my_svc/app.py': '' },
    ]) {
      const dir = await folder({ 'pyproject.toml': POETRY(), ...files });
      expect(notPackaged(dir, POETRY(), 'poetry'), Object.keys(files)[0]).toBeUndefined();
    }
    const listed = POETRY('packages = [{ include = "app.py" }]');
    expect(notPackaged(await folder({ 'app.py': FLASK }), listed, 'poetry')).toBeUndefined();
  });

  test('hatchling with no package or module of its name: dependencies only', async () => {
    const single = await folder({ 'service.py': FLASK });
    expect(notPackaged(single, HATCH, 'pip')).toMatch(
      /hatchling finds no package or module named my_svc/,
    );
    const told = `${HATCH}\n[tool.hatch.build.targets.wheel]\nonly-include = ["service.py"]\n`;
    expect(notPackaged(single, told, 'pip')).toBeUndefined();
    for (const files of <Record<string, string>[]>[
      { 'my_svc.py': FLASK },
      { 'src/my_svc/__init__.py': '' },
    ]) {
      const dir = await folder(files);
      expect(notPackaged(dir, HATCH, 'pip')).toBeUndefined();
    }
    // setuptools finds a single module by itself; uv decides for itself.
    expect(
      notPackaged(single, HATCH.replace('hatchling.build', 'setuptools.build_meta'), 'pip'),
    ).toBeUndefined();
    expect(notPackaged(single, HATCH, 'uv')).toBeUndefined();
  });

  test('a member of a uv workspace: uv, from the root lock, with --package', async () => {
    const member = '[project]\nname = "shop-api"\nversion = "0.1"\ndependencies = ["flask"]\n';
    const root = await folder({
      'pyproject.toml':
        '[project]\nname = "shop"\nversion = "0.1"\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\nexclude = ["packages/old"]\n',
      'uv.lock': '',
      'packages/api/pyproject.toml': member,
      'packages/api/app.py': FLASK,
      'packages/old/pyproject.toml': member,
      'tools/x/pyproject.toml': member,
    });
    const api = join(root, 'packages', 'api');
    expect(await uvWorkspaceOf(api, member)).toEqual({
      root: '../..',
      member: 'packages/api',
      package: 'shop-api',
    });
    expect(await uvWorkspaceOf(join(root, 'packages', 'old'), member)).toBeUndefined();
    expect(await uvWorkspaceOf(join(root, 'tools', 'x'), member)).toBeUndefined();
    const found = await findProject(api, {});
    expect(found.shape.manager).toBe('uv');
    expect(found.facts.lines).toContainEqual({
      what: 'manager uv',
      value: '',
      where: '../../uv.lock: workspace member packages/api',
    });
  });
});
