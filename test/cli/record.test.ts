import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listFiles } from '../helpers/render-to.js';
import { must, runCli } from '../helpers/run.js';

/**
 * The record's second half, .create-pyweb.sha256: `add` updates a file create-pyweb wrote as long
 * as its bytes still hash to the recorded line, whatever version wrote it; a changed file is the
 * user's, a deleted one stays deleted. All without git.
 */
const HASHES = '.create-pyweb.sha256';
const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pyweb-record-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** path → hash, as the hash file lists them. */
async function recorded(dir: string): Promise<Map<string, string>> {
  const text = await readFile(join(dir, HASHES), 'utf8');
  return new Map(
    text
      .split('\n')
      .filter((l) => /^[0-9a-f]{64} {2}/.test(l))
      .map((l) => [l.slice(66), l.slice(0, 64)]),
  );
}

/** Sets one file's line in the hash file, as another version of create-pyweb would have. */
async function rerecord(dir: string, path: string, hash: string): Promise<void> {
  const text = await readFile(join(dir, HASHES), 'utf8');
  const line = new RegExp(`^[0-9a-f]{64}  ${path.replace(/\./g, '\\.')}$`, 'm');
  expect(text).toMatch(line);
  await writeFile(join(dir, HASHES), text.replace(line, `${hash}  ${path}`));
}

const BASE = ['-f', 'fastapi', '-s', 'uvicorn', '--no-k8s', '--no-git', '--yes'];

/** A project without nginx (`add nginx` then changes compose.yaml), each in its own parent folder. */
async function create(where: string, flags: string[] = ['--no-nginx']): Promise<string> {
  await mkdir(join(work, where), { recursive: true });
  const dir = join(work, where, 'svc');
  must(await runCli([dir, ...BASE, ...flags]), `create ${where}`);
  return dir;
}

/** What create writes with nginx from the start: what an untouched compose.yaml becomes. */
let whole: string;
beforeAll(async () => {
  whole = await create('whole', ['--nginx']);
}, 60_000);

