import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HASH_FILE, hashOf, parseHashes } from '../../generators/project/hashes.js';
import { VERSION } from '../../generators/version.js';
import { ROOT } from '../helpers/paths.js';
import { must, run, runCli } from '../helpers/run.js';

/**
 * `update` in a project create-pyweb did not make but added to: add plans it again, and a file
 * both sides changed is merged with its base from git (the blob the record's hash names). The
 * "older version" is simulated: a file as this build's add wrote it is changed as older templates
 * would have had it, its hash in the record set to match, the record's version set to 0.1.0, and
 * all of it committed, so that the old blob is in the history as a real older add leaves it.
 */

const FIXTURES = join(ROOT, 'test', 'fixtures', 'foreign');
const NGINX = 'deploy/nginx/default.conf';
const OLD = '0.1.0';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pyweb-update-found-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const git = (dir: string, ...args: string[]) =>
  run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });

async function commit(dir: string, message: string): Promise<void> {
  must(await git(dir, 'add', '-A'), 'git add');
  must(await git(dir, 'commit', '-qm', message), 'git commit');
}

/** The flask fixture with this build's `add docker nginx` in it, committed. */
async function added(name: string): Promise<string> {
  const dir = join(work, name, 'flaskr');
  await cp(join(FIXTURES, 'flask-factory'), dir, { recursive: true });
  must(await git(dir, 'init', '-q'), 'git init');
  await commit(dir, 'the project');
  must(await runCli(['add', 'docker', 'nginx', '--yes', '--cwd', dir]), 'add docker nginx');
  await commit(dir, 'create-pyweb add docker nginx');
  return dir;
}

async function edit(dir: string, path: string, from: string, to: string): Promise<string> {
  const text = await readFile(join(dir, path), 'utf8');
  expect(text).toContain(from);
  const out = text.replace(from, to);
  await writeFile(join(dir, path), out);
  return out;
}

