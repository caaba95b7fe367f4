/**
 * Makes `dependency-modules.ts`: the top-level modules a generated project imports through its
 * pinned requirements and theirs, and the standard library of every Python it allows. A project
 * package named like one of them shadows it (`werkzeug`, `pydantic`, `compression`), so
 * names.ts refuses those names. Derived, never listed by hand:
 *
 *   npm run build && node dist/generators/project/shadow-scan.js
 *
 * Each requirement of the versions table is resolved alone with uv for every platform and every
 * Python from the oldest the projects allow (`uv pip compile --universal`), with uploads after a
 * recorded instant left out, so that the same table always resolves the same way; each resolved
 * distribution is installed (without dependencies) into a scratch folder and its RECORD read for
 * the top-level modules it puts on sys.path. The standard library comes from the `stdlib-list`
 * package. test/unit/dependency-modules.test.ts runs the same scan and compares.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PYTHON_VERSIONS, VERSIONS } from '../catalog/index.js';
import { packageRoot } from '../version.js';

const exec = promisify(execFile);

/** Installers the Docker builder stage runs as programs: nothing in the project imports them. */
export const TOOL_KEYS = ['uv', 'poetry', 'pdm'];
/** Where the standard library's module names come from, pinned. */
export const STDLIB_LIST = 'stdlib-list==0.12.0';

export interface Scan {
  /** Uploads after this instant are left out of every resolution (uv's --exclude-newer). */
  excludeNewer: string;
  /** requirement key → its specifier, the distributions it resolves to, their top-level modules. */
  requirements: Record<string, { spec: string; packages: string[]; modules: string[] }>;
  /** The Pythons whose standard library is listed, and the union of their top-level modules. */
  pythons: string[];
  stdlib: string[];
}

export interface ScanOptions {
  uv: string;
  excludeNewer: string;
  /** Requirement keys to scan: every key of the versions table but the tools, unless given. */
  keys?: string[];
  cacheDir?: string;
}

/** A name a project package could take: a valid identifier, not private (`_pytest`), not a hash. */
function publicModule(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(name);
}

/** Top-level importable names from the RECORD files of the distributions installed in `target`. */
function modulesByDistribution(target: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const entry of readdirSync(target)) {
    const m = /^(.+?)-[^-]+\.dist-info$/.exec(entry);
    if (!m) continue;
    const dist = m[1].toLowerCase().replace(/[-_.]+/g, '-');
    const record = join(target, entry, 'RECORD');
    const modules = new Set<string>();
    if (existsSync(record)) {
      for (const line of readFileSync(record, 'utf8').split('\n')) {
        const path = line.split(',')[0];
        if (!path || path.startsWith('../') || path.startsWith('/')) continue;
        const [head, ...rest] = path.split('/');
        if (/\.(dist-info|data)$/.test(head) || head === '__pycache__' || head === 'bin') continue;
        // A folder is a package (or a namespace package); a file is a module when Python imports it.
        const name = rest.length
          ? head
          : /\.(py|pyc|so|pyd)$/.test(head)
            ? head.split('.')[0]
            : undefined;
        if (name && publicModule(name)) modules.add(name.toLowerCase());
      }
    }
    out.set(dist, [...(out.get(dist) ?? []), ...modules]);
  }
  return out;
}

