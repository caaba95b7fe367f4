import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, ROOT } from '../helpers/paths.js';
import { run } from '../helpers/run.js';

const DRIVER = join(ROOT, 'test', 'helpers', 'pty_drive.py');
const ENTER = '\r';
const DOWN = '\x1b[B';
const CTRL_C = '\x03';

type Step = { expect: string; send: string };

/** The questions after the server, answered with their defaults (no git, no install). */
const DEFAULT_REST: Step[] = [
  { expect: 'Deployment files', send: ENTER },
  { expect: 'Python version', send: ENTER },
  { expect: 'git repository', send: `n${ENTER}` },
  { expect: 'install now', send: `n${ENTER}` },
];

/** The CLI in a real pseudo-terminal: prompts render and read keys as they do for a person. */
function drive(steps: Step[], args: string[], cwd: string) {
  const env = { ...process.env, CI: '', TERM: 'xterm', NO_COLOR: '1', FORCE_COLOR: '0' };
  return run('python3', [DRIVER, JSON.stringify(steps), process.execPath, BIN, ...args], { cwd, env, timeoutMs: 90_000 });
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pyweb-pty-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('interactive flow through a pseudo-terminal', () => {
  test('every question, answered by keys, writes the chosen stack', async () => {
    const r = await drive([
      { expect: 'Project name', send: `tty-app${ENTER}` },
      // flask is the third framework in the catalog
      { expect: 'Framework', send: `${DOWN}${DOWN}${ENTER}` },
      { expect: 'Gunicorn \\(recommended\\)', send: ENTER },
      ...DEFAULT_REST,
    ], [], work);
    expect(r.code, r.stdout).toBe(0);
    const py = readFileSync(join(work, 'tty-app', 'pyproject.toml'), 'utf8');
    expect(py).toContain('framework = "flask"');
    expect(py).toContain('server = "gunicorn"');
    expect(py).toContain('python = "3.13"');
    expect(existsSync(join(work, 'tty-app', '.git'))).toBe(false);
    expect(r.stdout).toContain('npx create-pyweb tty-app --framework flask --server gunicorn');
  });

  test('questions answered by flags are not asked', async () => {
    const r = await drive([
      ...DEFAULT_REST,
    ], ['flagged', '-f', 'starlette', '-s', 'hypercorn'], work);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).not.toMatch(/Project name|Framework|Server/);
  });

  test('"help me choose" asks about needs and picks a stack', async () => {
    const r = await drive([
      { expect: 'Project name', send: `chosen${ENTER}` },
      // the last choice of the framework list
      { expect: 'Framework', send: `${'\x1b[A'}${ENTER}` },
      // first need is async: select it, go on
      { expect: 'What does the service need', send: ` ${ENTER}` },
      { expect: 'Stacks that fit', send: ENTER },
      ...DEFAULT_REST,
    ], [], work);
    expect(r.code, r.stdout).toBe(0);
    expect(readFileSync(join(work, 'chosen', 'pyproject.toml'), 'utf8')).toContain('framework = "fastapi"');
  });

  test('Ctrl-C at a prompt exits 130 and writes nothing', async () => {
    const before = readdirSync(work);
    const r = await drive([
      { expect: 'Project name', send: `cancelled-app${ENTER}` },
      { expect: 'Framework', send: CTRL_C },
    ], [], work);
    expect(r.code, r.stdout).toBe(130);
    expect(readdirSync(work)).toEqual(before);
  });

  test('a non-empty directory: cancel leaves it, exit 130', async () => {
    const dir = join(work, 'occupied');
    await mkdir(dir);
    await writeFile(join(dir, 'mine.txt'), 'mine');
    const r = await drive([{ expect: 'is not empty', send: ENTER }], [dir, '-f', 'flask', '-s', 'gunicorn', '--no-docker', '--python', '3.12', '--no-git', '--no-install'], work);
    expect(r.code, r.stdout).toBe(130);
    expect(readdirSync(dir)).toEqual(['mine.txt']);
  });

  test('a bad name at the prompt is explained and asked again', async () => {
    const r = await drive([
      { expect: 'Project name', send: `class${ENTER}` },
      { expect: 'Python keyword', send: `${'\x7f'.repeat(5)}fine-name${ENTER}` },
      { expect: 'Framework', send: CTRL_C },
    ], [], work);
    expect(r.code, r.stdout).toBe(130);
  });
});

describe('add, in a terminal', () => {
  const FIXTURES = join(ROOT, 'test', 'fixtures', 'foreign');
  const SPACE = ' ';

  test('no add-on named: a multiselect of those that fit, then the server question', async () => {
    const dir = join(work, 'add-pick');
    await cp(join(FIXTURES, 'flask-single'), dir, { recursive: true });
    const r = await drive([
      // docker is first and not yet present: tick it and go on.
      { expect: 'space toggles', send: `${SPACE}${ENTER}` },
      { expect: 'names no server', send: ENTER },
    ], ['add'], dir);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/create\s+Dockerfile/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain('"gunicorn"');
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(false);
  });

  test('an ambiguous project is asked about, not guessed', async () => {
    const dir = join(work, 'add-ambiguous');
    await cp(join(FIXTURES, 'ambiguous'), dir, { recursive: true });
    const r = await drive([
      { expect: 'flask', send: ENTER },
      { expect: 'names no server', send: ENTER },
    ], ['add', 'docker'], dir);
    expect(r.code, r.stdout).toBe(0);
    expect(readFileSync(join(dir, '.create-pyweb.toml'), 'utf8')).toContain('framework = "flask"');
  });

  test('compose without docker: asked, and a yes adds docker', async () => {
    const dir = join(work, 'add-needs');
    await cp(join(FIXTURES, 'flask-single'), dir, { recursive: true });
    const r = await drive([
      { expect: 'names no server', send: ENTER },
      { expect: 'needs docker', send: `y${ENTER}` },
    ], ['add', 'compose'], dir);
    expect(r.code, r.stdout).toBe(0);
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(true);
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(true);
  });
});

