import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { DEFAULTS, PYTHON_VERSIONS } from '../catalog/index.js';
import { readTable, type TomlValue } from '../edit/index.js';

/** The Python the image and CI use, and what in the project said so. */
export interface PythonChoice {
  version: string;
  /** Where it came from, printed beside it: `Dockerfile: FROM python:3.11-slim`. */
  evidence: string;
}

/** The folder holding `.git` (a folder, or a file in a worktree or submodule) at or above `dir`. */
export function gitRoot(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

async function readText(path: string): Promise<string | undefined> {
  return existsSync(path) && statSync(path).isFile() ? readFile(path, 'utf8') : undefined;
}

const known = (v: string | undefined) =>
  v !== undefined && (PYTHON_VERSIONS as readonly string[]).includes(v) ? v : undefined;

/** `python:3.11-slim`, `python:3.12`: the minor version of the last official Python stage. */
export function dockerfilePython(text: string): { version: string; line: string } | undefined {
  let found: { version: string; line: string } | undefined;
  for (const line of text.split('\n')) {
    const m = /^\s*FROM\s+(?:--\S+\s+)*(?:docker\.io\/)?(?:library\/)?python:(3\.\d+)/i.exec(line);
    if (m) found = { version: m[1], line: line.trim() };
  }
  return found;
}

/** The Python versions a workflow sets up: `python-version:` values and matrix `python:` lists. */
export function workflowPythons(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(?:-\s+)?python(?:-version)?\s*:\s*(.*)$/.exec(lines[i]);
    if (!m) continue;
    let value = m[2].replace(/#.*$/, '');
    // A block list under the key: `- "3.11"` lines indented deeper.
    if (!value.trim())
      for (let j = i + 1; j < lines.length && /^\s*-\s/.test(lines[j]); j++) value += lines[j];
    // ${{ matrix.python-version }} names the matrix, which has its own line.
    for (const v of value.matchAll(/(?<![\d.])3\.(\d+)(?![\d])/g)) out.push(`3.${v[1]}`);
  }
  return [...new Set(out)];
}

/**
 * The newest Python every locked package with compiled wheels has a wheel for (greenlet 3.0 stops
 * at cp312): a newer image would build them from source, or fail to. The package that sets the
 * limit is named. Packages with a pure or abi3 wheel limit nothing.
 */
export function lockedWheelLimit(
  lock: string,
): { version: string; name: string; locked: string } | undefined {
  let limit: { version: string; name: string; locked: string; minor: number } | undefined;
  for (const block of lock.split(/^\[\[package\]\]\s*$/m).slice(1)) {
    const name = /^name\s*=\s*"([^"]+)"/m.exec(block)?.[1];
    const locked = /^version\s*=\s*"([^"]+)"/m.exec(block)?.[1] ?? '';
    const wheels = [...block.matchAll(/[\w.+-]+\.whl/g)].map((m) => m[0]);
    if (!name || !wheels.length) continue;
    if (wheels.some((w) => /-(?:abi3|none)-[^-]+\.whl$/.test(w))) continue;
    const minors = wheels
      .map((w) => /-cp3(\d+)-cp3\d+t?-/.exec(w)?.[1])
      .filter((m): m is string => m !== undefined)
      .map(Number);
    if (!minors.length) continue;
    const minor = Math.max(...minors);
    if (!limit || minor < limit.minor) limit = { version: `3.${minor}`, name, locked, minor };
  }
  return limit && { version: limit.version, name: limit.name, locked: limit.locked };
}

/**
 * The image's Python from the project's own signals, strongest first: `.python-version`, the
 * version its own Dockerfile builds on, the newest its CI tests, the newest its locked compiled
 * wheels exist for, the newest `requires-python` admits up to ours; else ours.
 */
export async function choosePython(
  dir: string,
  pyproject: string | undefined,
): Promise<PythonChoice> {
  const pinned = (await readText(join(dir, '.python-version')))?.trim().match(/^3\.\d+/)?.[0];
  if (known(pinned)) return { version: pinned!, evidence: `.python-version: ${pinned}` };

  const docker = dockerfilePython((await readText(join(dir, 'Dockerfile'))) ?? '');
  if (known(docker?.version))
    return { version: docker!.version, evidence: `Dockerfile: ${docker!.line}` };

  const root = gitRoot(dir) ?? dir;
  const workflows = join(root, '.github', 'workflows');
  if (existsSync(workflows)) {
    for (const f of readdirSync(workflows).sort()) {
      if (!/\.ya?ml$/.test(f)) continue;
      const versions = workflowPythons((await readText(join(workflows, f))) ?? '')
        .filter((v) => known(v))
        .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
      if (versions.length)
        return {
          version: versions.at(-1)!,
          evidence: `${relative(dir, join(workflows, f))}: tests on ${versions.join(', ')}`,
        };
    }
  }

  const str = (v: TomlValue | undefined) => (typeof v === 'string' ? v : undefined);
  const spec = pyproject ? str(readTable(pyproject, 'project')?.['requires-python']) : undefined;
  const admitted = spec ? PYTHON_VERSIONS.filter((v) => admits(spec, v)) : [];
  const fallback: PythonChoice = admitted.length
    ? {
        version: admitted.includes(DEFAULTS.python) ? DEFAULTS.python : admitted.at(-1)!,
        evidence: `pyproject.toml: requires-python = "${spec}"`,
      }
    : { version: DEFAULTS.python, evidence: 'nothing in the project names one: ours' };
  const minor = (v: string) => Number(v.split('.')[1]);
  for (const lock of ['uv.lock', 'poetry.lock', 'pdm.lock']) {
    const limit = lockedWheelLimit((await readText(join(dir, lock))) ?? '');
    if (limit && known(limit.version) && minor(limit.version) < minor(fallback.version))
      return {
        version: limit.version,
        evidence: `${lock}: ${limit.name} ${limit.locked} has CPython wheels up to ${limit.version}`,
      };
  }
  return fallback;
}

/** Whether a requires-python specifier (>=, >, <=, <, ==, !=, ~=, comma-joined) admits 3.N. */
export function admits(spec: string, version: string): boolean {
  const minor = (v: string) => Number(v.split('.')[1] ?? 0);
  const want = minor(version);
  return spec
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .every((c) => {
      const m = /^(>=|<=|==|!=|~=|>|<)\s*3(?:\.(\d+))?/.exec(c);
      if (!m) return true;
      const n = Number(m[2] ?? 0);
      switch (m[1]) {
        case '>=':
        case '~=':
          return want >= n;
        case '>':
          return want > n;
        case '<=':
          return want <= n;
        case '<':
          return want < n;
        case '==':
          return c.includes('*') || m[2] === undefined
            ? want === n || m[2] === undefined
            : want === n;
        default:
          return want !== n;
      }
    });
}