describe('the record of what create-pyweb wrote', () => {
  test('create records every file it wrote but .env and uv.lock, by the sha256 of its bytes', async () => {
    const dir = whole;
    const text = await readFile(join(dir, HASHES), 'utf8');
    // sha256sum's format, sorted by path, under a comment that says what it is.
    expect(text).toMatch(/^# Written by create-pyweb/);
    const hashes = await recorded(dir);
    const paths = [...hashes.keys()];
    expect(paths).toEqual([...paths].sort());
    const files = (await listFiles(dir)).filter(
      (f) => !['.env', 'uv.lock', HASHES].includes(f) && !f.startsWith('.venv/'),
    );
    expect(paths.sort()).toEqual(files.sort());
    for (const [path, hash] of hashes) expect(sha(await readFile(join(dir, path)))).toBe(hash);
    // Kept out of the image: it changes with every add and the app never reads it.
    expect(await readFile(join(dir, '.dockerignore'), 'utf8')).toMatch(/^\.create-pyweb\.sha256$/m);
    const dry = must(
      await runCli([join(work, 'dry', 'svc'), ...BASE, '--dry-run']),
      'create --dry-run',
    );
    expect(dry.stdout).toContain(HASHES);
  });

  test('an untouched file an older version wrote is updated when an add-on changes it', async () => {
    const dir = await create('older');
    // compose.yaml as an older version would have written it, and recorded it.
    const older = (await readFile(join(dir, 'compose.yaml'), 'utf8')).replace(
      /^services:/m,
      '# compose file of an older create-pyweb\nservices:',
    );
    await writeFile(join(dir, 'compose.yaml'), older);
    await rerecord(dir, 'compose.yaml', sha(older));
    const r = must(await runCli(['add', 'nginx', '--cwd', dir]), 'add nginx');
    expect(r.stdout).toMatch(/change\s+compose\.yaml/);
    // Written after every file it records, so that a stop half-way records nothing unwritten.
    const plan = r.stdout.split('\n').filter((l) => /^ {2}(create|change|same) /.test(l));
    expect(plan.at(-1)).toMatch(/change\s+\.create-pyweb\.sha256/);
    const now = await readFile(join(dir, 'compose.yaml'), 'utf8');
    expect(now).toBe(await readFile(join(whole, 'compose.yaml'), 'utf8'));
    expect((await recorded(dir)).get('compose.yaml')).toBe(sha(now));
    // The record is then what create writes with nginx from the start.
    expect(await readFile(join(dir, HASHES), 'utf8')).toBe(
      await readFile(join(whole, HASHES), 'utf8'),
    );
  });

  test('a file the user changed is skipped, and stays theirs; --force replaces it and records it', async () => {
    const dir = await create('edited');
    const mine = `${await readFile(join(dir, 'compose.yaml'), 'utf8')}# mine\n`;
    await writeFile(join(dir, 'compose.yaml'), mine);
    const before = (await recorded(dir)).get('compose.yaml');
    const r = must(await runCli(['add', 'nginx', '--cwd', dir]), 'add nginx');
    expect(r.stdout).toMatch(/skip\s+compose\.yaml/);
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toBe(mine);
    expect((await recorded(dir)).get('compose.yaml')).toBe(before);
    const f = must(await runCli(['add', 'nginx', '--force', '--cwd', dir]), 'add nginx --force');
    expect(f.stdout).toMatch(/change\s+compose\.yaml\s+replaced \(--force\)/);
    const now = await readFile(join(dir, 'compose.yaml'), 'utf8');
    expect(now).toBe(await readFile(join(whole, 'compose.yaml'), 'utf8'));
    expect((await recorded(dir)).get('compose.yaml')).toBe(sha(now));
  });

  test('a file edited in place keeps its recorded line: the next add still treats it as the user’s', async () => {
    const dir = await create('in-place');
    const pyproject = join(dir, 'pyproject.toml');
    await writeFile(pyproject, `${await readFile(pyproject, 'utf8')}\n[tool.mine]\nx = 1\n`);
    const line = (await recorded(dir)).get('pyproject.toml');
    const r = must(await runCli(['add', 'nginx', '--cwd', dir]), 'add nginx');
    expect(r.stdout).toMatch(/change\s+pyproject\.toml\s+edited in place/);
    expect(await readFile(pyproject, 'utf8')).toContain('[tool.mine]');
    expect((await recorded(dir)).get('pyproject.toml')).toBe(line);
  });

  test('a file the user deleted stays deleted, and is reported; --force writes it again', async () => {
    const dir = await create('deleted');
    await rm(join(dir, 'compose.yaml'));
    const r = must(await runCli(['add', 'nginx', '--cwd', dir]), 'add nginx');
    expect(r.stdout).toMatch(/deleted\s+compose\.yaml\s+you deleted it, so it stays deleted/);
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(false);
    // The rest of the add is done, and the record still knows the file was create-pyweb's.
    expect(existsSync(join(dir, 'deploy', 'nginx', 'default.conf'))).toBe(true);
    expect((await recorded(dir)).has('compose.yaml')).toBe(true);
    const again = must(await runCli(['add', 'nginx', '--cwd', dir]), 'add nginx again');
    expect(again.stdout).toMatch(/deleted\s+compose\.yaml/);
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(false);
    const f = must(await runCli(['add', 'nginx', '--force', '--cwd', dir]), 'add --force');
    expect(f.stdout).toMatch(/create\s+compose\.yaml\s+written again \(--force\)/);
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toBe(
      await readFile(join(whole, 'compose.yaml'), 'utf8'),
    );
  });

  test('the same add twice: the second changes nothing, the hash file included', async () => {
    const dir = await create('twice');
    must(await runCli(['add', 'nginx', '--cwd', dir]), 'add nginx');
    const first = await readFile(join(dir, HASHES), 'utf8');
    const r = must(await runCli(['add', 'nginx', '--cwd', dir]), 'add nginx again');
    expect(r.stdout).toContain('nothing to change');
    expect(await readFile(join(dir, HASHES), 'utf8')).toBe(first);
  });

  test('a project recorded without hashes is judged against today’s templates, as before', async () => {
    const dir = await create('no-hashes');
    await rm(join(dir, HASHES));
    // Without a recorded hash, a compose.yaml unlike today's render is taken as the user's.
    const older = `# older\n${await readFile(join(dir, 'compose.yaml'), 'utf8')}`;
    await writeFile(join(dir, 'compose.yaml'), older);
    const r = must(await runCli(['add', 'nginx', '--cwd', dir]), 'add nginx');
    expect(r.stdout).toMatch(/skip\s+compose\.yaml/);
    expect(r.stdout).toMatch(/change\s+README\.md/);
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toBe(older);
    // From now on the files add wrote are recorded; the others are still judged as before.
    const hashes = await recorded(dir);
    expect(hashes.get('README.md')).toBe(sha(await readFile(join(dir, 'README.md'))));
    expect(hashes.has('compose.yaml')).toBe(false);
    expect(hashes.has('Dockerfile')).toBe(false);
  });
});
