/**
 * The I/O edge of detection: read the few files of a project that `detectProject` looks at.
 * Everything else about the project is decided by the pure function in detect.ts.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { ProjectFiles } from './types.js';

/** Directory levels below the project root that are walked (root's children are level 1). */
const MAX_DEPTH = 4;
/** How long the walk may take: a tree too big to read in that time is read up to where it stopped. */
export const SCAN_BUDGET_MS = 10_000;
const MAX_BYTES = 200 * 1024;

const SKIP_DIRS = new Set([
  '.git',
  '.venv',
  'venv',
  'env',
  'node_modules',
  '__pycache__',
  'build',
  'dist',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'site-packages',
]);
/** Files read as text besides *.py. */
const READ_NAMES = new Set([
  'pyproject.toml',
  'Procfile',
  'gunicorn.conf.py',
  'uwsgi.ini',
  'setup.cfg',
  '.python-version',
  // Alembic's config: `add postgres` runs its migrations as the release step.
  'alembic.ini',
]);
/** Files whose existence matters, not their text. */
const PRESENT_NAMES = new Set([
  'uv.lock',
  'poetry.lock',
  'pdm.lock',
  'Pipfile',
  'Dockerfile',
  'manage.py',
]);

/** requirements*.txt anywhere, and every .txt of a requirements/ folder at the root (base.txt, prod.txt). */
const isRequirements = (name: string, rel: string) =>
  /^requirements.*\.txt$/.test(name) || /^requirements\/[^/]+\.txt$/.test(rel);

async function readHead(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(MAX_BYTES);
    const { bytesRead } = await fh.read(buf, 0, MAX_BYTES, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

/**
 * Walk `dir` breadth first (so a walk stopped by its time budget has read the shallow files), skipping virtualenvs, caches
 * and build output, and collect the files detection reads. Linked folders are not followed.
 */
export async function readProjectFiles(
  dir: string,
  budgetMs = SCAN_BUDGET_MS,
): Promise<ProjectFiles> {
  const deadline = Date.now() + budgetMs;
  let stoppedAt: string | undefined;
  const root = resolve(dir);
  const st = await stat(root).catch(() => undefined);
  if (!st?.isDirectory()) throw new Error(`${dir} is not a directory`);

  const text: Record<string, string> = {};
  const present: string[] = [];
  let level: Array<{ abs: string; rel: string }> = [{ abs: root, rel: '' }];

  for (let depth = 0; level.length > 0 && !stoppedAt; depth++) {
    const next: typeof level = [];
    for (const d of level) {
      // The project's own folder is always read; below it, the walk stops when time is up.
      if (d.rel && Date.now() > deadline) {
        stoppedAt = d.rel;
        break;
      }
      const entries = await readdir(d.abs, { withFileTypes: true }).catch(() => []);
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        const rel = d.rel ? `${d.rel}/${e.name}` : e.name;
        const abs = join(d.abs, e.name);
        if (e.isDirectory()) {
          if (SKIP_DIRS.has(e.name) || e.name.endsWith('.egg-info')) continue;
          if (depth + 1 > MAX_DEPTH) continue;
          present.push(rel);
          next.push({ abs, rel });
          continue;
        }
        // A linked file (requirements.txt → reqs/base.txt) is read; a linked folder is not walked.
        const isFile =
          e.isFile() ||
          (e.isSymbolicLink() && Boolean((await stat(abs).catch(() => undefined))?.isFile()));
        if (!isFile) continue;
        if (PRESENT_NAMES.has(e.name)) present.push(rel);
        if (e.name.endsWith('.py') || READ_NAMES.has(e.name) || isRequirements(e.name, rel)) {
          try {
            text[rel] = await readHead(abs);
          } catch {
            // unreadable: detection works with what it has
          }
        }
      }
    }
    level = next;
  }
  return { text, present, dirName: basename(root), ...(stoppedAt ? { stoppedAt } : {}) };
}
