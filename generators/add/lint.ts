import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** How the project uses ruff, for CI: a requirement to install and what said so. */
export interface RuffUse {
  /** `ruff==0.4.1` (its pin), `ruff>=0.4` (its range), or `ruff` (a config, no pin). */
  spec: string;
  where: string;
}

async function readText(path: string): Promise<string | undefined> {
  return existsSync(path) && statSync(path).isFile() ? readFile(path, 'utf8') : undefined;
}

/** Requirements files that hold dev tools, besides the runtime ones. */
const TOOL_FILES = [
  'requirements-dev.txt',
  'requirements_dev.txt',
  'dev-requirements.txt',
  'requirements-test.txt',
  'requirements-lint.txt',
  'requirements/dev.txt',
  'requirements/development.txt',
  'requirements/test.txt',
  'requirements/lint.txt',
  'requirements.txt',
];

/**
 * Whether and how the project lints with ruff, from its own files (a project whose dev
 * dependencies bring ruff is settled before this): the version its pre-commit hook runs, a ruff
 * requirement of a requirements file or of pyproject.toml, else a ruff config with no version.
 * A project that shows none does not use ruff: CI would fail on findings nobody asked about.
 */
export async function ruffUse(dir: string, root: string): Promise<RuffUse | undefined> {
  for (const base of [...new Set([dir, root])]) {
    const hooks = await readText(join(base, '.pre-commit-config.yaml'));
    const rev = hooks?.match(/astral-sh\/ruff-pre-commit\s*\n\s*rev:\s*["']?v?([\w.]+)/)?.[1];
    if (rev)
      return { spec: `ruff==${rev}`, where: `.pre-commit-config.yaml: ruff-pre-commit ${rev}` };
  }
  const line =
    /^\s*ruff\s*((?:[<>=!~]=?|===)\s*[\w.*]+(?:\s*,\s*(?:[<>=!~]=?)\s*[\w.*]+)*)?\s*(?:#.*)?$/m;
  for (const file of TOOL_FILES) {
    const m = (await readText(join(dir, file)))?.match(line);
    if (m) return { spec: `ruff${(m[1] ?? '').replace(/\s+/g, '')}`, where: file };
  }
  const pyproject = (await readText(join(dir, 'pyproject.toml'))) ?? '';
  const req =
    /["']ruff\s*((?:[<>=!~]=?)\s*[\w.*]+(?:\s*,\s*(?:[<>=!~]=?)\s*[\w.*]+)*)?\s*["']/.exec(
      pyproject,
    );
  if (req) return { spec: `ruff${(req[1] ?? '').replace(/\s+/g, '')}`, where: 'pyproject.toml' };
  if (/^\[tool\.ruff[\].]/m.test(pyproject))
    return { spec: 'ruff', where: 'pyproject.toml [tool.ruff]' };
  for (const f of ['ruff.toml', '.ruff.toml'])
    if (existsSync(join(dir, f))) return { spec: 'ruff', where: f };
  return undefined;
}
