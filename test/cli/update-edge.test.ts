import { mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { must, run, runCli } from '../helpers/run.js';

/**
 * update at its edges, found by a new-user trial: Windows line ends, links, text that is not
 * UTF-8, markers committed by a bot, a subfolder, bad input. A project made by this build with
 * its record set back to an older version stands in for an old project: its base is the first
 * commit's blobs (--offline), so no package is needed.
 */

const IDENTITY = {
  GIT_AUTHOR_NAME: 'pyweb test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'pyweb test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
const git = async (cwd: string, ...args: string[]) =>
  must(await run('git', args, { cwd, env: { ...process.env, ...IDENTITY } }), `git ${args[0]}`)
    .stdout;

interface Report {
  files: { path: string; label: string; note?: string }[];
  conflicts: string[];
  current: boolean;
}
async function update(cwd: string, ...args: string[]) {
  const r = await runCli(['update', ...args], { cwd, env: IDENTITY });
  const report = args.includes('--json') && r.stdout ? (JSON.parse(r.stdout) as Report) : undefined;
  return { ...r, report };
}
const labels = (r: Report) => Object.fromEntries(r.files.map((f) => [f.path, f.label]));

let work: string;
let origin: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pyweb-update-edge-'));
  must(
    await runCli(['svc', '--framework', 'flask', '--server', 'gunicorn', '--yes', '--no-install'], {
      cwd: work,
      env: IDENTITY,
    }),
    'create',
  );
  origin = join(work, 'svc');
  const py = join(origin, 'pyproject.toml');
  const text = await readFile(py, 'utf8');
  await writeFile(
    py,
    text.replace(/^version = "[^"]+"$/gm, (line, offset) =>
      // The record's version line, not [project]'s.
      offset > text.indexOf('[tool.create-pyweb]') ? 'version = "0.1.99"' : line,
    ),
  );
  await git(origin, 'commit', '-qam', 'as if an older create-pyweb had made it');
}, 120_000);
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function clone(name: string, ...config: string[]): Promise<string> {
  const dir = join(work, name);
  await git(work, 'clone', '-q', ...config.flatMap((c) => ['-c', c]), origin, dir);
  return dir;
}

describe('update at its edges', () => {
  test('a CRLF checkout (core.autocrlf) is judged as the LF it was written with', async () => {
    const lf = await update(await clone('lf'), '--offline', '--dry-run', '--json');
    const crlf = await clone('crlf', 'core.autocrlf=true');
    expect(await readFile(join(crlf, 'README.md'), 'utf8')).toContain('\r\n');
    const r = await update(crlf, '--offline', '--dry-run', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(labels(r.report!)).toEqual(labels(lf.report!));
    expect(labels(r.report!)['pyproject.toml']).toBe('merged');
    expect(r.report!.files.filter((f) => f.label === 'kept')).toEqual([]);
    // Written back with the file's own line ends.
    expect((await update(crlf, '--offline')).code).toBe(0);
    const py = await readFile(join(crlf, 'pyproject.toml'), 'utf8');
    expect(py).toContain('version = "0.2.0"\r\n');
    expect(py.replace(/\r\n/g, '')).not.toContain('\n');
  });

  test('a link, text that is not UTF-8 and a folder where a file was are kept, never written', async () => {
    const dir = await clone('opaque');
    const outside = join(work, 'outside.md');
    await writeFile(outside, '# mine, elsewhere\n');
    await unlink(join(dir, 'README.md'));
    await symlink(outside, join(dir, 'README.md'));
    const latin = Buffer.from('caf\xe9 = 1\n', 'latin1');
    await writeFile(join(dir, '.env.example'), latin);
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-qm', 'mine');
    const r = await update(dir, '--offline', '--json');
    expect(r.code, r.stderr).toBe(0);
    const by = Object.fromEntries(r.report!.files.map((f) => [f.path, f]));
    expect(by['README.md']).toMatchObject({
      label: 'kept',
      note: expect.stringMatching(/^a symbolic link/),
    });
    expect(by['.env.example']).toMatchObject({
      label: 'kept',
      note: expect.stringMatching(/^not UTF-8/),
    });
    expect(await readFile(outside, 'utf8')).toBe('# mine, elsewhere\n');
    expect(await readFile(join(dir, '.env.example'))).toEqual(latin);
  });

  test('markers committed by a bot keep update and --check at exit 1', async () => {
    const dir = await clone('markers');
    const readme = join(dir, 'README.md');
    await writeFile(
      readme,
      `${await readFile(readme, 'utf8')}<<<<<<< yours\na\n=======\nb\n>>>>>>> create-pyweb 0.2.0\n`,
    );
    await git(dir, 'commit', '-qam', 'a bot committed the markers');
    const check = await update(dir, '--check');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('unresolved conflicts from an update: README.md');
    const r = await update(dir, '--offline');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unresolved conflicts from an update: README.md');
  });

  test('from a subfolder it finds the project; bad input is one line and exit 1', async () => {
    const dir = await clone('sub');
    const r = await update(join(dir, 'svc'), '--offline', '--dry-run', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(labels(r.report!)['pyproject.toml']).toBe('merged');

    const both = await update(dir, '--offline', '--from', 'create-pyweb@0.1.0');
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/--offline .* --from/);

    const py = join(dir, 'pyproject.toml');
    await writeFile(
      py,
      (await readFile(py, 'utf8')).replace('version = "0.1.99"', 'version = "banana"'),
    );
    const bad = await update(dir, '--check');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('version = "banana" is not a create-pyweb version');
  });
});
