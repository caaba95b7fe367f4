import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validPairs } from '../../generators/catalog/index.js';
import { freePort } from '../helpers/net.js';
import { OLD_VERSION, oldPackage } from '../helpers/old-package.js';
import { CACHE, ROOT } from '../helpers/paths.js';
import { installProject, venvEnv } from '../helpers/python.js';
import { must, run, runCli, type RunResult } from '../helpers/run.js';
import { startAndWait } from '../helpers/server.js';
import { nginxInFront } from '../matrix/deploy.js';
import { productionCommand, proveApp, proveStop, Steps } from '../matrix/prove.js';
import { findServer } from '../../generators/catalog/index.js';

/**
 * `create-pyweb update` end to end (issue 19): projects made by the package of an earlier commit
 * (0.1.0, packed from this repository's history), edited the ways users edit them and committed,
 * then updated by this checkout's build. Between 0.1.0 and now the templates changed README.md
 * (the version it names and more), pyproject.toml (the record's version), Django's
 * tests/settings.py, and the serving files (workers from the CPU quota): the edits below are
 * placed on and beside the first three so that every label happens for real, and each file the
 * user left alone must be updated exactly where the two versions differ.
 */

const NEW_VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
const HASHES = '.create-pyweb.sha256';
const LABELS = ['unchanged', 'updated', 'kept', 'merged', 'conflict', 'deleted by user'];
const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** Who commits: CI machines often have no git identity. */
const IDENTITY = {
  GIT_AUTHOR_NAME: 'pyweb test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'pyweb test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
const env = () => ({
  ...process.env,
  ...IDENTITY,
  CI: '',
  FORCE_COLOR: '0',
  NO_COLOR: '1',
  XDG_CACHE_HOME: join(CACHE, 'xdg'),
});

async function git(dir: string, ...args: string[]): Promise<string> {
  return must(await run('git', args, { cwd: dir, env: env(), timeoutMs: 60_000 }), `git ${args[0]}`)
    .stdout;
}

interface Report {
  from: string;
  to: string;
  base: { source: 'package' | 'git'; detail: string };
  files: { path: string; label: string; from?: string; conflicts?: number; diff?: string }[];
  conflicts: string[];
  lock: string | null;
  current: boolean;
  written: boolean;
}

/** This checkout's `create-pyweb update` run in the project, as a user runs it there. */
async function update(dir: string, ...args: string[]): Promise<RunResult & { report?: Report }> {
  const r = await runCli(['update', ...args], { cwd: dir, env: IDENTITY });
  let report: Report | undefined;
  if (args.includes('--json')) {
    try {
      report = JSON.parse(r.stdout) as Report;
    } catch {
      throw new Error(
        `update ${args.join(' ')} printed no JSON (exit ${r.code}):\n${r.stdout}${r.stderr}`,
      );
    }
  }
  return { ...r, report };
}

const labelsOf = (report: Report) =>
  Object.fromEntries(report.files.map((f) => [f.path, f.label])) as Record<string, string>;

/**
 * Every path's label but the ones named, which the user left alone: `unchanged` where the two
 * versions write the same, `updated` where this one writes it otherwise, `added` where only this
 * one writes it, `removed` where only the old one did.
 */
function expectRestAsRendered(report: Report, named: string[], s: Stack): void {
  const rest = report.files.filter((f) => !named.includes(f.path) && f.path !== HASHES);
  expect(rest.length, 'the files neither side touched').toBeGreaterThan(5);
  const want = (path: string) => {
    const was = initial[s.name][path];
    const now = fresh[s.name][path];
    if (was === undefined) return 'added';
    if (now === undefined) return 'removed';
    return was === now ? 'unchanged' : 'updated';
  };
  expect(Object.fromEntries(rest.map((f) => [f.path, f.label]))).toEqual(
    Object.fromEntries(rest.map((f) => [f.path, want(f.path)])),
  );
}

/** Every file of a project but .git and the venv, path → content. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string) => {
    for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (
        ['.git', '.venv', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache'].includes(
          e.name,
        )
      )
        continue;
      if (e.isDirectory()) await walk(path);
      else out[path] = await readFile(join(dir, path), 'utf8');
    }
  };
  await walk('');
  return out;
}

const read = (dir: string, path: string) => readFile(join(dir, path), 'utf8');
const write = (dir: string, path: string, text: string) => writeFile(join(dir, path), text);
/** Replaces one exact piece of a file, which must be there. */
async function edit(dir: string, path: string, from: string, to: string): Promise<void> {
  const text = await read(dir, path);
  if (!text.includes(from)) throw new Error(`${path} has no ${JSON.stringify(from)}`);
  await write(dir, path, text.replace(from, to));
}

interface Stack {
  name: string;
  flags: string[];
}
const FLASK: Stack = { name: 'flask-app', flags: ['--framework', 'flask', '--server', 'gunicorn'] };
const DJANGO: Stack = {
  name: 'dj-app',
  flags: ['--framework', 'django', '--server', 'granian'],
};
const FASTAPI: Stack = {
  name: 'fast-app',
  flags: ['--framework', 'fastapi', '--server', 'uvicorn', '--k8s'],
};

let work: string;
let oldBin: string;
let tarball: string;
let python: string;
const dirs: Record<string, string> = {};
/** The same projects, copied before the update, for the update from git blobs only. */
const offline: Record<string, string> = {};
/** What this checkout renders for each stack (no git): the "theirs" of every file. */
const fresh: Record<string, Record<string, string>> = {};
/** What the old package wrote, before any edit: the base. */
const initial: Record<string, Record<string, string>> = {};
/** `update --dry-run --json` before the real run. */
const dry: Record<string, Report> = {};
/** The real run's results. */
const real: Record<string, RunResult & { report?: Report }> = {};

/** A project made by the old package, as a user makes one: git on, its first commit made. */
async function createOld(s: Stack): Promise<string> {
  const dir = join(work, 'projects', s.name);
  must(
    await run(process.execPath, [oldBin, dir, ...s.flags, '--python', python, '--yes'], {
      env: env(),
      timeoutMs: 120_000,
    }),
    `create-pyweb ${OLD_VERSION} ${s.name}`,
  );
  expect(await git(dir, 'log', '--oneline'), 'the old CLI made the first commit').toMatch(/^\w+ /);
  expect(await git(dir, 'status', '--porcelain')).toBe('');
  return dir;
}

/** What this checkout writes for the same answers, in a folder of the same name. */
async function renderCurrent(s: Stack): Promise<Record<string, string>> {
  const dir = join(work, 'fresh', s.name);
  must(
    await runCli([dir, ...s.flags, '--python', python, '--yes', '--no-git', '--no-install'], {
      env: IDENTITY,
    }),
    `create-pyweb ${NEW_VERSION} ${s.name}`,
  );
  return snapshot(dir);
}

/** Flask: a conflict (README's version line), a raised pin, an edited module, a file of the user's. */
async function editFlask(dir: string): Promise<void> {
  await edit(
    dir,
    'README.md',
    `[create-pyweb](https://www.npmjs.com/package/create-pyweb) ${OLD_VERSION}.`,
    `[create-pyweb](https://www.npmjs.com/package/create-pyweb) ${OLD_VERSION}, and kept by the shop team since.`,
  );
  await edit(dir, 'pyproject.toml', '"flask~=3.1",', '"flask>=3.1.1,<4",');
  await edit(
    dir,
    'flask_app/api.py',
    '@bp.get("/whoami")',
    '@bp.get("/ping")\ndef ping() -> dict[str, str]:\n    return {"ping": "pong"}\n\n\n@bp.get("/whoami")',
  );
  await write(
    dir,
    'tests/test_user.py',
    'from flask.testing import FlaskClient\n\n\ndef test_ping(client: FlaskClient) -> None:\n    assert client.get("/api/ping").json == {"ping": "pong"}\n',
  );
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', 'our changes');
}

const DJANGO_TESTS_TAIL =
  '\n# Ours: a fast password hasher, the tests make users.\nPASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]\n';

/** Django: an edit beside ours in tests/settings.py, README.md deleted, pyproject.toml untouched. */
async function editDjango(dir: string): Promise<void> {
  await write(dir, 'tests/settings.py', (await read(dir, 'tests/settings.py')) + DJANGO_TESTS_TAIL);
  await git(dir, 'rm', '-q', 'README.md');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', 'our changes');
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pyweb-update-'));
  const t0 = Date.now();
  tarball = await oldPackage();
  process.stderr.write(`old package: ${tarball} (${(Date.now() - t0) / 1000}s)\n`);
  await mkdir(join(work, 'old-package'));
  must(await run('tar', ['-xzf', tarball, '-C', join(work, 'old-package')]), 'tar -x');
  oldBin = join(work, 'old-package', 'package', 'bin', 'create-pyweb.js');
  // The host's Python installs and runs the projects: they are made for it.
  python = must(
    await run(process.env.PYWEB_PYTHON ?? 'python3', [
      '-c',
      'import sys; print("%d.%d" % sys.version_info[:2])',
    ]),
    'python3',
  ).stdout.trim();
  const stacks = [FLASK, DJANGO, FASTAPI];
  await Promise.all(
    stacks.map(async (s) => {
      dirs[s.name] = await createOld(s);
      initial[s.name] = await snapshot(dirs[s.name]);
      fresh[s.name] = await renderCurrent(s);
    }),
  );
  await editFlask(dirs[FLASK.name]);
  await editDjango(dirs[DJANGO.name]);
  for (const s of [FLASK, DJANGO]) {
    offline[s.name] = join(work, 'offline', s.name);
    await cp(dirs[s.name], offline[s.name], { recursive: true, verbatimSymlinks: true });
  }
  // The user's Flask project as a folder without git: conflicts can only be markers there.
  await cp(dirs[FLASK.name], join(work, 'nogit', FLASK.name), { recursive: true });
  await rm(join(work, 'nogit', FLASK.name, '.git'), { recursive: true, force: true });
}, 300_000);

