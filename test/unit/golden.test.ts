import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { listFiles } from '../helpers/render-to.js';
import { ROOT } from '../helpers/paths.js';
import { must, runCli } from '../helpers/run.js';

/**
 * Whole projects as the CLI writes them, kept in test/golden/: a template change shows up in
 * review as a diff of the files a user gets. After an intended change, refresh them with
 * `npx vitest run test/unit/golden.test.ts -u` and read the diff before committing.
 */
const GOLDEN: { name: string; flags: string[] }[] = [
  { name: 'fastapi-uvicorn', flags: ['--framework', 'fastapi', '--server', 'uvicorn', '--k8s'] },
  { name: 'django-gunicorn', flags: ['--framework', 'django', '--server', 'gunicorn', '--k8s'] },
  { name: 'flask-mod_wsgi', flags: ['--framework', 'flask', '--server', 'mod_wsgi', '--apache'] },
  { name: 'sanic-sanic', flags: ['--framework', 'sanic', '--server', 'sanic'] },
];

/** Written fresh at each creation (a generated secret): its shape is checked, not its bytes. */
const UNIQUE = new Set(['.env']);

/**
 * Resolved against PyPI at creation, where uv and a fitting Python can be had: its bytes follow
 * the index and the machine, not the templates.
 */
const RESOLVED = new Set(['uv.lock']);

/** A golden .gitignore would ignore files of this repository: it is stored as _gitignore. */
const stored = (rel: string) => rel.replace(/(^|\/)\.gitignore$/, '$1_gitignore');

const out = await mkdtemp(join(tmpdir(), 'pyweb-golden-'));
afterAll(() => rm(out, { recursive: true, force: true }));

describe('golden projects', () => {
  for (const { name, flags } of GOLDEN) {
    test(name, async () => {
      // The project's name is the golden folder's, so paths and package names read naturally.
      const dir = join(out, name.replace(/_/g, '-'));
      must(await runCli([dir, ...flags, '--yes', '--no-git', '--no-install']), 'create-pyweb');
      const files = (await listFiles(dir)).filter((f) => !RESOLVED.has(f)).sort();
      const golden = join(ROOT, 'test', 'golden', name);
      for (const rel of files) {
        if (UNIQUE.has(rel)) continue;
        await expect(await readFile(join(dir, rel), 'utf8')).toMatchFileSnapshot(
          join(golden, stored(rel)),
        );
      }
      if (files.includes('.env')) {
        expect(await readFile(join(dir, '.env'), 'utf8')).toMatch(/^DJANGO_SECRET_KEY=\S{50,}$/m);
      }
      // The list itself, so that a file appearing or disappearing is a diff too.
      await expect(`${files.join('\n')}\n`).toMatchFileSnapshot(
        join(golden, '..', `${name}.files`),
      );
    }, 60_000);
  }
});
