import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HASH_FILE, hashOf, parseHashes } from '../../generators/project/hashes.js';
import { BaseUnavailable, baseFromPackage } from '../../generators/update/base.js';
import { BIN, ROOT } from '../helpers/paths.js';
import { packCheckout } from '../helpers/pack.js';
import { must, run } from '../helpers/run.js';

/**
 * The base of `update` rendered by a package through npm exec: this checkout packed as a
 * tarball renders exactly what the checkout's own binary writes for the same answers.
 */

const ANSWERS = {
  title: 'shop-api',
  framework: 'flask',
  server: 'gunicorn',
  python: '3.13',
  addons: ['docker', 'compose', 'nginx', 'ci'],
  version: '0.2.0',
};

let work: string;
let tgz: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pyweb-update-base-'));
  if (!existsSync(join(ROOT, 'dist', 'create-pyweb.cjs')))
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  // The bundle is built by `npm run build` (npm test runs it first): packed as it is.
  tgz = packCheckout(work);
}, 180_000);
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('baseFromPackage', () => {
  test('the tarball renders the recorded answers as the direct render writes them', async () => {
    const direct = join(work, 'direct', ANSWERS.title);
    must(
      await run(
        process.execPath,
        [
          BIN,
          direct,
          '--framework',
          'flask',
          '--server',
          'gunicorn',
          '--python',
          '3.13',
          '--docker',
          '--compose',
          '--nginx',
          '--ci',
          '--no-k8s',
          '--no-apache',
          '--no-postgres',
          '--no-git',
          '--no-install',
          '--yes',
        ],
        { env: { ...process.env, CI: '1', UV_OFFLINE: '1' }, timeoutMs: 120_000 },
      ),
      'the direct render',
    );
    const recorded = parseHashes(readFileSync(join(direct, HASH_FILE), 'utf8'));
    expect(recorded.size).toBeGreaterThan(10);

    // A relative spec is npm's from the cwd, though npm runs elsewhere.
    const spec = relative(process.cwd(), tgz);
    let t = Date.now();
    const base = await baseFromPackage({ dir: direct, spec, ...ANSWERS });
    const first = Date.now() - t;
    t = Date.now();
    const again = await baseFromPackage({ dir: direct, spec: tgz, ...ANSWERS });
    const cached = Date.now() - t;
    console.log(`baseFromPackage: ${first} ms first, ${cached} ms cached`);

    expect(base.source).toBe('package');
    expect(base.detail).toBe(`${tgz} (npm exec)`);
    expect([...base.files.keys()].sort()).toEqual([...recorded.keys()].sort());
    for (const [path, hash] of recorded) expect(hashOf(base.files.get(path)!), path).toBe(hash);
    expect(again.files).toEqual(base.files);
  }, 300_000);

  test('a version npm cannot find: BaseUnavailable with npm reason in one line', async () => {
    const err = await baseFromPackage({
      dir: work,
      spec: 'create-pyweb@0.0.0-missing',
      ...ANSWERS,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(BaseUnavailable);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/create-pyweb@0\.0\.0-missing/);
    expect(message).toMatch(/E404|404|ETARGET|notarget|ENOTFOUND|EAI_AGAIN/);
    expect(message).not.toMatch(/A complete log|^\s*at /);
  }, 120_000);

  test('an add-on the version does not know: BaseUnavailable', async () => {
    const err = await baseFromPackage({
      dir: work,
      spec: tgz,
      ...ANSWERS,
      addons: ['docker', 'teleport'],
    }).catch((e) => e);
    expect(err).toBeInstanceOf(BaseUnavailable);
    expect((err as Error).message).toMatch(/teleport/);
  }, 120_000);
});
