import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { PYTHON_VERSIONS } from '../../generators/catalog/index.js';
import { DEPENDENCY_MODULES, EXCLUDE_NEWER } from '../../generators/project/dependency-modules.js';
import { STDLIB_MODULES } from '../../generators/project/python-names.js';
import { scan } from '../../generators/project/shadow-scan.js';
import { tool } from '../helpers/paths.js';
import { UV_CACHE } from '../helpers/python.js';

/**
 * generators/project/dependency-modules.ts against the package index: uv (from .cache/tools)
 * resolves each requirement at the recorded instant. The offline checks of the same table are in
 * test/unit/dependency-modules.test.ts.
 */
const exec = promisify(execFile);
const REFRESH =
  'stale: run `npm run build && node dist/generators/project/shadow-scan.js` and commit generators/project/dependency-modules.ts';

describe('the modules a project name must not shadow, resolved against the index', () => {
  test('each requirement still resolves to the same distributions at the recorded instant', async () => {
    const uv = tool('uv');
    expect(uv, 'uv from .cache/tools (the global setup installs it)').toBeDefined();
    const dir = await mkdtemp(join(tmpdir(), 'pyweb-resolve-'));
    try {
      const env = { ...process.env, UV_CACHE_DIR: UV_CACHE, VIRTUAL_ENV: '' };
      const entries = Object.entries(DEPENDENCY_MODULES);
      const resolved = await Promise.all(
        entries.map(async ([key, d]) => {
          const input = join(dir, `${key}.in`);
          await writeFile(input, `${d.spec}\n`);
          const { stdout } = await exec(
            uv!,
            [
              'pip',
              'compile',
              input,
              '--universal',
              '--python-version',
              PYTHON_VERSIONS[0],
              '--exclude-newer',
              EXCLUDE_NEWER,
              '--no-header',
              '--no-annotate',
              '--quiet',
            ],
            { env },
          );
          const names = stdout
            .split('\n')
            .map((l) => l.split(';')[0].trim())
            .filter((l) => l.includes('=='))
            .map((l) =>
              l
                .split('==')[0]
                .toLowerCase()
                .replace(/[-_.]+/g, '-'),
            );
          return [key, [...new Set(names)].sort()] as const;
        }),
      );
      for (const [key, packages] of resolved)
        expect(packages, `${key}: ${REFRESH}`).toEqual(DEPENDENCY_MODULES[key].packages);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('a scan of a few requirements finds the modules recorded for them', async () => {
    const keys = ['flask', 'starlette', 'granian'];
    const s = await scan({
      uv: tool('uv')!,
      excludeNewer: EXCLUDE_NEWER,
      keys,
      cacheDir: UV_CACHE,
    });
    for (const k of keys)
      expect(s.requirements[k], `${k}: ${REFRESH}`).toEqual(DEPENDENCY_MODULES[k]);
    expect(new Set(s.stdlib)).toEqual(STDLIB_MODULES);
  }, 60_000);
});