afterAll(async () => {
  if (work && !process.env.PYWEB_KEEP) await rm(work, { recursive: true, force: true });
});

describe('create-pyweb update, from a project made by 0.1.0', () => {
  test('the old package is 0.1.0 and this build is newer', async () => {
    const v = must(await run(process.execPath, [oldBin, '--version']), 'old --version');
    expect(v.stdout.trim()).toBe(OLD_VERSION);
    expect(NEW_VERSION).not.toBe(OLD_VERSION);
  });

  test('--check: a fresh 0.1.0 project is behind (exit 1)', async () => {
    const r = await update(dirs[FASTAPI.name], '--check', '--json');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.report).toMatchObject({ from: OLD_VERSION, to: NEW_VERSION, current: false });
    expect(await git(dirs[FASTAPI.name], 'status', '--porcelain')).toBe('');
  });

  test('--dry-run --json: every label, with diffs, and nothing written', async () => {
    for (const s of [FLASK, DJANGO]) {
      const dir = dirs[s.name];
      const before = await snapshot(dir);
      const head = await git(dir, 'rev-parse', 'HEAD');
      const r = await update(dir, '--dry-run', '--json', '--from', tarball);
      // A dry run changes nothing, so nothing remains to resolve: exit 0, conflicts listed.
      expect(r.code, `${s.name}: ${r.stderr}`).toBe(0);
      const report = r.report!;
      expect(report.written).toBe(false);
      expect(report.base.source).toBe('package');
      expect(await snapshot(dir), `${s.name}: a dry run writes nothing`).toEqual(before);
      expect(await git(dir, 'status', '--porcelain')).toBe('');
      expect(await git(dir, 'rev-parse', 'HEAD')).toBe(head);
      // A file that changes shows how.
      const readme = report.files.find((f) => f.path === 'README.md');
      if (s === FLASK) expect(readme?.diff).toContain(`0.2.0`);
      dry[s.name] = report;
    }
  });

  test('flask: unchanged, kept, merged (a raised pin), conflict as unmerged index entries', async () => {
    const dir = dirs[FLASK.name];
    const hashesBefore = await read(dir, HASHES);
    const userReadme = await read(dir, 'README.md');
    const userApi = await read(dir, 'flask_app/api.py');
    const userTest = await read(dir, 'tests/test_user.py');
    const r = await update(dir, '--from', tarball, '--json');
    real[FLASK.name] = r;
    expect(r.code, 'a conflict remains: exit 1').toBe(1);
    const report = r.report!;
    expect(report).toMatchObject({
      from: OLD_VERSION,
      to: NEW_VERSION,
      current: false,
      written: true,
    });
    expect(report.base.source).toBe('package');
    expect(report.conflicts).toEqual(['README.md']);
    const labels = labelsOf(report);
    expect(labels).toMatchObject({
      'README.md': 'conflict',
      'pyproject.toml': 'merged',
      'flask_app/api.py': 'kept',
    });
    expect(report.files.find((f) => f.path === 'README.md')?.conflicts).toBe(1);
    expect(labels, 'a file of the user is none of ours').not.toHaveProperty('tests/test_user.py');
    expectRestAsRendered(report, ['README.md', 'pyproject.toml', 'flask_app/api.py'], FLASK);
    expect(labels, 'the dry run said the same').toEqual(labelsOf(dry[FLASK.name]));

    // The raised pin is kept, the record moves to the new version. 0.2.0 changed no pin, so the
    // report names no pin change (pins lists what the update does to the user's requirements).
    const pins = (report.files.find((f) => f.path === 'pyproject.toml') as { pins?: unknown[] })
      .pins;
    expect(pins ?? []).toEqual([]);
    expect(report.lock, 'the dependencies stay as the user had them: no new lock').toBeNull();
    const pyproject = await read(dir, 'pyproject.toml');
    expect(pyproject).toContain('"flask>=3.1.1,<4",');
    expect(pyproject).not.toContain('flask~=3.1');
    expect(pyproject).toMatch(new RegExp(`\\[tool\\.create-pyweb\\]\\nversion = "${NEW_VERSION}"`));
    expect(pyproject, 'the rest of pyproject.toml is ours').toBe(
      fresh[FLASK.name]['pyproject.toml'].replace('"flask~=3.1",', '"flask>=3.1.1,<4",'),
    );
    expect(await read(dir, 'flask_app/api.py')).toBe(userApi);
    expect(await read(dir, 'tests/test_user.py')).toBe(userTest);

    // The conflict: standard diff3 markers in the file, stages 1-3 in the index.
    const base = await git(
      dir,
      'show',
      `${(await git(dir, 'rev-list', '--max-parents=0', 'HEAD')).trim()}:README.md`,
    );
    const theirs = fresh[FLASK.name]['README.md'];
    const line = (v: string) => `[create-pyweb](https://www.npmjs.com/package/create-pyweb) ${v}`;
    expect(await read(dir, 'README.md')).toContain(
      [
        '<<<<<<< yours',
        `${line(OLD_VERSION)}, and kept by the shop team since.`,
        `||||||| create-pyweb ${OLD_VERSION}`,
        `${line(OLD_VERSION)}.`,
        '=======',
        `${line(NEW_VERSION)}.`,
        `>>>>>>> create-pyweb ${NEW_VERSION}`,
        '',
      ].join('\n'),
    );
    const stages = (await git(dir, 'ls-files', '-u', '--', 'README.md')).trim().split('\n');
    expect(stages.map((l) => l.split(/\s+/)[2])).toEqual(['1', '2', '3']);
    const blob = async (i: number) => git(dir, 'cat-file', 'blob', stages[i].split(/\s+/)[1]);
    expect(await blob(0), 'stage 1: what 0.1.0 wrote').toBe(base);
    expect(await blob(1), 'stage 2: the user').toBe(userReadme);
    expect(await blob(2), 'stage 3: what this version writes').toBe(theirs);
    const status = await git(dir, 'status', '--porcelain');
    expect(status).toMatch(/^UU README\.md$/m);
    expect(status.split('\n').filter((l) => l.startsWith('U'))).toEqual(['UU README.md']);
    expect(r.stdout + r.stderr).toContain('README.md');

    await expectNoRejects(dir);
    expect(await read(dir, HASHES), 'the hash record is rewritten').not.toBe(hashesBefore);
    await expectRecordMatches(dir, report, ['updated', 'unchanged']);
  });

  test('django: merged beside our change, deleted by user stays deleted, updated', async () => {
    const dir = dirs[DJANGO.name];
    const hashesBefore = await read(dir, HASHES);
    const r = await update(dir, '--from', tarball, '--json');
    real[DJANGO.name] = r;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = r.report!;
    expect(report).toMatchObject({
      from: OLD_VERSION,
      to: NEW_VERSION,
      conflicts: [],
      written: true,
    });
    const labels = labelsOf(report);
    expect(labels).toMatchObject({
      'tests/settings.py': 'merged',
      'README.md': 'deleted by user',
      'pyproject.toml': 'updated',
    });
    expectRestAsRendered(report, ['tests/settings.py', 'README.md', 'pyproject.toml'], DJANGO);
    expect(labels, 'the dry run said the same').toEqual(labelsOf(dry[DJANGO.name]));
    expect(await read(dir, 'tests/settings.py'), 'ours, then the user lines').toBe(
      fresh[DJANGO.name]['tests/settings.py'] + DJANGO_TESTS_TAIL,
    );
    expect(existsSync(join(dir, 'README.md'))).toBe(false);
    expect(await read(dir, 'pyproject.toml')).toBe(fresh[DJANGO.name]['pyproject.toml']);
    expect(await git(dir, 'ls-files', '-u')).toBe('');
    await expectNoRejects(dir);
    expect(await read(dir, HASHES)).not.toBe(hashesBefore);
    await expectRecordMatches(dir, report, ['updated', 'unchanged']);
  });

  test('fastapi --k8s: a dirty tree is refused, --allow-dirty updates; kept and updated', async () => {
    const dir = dirs[FASTAPI.name];
    await edit(dir, 'deploy/k8s/hpa.yaml', 'maxReplicas: 10', 'maxReplicas: 4');
    await git(dir, 'commit', '-q', '-am', 'at most 4 pods');
    await edit(dir, 'fast_app/app.py', '"""The FastAPI application."""', '"""Our API."""');
    const before = await snapshot(dir);
    const refused = await update(dir, '--from', tarball);
    expect(refused.code, 'a dirty tree is refused').toBe(1);
    expect(refused.stdout + refused.stderr).toContain('fast_app/app.py');
    expect(refused.stdout + refused.stderr).toMatch(/--allow-dirty/);
    expect(await snapshot(dir), 'refused: nothing written').toEqual(before);

    const r = await update(dir, '--from', tarball, '--allow-dirty', '--json');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = r.report!;
    // The app module is the user's edit alone where this version writes it as the old one did,
    // else ours merged around it (this version adds /readyz).
    const app = 'fast_app/app.py';
    const appChanged = initial[FASTAPI.name][app] !== fresh[FASTAPI.name][app];
    expect(labelsOf(report)).toMatchObject({
      'deploy/k8s/hpa.yaml': 'kept',
      [app]: appChanged ? 'merged' : 'kept',
      'README.md': 'updated',
      'pyproject.toml': 'updated',
    });
    expectRestAsRendered(
      report,
      ['deploy/k8s/hpa.yaml', 'fast_app/app.py', 'README.md', 'pyproject.toml'],
      FASTAPI,
    );
    expect(await read(dir, app)).toBe(
      (appChanged ? fresh : initial)[FASTAPI.name][app]!.replace(
        '"""The FastAPI application."""',
        '"""Our API."""',
      ),
    );
    expect(await read(dir, 'deploy/k8s/hpa.yaml')).toContain('maxReplicas: 4');
    for (const f of ['README.md', 'pyproject.toml'])
      expect(await read(dir, f)).toBe(fresh[FASTAPI.name][f]);
    await expectNoRejects(dir);
    real[FASTAPI.name] = r;
  });

  test('outside git: the same labels, the conflict as standard markers in the file, exit 1', async () => {
    const dir = join(work, 'nogit', FLASK.name);
    const r = await update(dir, '--from', tarball, '--json');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.report!.conflicts).toEqual(['README.md']);
    expect(labelsOf(r.report!)).toEqual(labelsOf(real[FLASK.name].report!));
    expect(await snapshot(dir), 'the same files as in git').toEqual(
      await snapshot(dirs[FLASK.name]),
    );
    await expectNoRejects(dir);
  });

  test('every label happened for real', () => {
    const seen = new Set(Object.values(real).flatMap((r) => r.report!.files.map((f) => f.label)));
    for (const label of LABELS) expect([...seen]).toContain(label);
  });

  test('--offline (the base from git blobs) gives the same result as the package', async () => {
    for (const s of [FLASK, DJANGO]) {
      const dir = offline[s.name];
      const r = await update(dir, '--offline', '--json');
      expect(r.report!.base.source, s.name).toBe('git');
      expect(r.code, s.name).toBe(real[s.name].code);
      expect(labelsOf(r.report!), s.name).toEqual(labelsOf(real[s.name].report!));
      expect(await snapshot(dir), `${s.name}: the same files`).toEqual(
        await snapshot(dirs[s.name]),
      );
      expect(await git(dir, 'status', '--porcelain'), s.name).toBe(
        await git(dirs[s.name], 'status', '--porcelain'),
      );
      expect(await git(dir, 'ls-files', '-s'), `${s.name}: the same index`).toBe(
        await git(dirs[s.name], 'ls-files', '-s'),
      );
    }
  });

  test('resolved and committed, update again is a no-op and --check passes', async () => {
    const dir = dirs[FLASK.name];
    // Unresolved, the conflict is not "current": a bot must not commit the markers.
    const pending = await update(dir);
    expect(pending.code).toBe(1);
    expect(pending.stderr).toContain('unresolved conflicts from an update: README.md');
    const pendingCheck = await update(dir, '--check', '--json');
    expect(pendingCheck.code).toBe(1);
    expect(pendingCheck.report).toMatchObject({ current: false, conflicts: ['README.md'] });
    await git(dir, 'checkout', '--theirs', '--', 'README.md');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', `create-pyweb update to ${NEW_VERSION}`);
    expect(await read(dir, 'README.md')).toBe(fresh[FLASK.name]['README.md']);
    const before = await snapshot(dir);
    const r = await update(dir, '--from', tarball, '--json');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.report).toMatchObject({ from: NEW_VERSION, to: NEW_VERSION, current: true });
    expect(r.report!.files.filter((f) => f.label !== 'unchanged')).toEqual([]);
    expect(await snapshot(dir), 'nothing changed').toEqual(before);
    expect(await git(dir, 'status', '--porcelain')).toBe('');
    const plain = await update(dir);
    expect(plain.code).toBe(0);
    expect(plain.stdout + plain.stderr).toMatch(/already at|current/i);
    const check = await update(dir, '--check', '--json');
    expect(check.code).toBe(0);
    expect(check.report).toMatchObject({ from: NEW_VERSION, to: NEW_VERSION, current: true });
  });

  test('the updated flask project passes its own tests and boots, directly and through nginx', async () => {
    const dir = dirs[FLASK.name];
    const pair = validPairs().find((p) => p.framework === 'flask' && p.server === 'gunicorn')!;
    const server = findServer(pair.server)!;
    const steps = new Steps();
    const venv = await steps.step('install', () => installProject(dir));
    const venvRun = (cmd: string, args: string[], what: string) =>
      steps.step(what, async () =>
        must(await run(cmd, args, { cwd: dir, env: venvEnv(venv), timeoutMs: 300_000 }), what),
      );
    await venvRun('ruff', ['check', '.'], 'ruff check');
    await venvRun('mypy', ['--no-incremental'], 'mypy');
    const pytest = await venvRun('pytest', ['-q', '-rA', '-p', 'no:cacheprovider'], 'pytest');
    expect(pytest.stdout, "the user's own test ran too").toContain(
      'PASSED tests/test_user.py::test_ping',
    );
    const cmd = await productionCommand(dir);
    const port = await freePort();
    const runEnv = venvEnv(venv, { ...cmd.env, HOST: '127.0.0.1', PORT: String(port) });
    const running = await steps.step('start with the Dockerfile CMD', () =>
      startAndWait(cmd.argv, dir, runEnv, `http://127.0.0.1:${port}/healthz`),
    );
    try {
      await steps.step('HTTP', () => proveApp(`http://127.0.0.1:${port}`, pair, '127.0.0.1', port));
      await steps.step('nginx in front', () =>
        nginxInFront({ pair, dir, venv, steps, cmd, port, running }),
      );
    } catch (e) {
      running.kill();
      (e as Error).message += `\n--- server output ---\n${running.output().slice(-3000)}`;
      throw e;
    }
    await steps.step('SIGTERM', () => proveStop(running, server, 'SIGTERM', 'flask × gunicorn'));
  }, 600_000);
});

/** No `.rej` or `.orig` file anywhere: conflicts live in the files and the index only. */
async function expectNoRejects(dir: string): Promise<void> {
  const strays = Object.keys(await snapshot(dir)).filter((p) => /\.(rej|orig)$/.test(p));
  expect(strays).toEqual([]);
}

/** The record's hash of each file with one of these labels is the file's on disk. */
async function expectRecordMatches(dir: string, report: Report, labels: string[]): Promise<void> {
  const recorded = new Map(
    (await read(dir, HASHES))
      .split('\n')
      .filter((l) => /^[0-9a-f]{64} {2}/.test(l))
      .map((l) => [l.slice(66), l.slice(0, 64)]),
  );
  for (const f of report.files.filter((x) => labels.includes(x.label) && x.path !== HASHES))
    expect(recorded.get(f.path), f.path).toBe(sha(await readFile(join(dir, f.path))));
}