/** As if create-pyweb 0.1.0 had written `path` with `from` where this one writes `to`. */
async function asOld(dir: string, edits: [path: string, now: string, old: string][]) {
  let hashes = await readFile(join(dir, HASH_FILE), 'utf8');
  for (const [path, now, old] of edits) {
    const text = await edit(dir, path, now, old);
    const line = new RegExp(`^[0-9a-f]{64}  ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm');
    expect(hashes).toMatch(line);
    hashes = hashes.replace(line, `${hashOf(text)}  ${path}`);
  }
  await writeFile(join(dir, HASH_FILE), hashes);
  await edit(
    dir,
    'pyproject.toml',
    `version = "${VERSION}"\nproject = "detected"`,
    `version = "${OLD}"\nproject = "detected"`,
  );
  await commit(dir, `as create-pyweb ${OLD} would have added it`);
}

interface UpdateJson {
  from: string;
  to: string;
  base: { source: string | null; detail: string } | null;
  files: { path: string; label: string; note?: string; conflicts?: number }[];
  conflicts: string[];
  written: boolean;
}

async function update(dir: string, ...args: string[]) {
  const r = await runCli(['update', '--json', '--cwd', dir, ...args]);
  let json: UpdateJson | undefined;
  try {
    json = JSON.parse(r.stdout) as UpdateJson;
  } catch {
    throw new Error(`update printed no JSON (exit ${r.code}):\n${r.stdout}${r.stderr}`);
  }
  const labels = Object.fromEntries(json.files.map((f) => [f.path, f.label]));
  return { r, json, labels };
}

describe('update in a project create-pyweb added to', () => {
  test('an edit of both sides is merged, an untouched file updated, a deleted one stays deleted', async () => {
    const dir = await added('clean');
    const nginx = await readFile(join(dir, NGINX), 'utf8');
    const dockerfile = await readFile(join(dir, 'Dockerfile'), 'utf8');
    const ours = parseHashes(await readFile(join(dir, HASH_FILE), 'utf8'));
    await asOld(dir, [
      [NGINX, 'client_max_body_size 10m;', 'client_max_body_size 1m;'],
      ['Dockerfile', '\nEXPOSE 8000', '\nEXPOSE 8000\n# an older line'],
    ]);
    // The user's edits: another region of the nginx file, and a file deleted.
    await edit(dir, NGINX, 'server_name localhost 127.0.0.1;', 'server_name shop.example.com;');
    await unlink(join(dir, '.dockerignore'));
    await commit(dir, 'my changes');

    const check = await runCli(['update', '--check', '--json', '--cwd', dir]);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout)).toEqual({ from: OLD, to: VERSION, current: false });

    // A dry run says the same and writes nothing.
    const dry = await update(dir, '--dry-run');
    expect(dry.r.code).toBe(0);
    expect(dry.json.written).toBe(false);
    expect(dry.labels[NGINX]).toBe('merged');
    expect((await git(dir, 'status', '--porcelain')).stdout).toBe('');

    const { r, json, labels } = await update(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(json).toMatchObject({ from: OLD, to: VERSION, conflicts: [], written: true });
    expect(json.base).toMatchObject({ source: 'git' });
    expect(labels).toMatchObject({
      [NGINX]: 'merged',
      Dockerfile: 'updated',
      '.dockerignore': 'deleted by user',
      'flaskr/proxied.py': 'unchanged',
      'pyproject.toml': 'updated',
    });
    const merged = await readFile(join(dir, NGINX), 'utf8');
    expect(merged).toBe(
      nginx.replace('server_name localhost 127.0.0.1;', 'server_name shop.example.com;'),
    );
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toBe(dockerfile);
    expect(existsSync(join(dir, '.dockerignore'))).toBe(false);
    const pyproject = await readFile(join(dir, 'pyproject.toml'), 'utf8');
    expect(pyproject).toContain(`version = "${VERSION}"\nproject = "detected"`);
    // The record has what create-pyweb writes: the merged file stays the user's, the deleted one deleted.
    const after = parseHashes(await readFile(join(dir, HASH_FILE), 'utf8'));
    expect(after).toEqual(ours);

    await commit(dir, 'create-pyweb update');
    const again = await runCli(['update', '--cwd', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing to update');
  });

  test('an overlapping edit is a conflict: markers, unmerged index entries, exit 1', async () => {
    const dir = await added('conflict');
    const theirs = await readFile(join(dir, NGINX), 'utf8');
    await asOld(dir, [[NGINX, 'client_max_body_size 10m;', 'client_max_body_size 1m;']]);
    const base = await readFile(join(dir, NGINX), 'utf8');
    const yours = await edit(dir, NGINX, 'client_max_body_size 1m;', 'client_max_body_size 20m;');
    await commit(dir, 'bigger uploads');

    const { r, json, labels } = await update(dir);
    expect(r.code).toBe(1);
    expect(json.conflicts).toEqual([NGINX]);
    expect(labels[NGINX]).toBe('conflict');
    const text = await readFile(join(dir, NGINX), 'utf8');
    expect(text).toContain(
      [
        '<<<<<<< yours',
        '    client_max_body_size 20m;',
        `||||||| create-pyweb ${OLD}`,
        '    client_max_body_size 1m;',
        '=======',
        '    client_max_body_size 10m;',
        `>>>>>>> create-pyweb ${VERSION}`,
      ].join('\n'),
    );
    const unmerged = (await git(dir, 'ls-files', '-u', '--', NGINX)).stdout.trim().split('\n');
    expect(unmerged.map((l) => l.split(/\s+/)[2])).toEqual(['1', '2', '3']);
    const stage = async (n: number) => (await git(dir, 'show', `:${n}:${NGINX}`)).stdout;
    expect(await stage(1)).toBe(base);
    expect(await stage(2)).toBe(yours);
    expect(await stage(3)).toBe(theirs);
    expect(parseHashes(await readFile(join(dir, HASH_FILE), 'utf8')).get(NGINX)).toBe(
      hashOf(theirs),
    );
  });

  test('a changed file whose base git does not have is kept, and said so', async () => {
    const dir = await added('no-base');
    // The record names a version of the file that no commit has.
    await asOld(dir, [[NGINX, 'client_max_body_size 10m;', 'client_max_body_size 1m;']]);
    const hashes = await readFile(join(dir, HASH_FILE), 'utf8');
    await writeFile(
      join(dir, HASH_FILE),
      hashes.replace(/^[0-9a-f]{64}(?= {2}deploy\/nginx\/default\.conf$)/m, '0'.repeat(64)),
    );
    await commit(dir, 'a record git has no blob for');
    const before = await readFile(join(dir, NGINX), 'utf8');

    const { r, json } = await update(dir);
    expect(r.code, r.stderr).toBe(0);
    const f = json.files.find((x) => x.path === NGINX)!;
    expect(f.label).toBe('kept');
    expect(f.note).toMatch(/no base: not in git history/);
    expect(await readFile(join(dir, NGINX), 'utf8')).toBe(before);
  });

  test('a project with no pyproject.toml: the record in .create-pyweb.toml moves, nothing else', async () => {
    const dir = join(work, 'single', 'app');
    await cp(join(FIXTURES, 'flask-single'), dir, { recursive: true });
    must(await git(dir, 'init', '-q'), 'git init');
    await commit(dir, 'the project');
    must(await runCli(['add', 'docker', '--yes', '--cwd', dir]), 'add docker');
    await edit(dir, '.create-pyweb.toml', `version = "${VERSION}"`, `version = "${OLD}"`);
    await commit(dir, `as create-pyweb ${OLD} would have added it`);

    const { r, json } = await update(dir);
    expect(r.code, r.stderr).toBe(0);
    // The glue package's __init__.py is rendered only while the package is new: it stays.
    const changed = json.files.filter((f) => f.label !== 'unchanged');
    expect(changed).toEqual([
      { path: '.create-pyweb.toml', label: 'updated', note: 'edited in place' },
    ]);
    expect(await readFile(join(dir, '.create-pyweb.toml'), 'utf8')).toContain(
      `version = "${VERSION}"`,
    );
  });
});
