import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { commitStaging, type WriteOps } from '../../generators/project/write.js';

const work = await mkdtemp(join(tmpdir(), 'pyweb-write-'));
afterAll(() => rm(work, { recursive: true, force: true }));

/** Every file and folder under `dir` with its contents: what "left as it was" compares. */
function snapshot(dir: string): Record<string, string> | 'absent' {
  if (!existsSync(dir)) return 'absent';
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (lstatSync(join(dir, r)).isDirectory()) {
        out[`${r}/`] = '';
        walk(r);
      } else out[r] = readFileSync(join(dir, r), 'utf8');
    }
  };
  walk('');
  return out;
}

/** A rendered project, as the staging folder holds it (with the .env and its secret). */
async function stage(root: string): Promise<string> {
  const s = join(root, 'staging');
  await mkdir(join(s, 'app'), { recursive: true });
  await writeFile(join(s, 'pyproject.toml'), '[project]\nname = "app"\n');
  await writeFile(join(s, '.env'), 'DJANGO_SECRET_KEY=secret\n');
  await writeFile(join(s, 'app', '__init__.py'), '');
  await writeFile(join(s, 'app', 'settings.py'), 'DEBUG = False\n');
  return s;
}

const full = () => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });

/**
 * File-system calls that fail with ENOSPC at call number `at`; with `crossDevice`, renaming the
 * staging folder fails with EXDEV as across file systems, and the failing copy stops half-way.
 */
function faulty(at: number, crossDevice: boolean, staging: string) {
  let calls = 0;
  let hit = false;
  const fault = () => {
    if (calls++ !== at) return false;
    hit = true;
    return true;
  };
  const ops: WriteOps = {
    rename: async (from, to) => {
      if (crossDevice && String(from) === staging)
        throw Object.assign(new Error('EXDEV'), { code: 'EXDEV' });
      if (fault()) throw full();
      return rename(from, to);
    },
    cp: async (from, to, opts) => {
      if (fault()) {
        // Half a copy: the folder and one file, then the disk is full.
        await mkdir(String(to), { recursive: true });
        await writeFile(join(String(to), '.env'), 'DJANGO_SECRET_KEY=secret\n');
        throw full();
      }
      return cp(from, to, opts);
    },
    mkdir: (async (p: string, opts?: object) => {
      if (fault()) throw full();
      return mkdir(p, opts);
    }) as WriteOps['mkdir'],
  };
  return { ops, hit: () => hit };
}

const cases: { name: string; prepare: (target: string) => Promise<void>; nested: boolean }[] = [
  { name: 'absent, with parents to make', prepare: async () => {}, nested: true },
  {
    name: 'empty but for .git',
    prepare: async (t) => {
      await mkdir(join(t, '.git'), { recursive: true });
      await writeFile(join(t, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    },
    nested: false,
  },
  {
    name: 'full, with --overwrite',
    prepare: async (t) => {
      await mkdir(join(t, '.git'), { recursive: true });
      await writeFile(join(t, '.git', 'HEAD'), 'ref: refs/heads/main\n');
      await mkdir(join(t, 'notes', 'old'), { recursive: true });
      await writeFile(join(t, 'notes', 'old', 'a.txt'), 'mine');
      await writeFile(join(t, 'pyproject.toml'), 'old');
      await writeFile(join(t, 'z.txt'), 'last');
    },
    nested: false,
  },
];

describe('a failed write leaves the target as it was (issue 15, item 7)', () => {
  for (const c of cases) {
    for (const crossDevice of [false, true]) {
      test(`${c.name}${crossDevice ? ', across file systems' : ''}: a full disk at any step`, async () => {
        let failures = 0;
        for (let at = 0; ; at++) {
          const root = join(
            work,
            `${c.name.split(',')[0].replace(/\W+/g, '-')}-${crossDevice}-${at}`,
          );
          await mkdir(root, { recursive: true });
          const staging = await stage(root);
          const parent = join(root, 'target-parent');
          const target = c.nested ? join(parent, 'a', 'proj') : join(parent, 'proj');
          if (!c.nested) await mkdir(target, { recursive: true });
          await c.prepare(target);
          const before = snapshot(parent);
          const { ops, hit } = faulty(at, crossDevice, staging);
          let error: unknown;
          try {
            await commitStaging(staging, target, true, ops);
          } catch (e) {
            error = e;
          }
          if (!hit()) {
            // Past the last step: the project is whole, the old files gone, .git kept.
            expect(error).toBeUndefined();
            expect(readFileSync(join(target, '.env'), 'utf8')).toContain('secret');
            expect(readFileSync(join(target, 'pyproject.toml'), 'utf8')).toContain('app');
            expect(existsSync(join(target, 'notes'))).toBe(false);
            expect(readdirSync(target).filter((n) => n.includes('create-pyweb'))).toEqual([]);
            break;
          }
          failures++;
          expect((error as NodeJS.ErrnoException).code, `fault at call ${at}`).toBe('ENOSPC');
          expect(snapshot(parent), `fault at call ${at}`).toEqual(before);
          // The rerun, rendered afresh, works.
          await rm(staging, { recursive: true, force: true });
          await commitStaging(await stage(root), target, true);
          expect(readFileSync(join(target, '.env'), 'utf8')).toContain('secret');
        }
        expect(failures).toBeGreaterThan(0);
      });
    }
  }
});