async function uv(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await exec(bin, args, { env, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(
      `uv ${args.slice(0, 2).join(' ')} failed: ${err.stderr?.trim() || err.message}`,
    );
  }
}

/** Pins `name==version` of one requirement resolved for every platform and allowed Python. */
async function resolve(
  opts: ScanOptions,
  spec: string,
  env: NodeJS.ProcessEnv,
  scratch: string,
): Promise<string[]> {
  const input = join(scratch, `${spec.replace(/[^\w.-]+/g, '_')}.in`);
  writeFileSync(input, `${spec}\n`);
  const out = await uv(
    opts.uv,
    [
      'pip',
      'compile',
      input,
      '--universal',
      '--python-version',
      PYTHON_VERSIONS[0],
      '--exclude-newer',
      opts.excludeNewer,
      '--no-header',
      '--no-annotate',
      '--quiet',
    ],
    env,
  );
  return out
    .split('\n')
    .map((l) => l.split(';')[0].trim())
    .filter((l) => /^[\w.-]+==\S+$/.test(l));
}

async function mapLimit<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

export async function scan(opts: ScanOptions): Promise<Scan> {
  const env = {
    ...process.env,
    ...(opts.cacheDir ? { UV_CACHE_DIR: opts.cacheDir } : {}),
    VIRTUAL_ENV: '',
    UV_NO_PROGRESS: '1',
  };
  const keys = opts.keys ?? Object.keys(VERSIONS).filter((k) => !TOOL_KEYS.includes(k));
  const scratch = mkdtempSync(join(tmpdir(), 'pyweb-shadow-'));
  try {
    const pins = await mapLimit(keys, 6, (k) => resolve(opts, VERSIONS[k], env, scratch));
    // Every distribution once per version; several versions of one name go in separate batches.
    const unique = [...new Set(pins.flat())].sort();
    const batches: string[][] = [];
    for (const pin of unique) {
      const name = pin.split('==')[0].toLowerCase();
      let batch = batches.find((b) => !b.some((p) => p.split('==')[0].toLowerCase() === name));
      if (!batch) {
        batch = [];
        batches.push(batch);
      }
      batch.push(pin);
    }
    const modules = new Map<string, Set<string>>();
    const norm = (pin: string) =>
      pin
        .split('==')[0]
        .toLowerCase()
        .replace(/[-_.]+/g, '-');
    for (const [i, batch] of batches.entries()) {
      // Linux wheels, as the image runs; a distribution only other platforms install (colorama on
      // Windows) still has its names listed, from a Windows wheel.
      for (const platform of ['x86_64-manylinux_2_28', 'windows']) {
        const left = batch.filter((p) => !modules.has(norm(p)));
        if (!left.length) break;
        const target = join(scratch, `site-${i}-${platform}`);
        const install = (pinsToInstall: string[]) =>
          uv(
            opts.uv,
            [
              'pip',
              'install',
              '--target',
              target,
              '--no-deps',
              '--quiet',
              '--no-compile',
              '--python-version',
              PYTHON_VERSIONS.at(-2)!,
              '--python-platform',
              platform,
              '--exclude-newer',
              opts.excludeNewer,
              '--link-mode',
              'copy',
              '--only-binary',
              ':all:',
              ...pinsToInstall,
            ],
            env,
          );
        try {
          await install(left);
        } catch {
          // One of them has nothing for this platform: one at a time, the others still go in.
          for (const pin of left) await install([pin]).catch(() => undefined);
        }
        if (!existsSync(target)) continue;
        for (const [dist, mods] of modulesByDistribution(target))
          modules.set(dist, new Set([...(modules.get(dist) ?? []), ...mods]));
      }
    }
    const requirements: Scan['requirements'] = {};
    keys.forEach((key, i) => {
      const packages = pins[i].map(norm);
      // Source-only distributions (uwsgi, mod_wsgi) are not built for this: their name stands for
      // their module.
      for (const p of packages)
        if (!modules.has(p)) modules.set(p, new Set([p.replace(/-/g, '_')]));
      const mods = new Set(packages.flatMap((p) => [...modules.get(p)!]));
      requirements[key] = {
        spec: VERSIONS[key],
        packages: [...new Set(packages)].sort(),
        modules: [...mods].sort(),
      };
    });
    // The standard library of every Python the projects allow.
    const listDir = join(scratch, 'stdlib-list');
    await uv(
      opts.uv,
      [
        'pip',
        'install',
        '--target',
        listDir,
        '--no-deps',
        '--quiet',
        '--python-version',
        PYTHON_VERSIONS[0],
        STDLIB_LIST,
      ],
      env,
    );
    const stdlib = new Set<string>();
    for (const v of PYTHON_VERSIONS) {
      const file = join(listDir, 'stdlib_list', 'lists', `${v}.txt`);
      if (!existsSync(file)) throw new Error(`${STDLIB_LIST} has no list for Python ${v}`);
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const top = line.trim().split('.')[0];
        if (top && publicModule(top)) stdlib.add(top);
      }
    }
    return {
      excludeNewer: opts.excludeNewer,
      requirements,
      pythons: [...PYTHON_VERSIONS],
      stdlib: [...stdlib].sort(),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The scan as the TypeScript module names.ts imports. */
export function renderScan(s: Scan): string {
  const list = (xs: string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
  const lines = [
    '// Generated by generators/project/shadow-scan.ts: do not edit. To refresh after a change of',
    '// the versions table or of the supported Pythons:',
    '//   npm run build && node dist/generators/project/shadow-scan.js',
    '// test/unit/dependency-modules.test.ts checks it is current.',
    '',
    '/** Every resolution left out uploads after this instant (uv --exclude-newer). */',
    `export const EXCLUDE_NEWER = '${s.excludeNewer}';`,
    '',
    '/** Per requirement key: its specifier, what it resolves to, and the top-level modules those install. */',
    'export const DEPENDENCY_MODULES: Record<string, { spec: string; packages: string[]; modules: string[] }> = {',
    ...Object.entries(s.requirements).map(([k, r]) =>
      [
        `  '${k}': {`,
        `    spec: '${r.spec}',`,
        `    packages: ${list(r.packages)},`,
        `    modules: ${list(r.modules)},`,
        '  },',
      ].join('\n'),
    ),
    '};',
    '',
    `/** Top-level standard library modules of Python ${s.pythons.join(', ')} (from ${STDLIB_LIST}). */`,
    `export const STDLIB_PYTHONS = ${list(s.pythons)};`,
    `export const STDLIB_NAMES = ${list(s.stdlib)};`,
    '',
  ];
  return lines.join('\n');
}

/** The uv the test tools bring (.cache/tools), else one on PATH. */
export function defaultUv(): string {
  const local = join(packageRoot(), '.cache', 'tools', 'bin', 'uv');
  return existsSync(local) ? local : 'uv';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = join(packageRoot(), 'generators', 'project', 'dependency-modules.ts');
  const excludeNewer = process.argv[2] ?? `${new Date().toISOString().slice(0, 10)}T00:00:00Z`;
  const cacheDir = join(packageRoot(), '.cache', 'uv');
  scan({ uv: defaultUv(), excludeNewer, cacheDir }).then(
    (s) => {
      writeFileSync(out, renderScan(s));
      process.stdout.write(
        `wrote ${out}: ${Object.keys(s.requirements).length} requirements, ${s.stdlib.length} standard library names\n`,
      );
    },
    (e: Error) => {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 1;
    },
  );
}
