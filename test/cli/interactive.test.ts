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
function drive(steps: Step[], args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const env = {
    ...process.env,
    CI: '',
    TERM: 'xterm',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    ...extraEnv,
  };
  return run('python3', [DRIVER, JSON.stringify(steps), process.execPath, BIN, ...args], {
    cwd,
    env,
    timeoutMs: 90_000,
  });
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
    const r = await drive(
      [
        { expect: 'Project name', send: `tty-app${ENTER}` },
        // flask is the third framework in the catalog
        { expect: 'Framework', send: `${DOWN}${DOWN}${ENTER}` },
        { expect: 'Gunicorn \\(recommended\\)', send: ENTER },
        ...DEFAULT_REST,
      ],
      [],
      work,
    );
    expect(r.code, r.stdout).toBe(0);
    const py = readFileSync(join(work, 'tty-app', 'pyproject.toml'), 'utf8');
    expect(py).toContain('framework = "flask"');
    expect(py).toContain('server = "gunicorn"');
    expect(py).toContain('python = "3.13"');
    expect(existsSync(join(work, 'tty-app', '.git'))).toBe(false);
    expect(r.stdout).toContain('npx create-pyweb tty-app --framework flask --server gunicorn');
  });

  test('questions answered by flags are not asked', async () => {
    const r = await drive(
      [...DEFAULT_REST],
      ['flagged', '-f', 'starlette', '-s', 'hypercorn'],
      work,
    );
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).not.toMatch(/Project name|Framework|Server/);
  });

  test('"help me choose" asks about needs and picks a stack', async () => {
    const r = await drive(
      [
        { expect: 'Project name', send: `chosen${ENTER}` },
        // the last choice of the framework list
        { expect: 'Framework', send: `${'\x1b[A'}${ENTER}` },
        // first need is async: select it, go on
        { expect: 'What does the service need', send: ` ${ENTER}` },
        { expect: 'Stacks that fit', send: ENTER },
        ...DEFAULT_REST,
      ],
      [],
      work,
    );
    expect(r.code, r.stdout).toBe(0);
    expect(readFileSync(join(work, 'chosen', 'pyproject.toml'), 'utf8')).toContain(
      'framework = "fastapi"',
    );
    // The answered line names the needs ticked, not their questions: short enough not to break.
    expect(r.stdout).toMatch(/What does the service need\? › async\s*\n/);
  });

  test('Ctrl-U in the name clears what is before the cursor, as in a shell (issue 15, item 9)', async () => {
    const r = await drive(
      [
        // Ctrl-U erases "junk"; Ctrl-B, which prompts has no action for, types nothing.
        { expect: 'Project name', send: `junk\x15ctrl\x02-u-app${ENTER}` },
        ...DEFAULT_REST,
      ],
      ['-f', 'flask', '-s', 'gunicorn'],
      work,
    );
    expect(r.code, r.stdout).toBe(0);
    expect(existsSync(join(work, 'ctrl-u-app', 'pyproject.toml')), r.stdout).toBe(true);
    expect(r.stdout).toContain('npx create-pyweb ctrl-u-app --framework flask');
  });

  test('CI=false and CI=0 are not CI: the questions are asked (issue 15, item 12)', async () => {
    for (const ci of ['false', '0']) {
      const r = await drive([{ expect: 'Project name', send: CTRL_C }], [], work, { CI: ci });
      expect(r.code, `CI=${ci}: ${r.stdout}`).toBe(130);
    }
  });

  test('CI=true in a terminal: the error names CI, not a missing terminal (issue 15, item 12)', async () => {
    const r = await drive([], [], work, { CI: 'true' });
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain('a project directory is needed when CI is set (CI=true)');
    expect(r.stdout).not.toContain('not running in a terminal');
  });

  test('Ctrl-C at a prompt exits 130 and writes nothing', async () => {
    const before = readdirSync(work);
    const r = await drive(
      [
        { expect: 'Project name', send: `cancelled-app${ENTER}` },
        { expect: 'Framework', send: CTRL_C },
      ],
      [],
      work,
    );
    expect(r.code, r.stdout).toBe(130);
    expect(readdirSync(work)).toEqual(before);
  });

  test('a non-empty directory: cancel leaves it, exit 130', async () => {
    const dir = join(work, 'occupied');
    await mkdir(dir);
    await writeFile(join(dir, 'mine.txt'), 'mine');
    const r = await drive(
      [{ expect: 'is not empty', send: ENTER }],
      [
        dir,
        '-f',
        'flask',
        '-s',
        'gunicorn',
        '--no-docker',
        '--python',
        '3.12',
        '--no-git',
        '--no-install',
      ],
      work,
    );
    expect(r.code, r.stdout).toBe(130);
    expect(readdirSync(dir)).toEqual(['mine.txt']);
  });

  test('a bad name at the prompt is explained and asked again', async () => {
    const r = await drive(
      [
        { expect: 'Project name', send: `class${ENTER}` },
        { expect: 'Python keyword', send: `${'\x7f'.repeat(5)}fine-name${ENTER}` },
        { expect: 'Framework', send: CTRL_C },
      ],
      [],
      work,
    );
    expect(r.code, r.stdout).toBe(130);
  });
});

describe('add, in a terminal', () => {
  const FIXTURES = join(ROOT, 'test', 'fixtures', 'foreign');
  const SPACE = ' ';

  test('no add-on named: a multiselect of those that fit, then the server question', async () => {
    const dir = join(work, 'add-pick');
    await cp(join(FIXTURES, 'flask-single'), dir, { recursive: true });
    const r = await drive(
      [
        // docker is first and not yet present: tick it and go on.
        { expect: 'space toggles', send: `${SPACE}${ENTER}` },
        { expect: 'names no server', send: ENTER },
      ],
      ['add'],
      dir,
    );
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/create\s+Dockerfile/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain('"gunicorn"');
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(false);
  });

  test('an ambiguous project is asked about, not guessed', async () => {
    const dir = join(work, 'add-ambiguous');
    await cp(join(FIXTURES, 'ambiguous'), dir, { recursive: true });
    const r = await drive(
      [
        { expect: 'flask', send: ENTER },
        { expect: 'names no server', send: ENTER },
      ],
      ['add', 'docker'],
      dir,
    );
    expect(r.code, r.stdout).toBe(0);
    expect(readFileSync(join(dir, '.create-pyweb.toml'), 'utf8')).toContain('framework = "flask"');
  });

  test('compose without docker: asked, and a yes adds docker', async () => {
    const dir = join(work, 'add-needs');
    await cp(join(FIXTURES, 'flask-single'), dir, { recursive: true });
    const r = await drive(
      [
        { expect: 'needs docker', send: `y${ENTER}` },
        { expect: 'names no server', send: ENTER },
      ],
      ['add', 'compose'],
      dir,
    );
    expect(r.code, r.stdout).toBe(0);
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(true);
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(true);
  });
});

describe('refused where it is asked (issue 10, item 5)', () => {
  const SPACE = ' ';
  const BACKSPACES = '\x7f'.repeat(12);

  test('a bad name given as an argument is refused before any question', async () => {
    const r = await drive([], ['class'], work);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/"class" is a Python keyword/);
    expect(r.stdout).not.toMatch(/Framework|Server|Deployment/);
  });

  test('an impossible pair is refused before any question', async () => {
    const r = await drive([], ['-f', 'flask', '-s', 'daphne'], work);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/flask speaks WSGI; daphne serves ASGI only/);
    expect(r.stdout).not.toMatch(/Project name/);
  });

  test('a file typed at the name prompt is refused there, and the name asked again', async () => {
    await writeFile(join(work, 'afile'), 'mine');
    const r = await drive(
      [
        { expect: 'Project name', send: `afile${ENTER}` },
        { expect: 'afile exists and is a file', send: `${BACKSPACES}named-ok${ENTER}` },
        { expect: 'Framework', send: CTRL_C },
      ],
      [],
      work,
    );
    expect(r.code, r.stdout).toBe(130);
    expect(readFileSync(join(work, 'afile'), 'utf8')).toBe('mine');
  });

  test('a full folder typed at the name prompt is listed and asked about at once; another name can be chosen', async () => {
    const dir = join(work, 'full-folder');
    await mkdir(dir);
    await writeFile(join(dir, 'mine.txt'), 'mine');
    const r = await drive(
      [
        { expect: 'Project name', send: `full-folder${ENTER}` },
        // Cancel, Choose another name, Remove…: the second.
        { expect: 'full-folder is not empty', send: `${DOWN}${ENTER}` },
        { expect: 'Project name', send: `${BACKSPACES}fresh-folder${ENTER}` },
        { expect: 'Framework', send: CTRL_C },
      ],
      [],
      work,
    );
    expect(r.code, r.stdout).toBe(130);
    expect(r.stdout).toMatch(/full-folder holds:\s+mine\.txt/);
    expect(r.stdout.indexOf('is not empty')).toBeLessThan(r.stdout.indexOf('Framework'));
    expect(readdirSync(dir)).toEqual(['mine.txt']);
  });

  test('with -s gunicorn, only the frameworks it serves are offered', async () => {
    const r = await drive(
      [{ expect: 'Framework \\(those Gunicorn serves\\)[\\s\\S]*Help me choose', send: CTRL_C }],
      ['svc-g', '-s', 'gunicorn'],
      work,
    );
    expect(r.code, r.stdout).toBe(130);
    expect(r.stdout).toMatch(/Flask/);
    expect(r.stdout).not.toMatch(/FastAPI|Starlette|Tornado/);
  });

  test('unticking only the Dockerfile is explained in the deployment question, in words', async () => {
    const r = await drive(
      [
        // The Dockerfile is first: untick it, keep docker compose.
        { expect: 'Deployment files', send: `${SPACE}${ENTER}` },
        {
          expect:
            'the image for docker compose \\(app \\+ nginx\\) is built by the Dockerfile: tick Dockerfile too',
          send: `${SPACE}${ENTER}`,
        },
        { expect: 'Python version', send: ENTER },
        { expect: 'git repository', send: `n${ENTER}` },
        { expect: 'install now', send: `n${ENTER}` },
      ],
      ['ticks-app', '-f', 'flask', '-s', 'gunicorn'],
      work,
    );
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).not.toMatch(/--compose needs --docker/);
    expect(existsSync(join(work, 'ticks-app', 'Dockerfile'))).toBe(true);
  });
});

describe('seen where it is asked (issue 10, item 6)', () => {
  const SPACE = ' ';

  test('"Help me choose…" is on the first screen of the framework question', async () => {
    const r = await drive(
      [{ expect: 'Framework[\\s\\S]*Help me choose', send: CTRL_C }],
      ['seen-app'],
      work,
    );
    expect(r.code, r.stdout).toBe(130);
  });

  test('the deployment question says that space toggles', async () => {
    const r = await drive(
      [{ expect: 'Deployment files[^\\n]*space toggles', send: CTRL_C }],
      ['toggles-app', '-f', 'flask', '-s', 'gunicorn'],
      work,
    );
    expect(r.code, r.stdout).toBe(130);
  });

  test('needs nothing fits (WebSocket inside Apache) are explained and asked again', async () => {
    const r = await drive(
      [
        { expect: 'Framework', send: `${'\x1b[A'}${ENTER}` },
        // async, sync, websocket, http2, http3, apache: tick websocket (3rd) and apache (6th).
        {
          expect: 'What does the service need',
          send: `${DOWN}${DOWN}${SPACE}${DOWN}${DOWN}${DOWN}${SPACE}${ENTER}`,
        },
        // Asked again with the same ticks: untick apache.
        { expect: 'no stack meets both[^\\n]*Apache', send: `${DOWN.repeat(5)}${SPACE}${ENTER}` },
        { expect: 'Stacks that fit', send: ENTER },
        ...DEFAULT_REST,
      ],
      ['ws-apache'],
      work,
    );
    expect(r.code, r.stdout).toBe(0);
    const py = readFileSync(join(work, 'ws-apache', 'pyproject.toml'), 'utf8');
    expect(py).toMatch(/server = "(uvicorn|hypercorn|daphne|granian|gunicorn-uvicorn)"/);
  });
});

describe('wording and colour in a terminal (issue 10, items 14, 15)', () => {
  test('--yes without a folder: the reason is --yes, not a missing terminal', async () => {
    const r = await drive([], ['--yes'], work);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/a project directory is needed with --yes/);
  });

  test('"Repeat this run" keeps --install after a yes at the prompt', async () => {
    const bin = join(work, 'fake-uv');
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, 'uv'), '#!/bin/sh\n[ "$1" = venv ] && mkdir -p .venv/bin\nexit 0\n', {
      mode: 0o755,
    });
    const r = await drive(
      [{ expect: 'install now', send: `y${ENTER}` }],
      [
        'inst-tty',
        '-f',
        'bottle',
        '-s',
        'gunicorn',
        '--no-docker',
        '--no-compose',
        '--python',
        '3.12',
        '--no-git',
      ],
      work,
      { PATH: `${bin}:${process.env.PATH}`, npm_config_user_agent: 'npm/10.8.2 node/v20' },
    );
    expect(r.code, r.stdout).toBe(0);
    // The command is wrapped to the terminal, with ` \` continuations: read back as one line.
    expect(r.stdout.replace(/ \\\r?\n\s+/g, ' ')).toMatch(
      /npx create-pyweb inst-tty --framework bottle --server gunicorn .* --install --yes/,
    );
  });

  /** The raw bytes a terminal gets, escape codes and all. */
  async function raw(
    cmd: string[],
    sendAfter: string,
    keys: string,
    env: NodeJS.ProcessEnv,
  ): Promise<{ code: number | null; out: string }> {
    const script = [
      'import os, pty, select, sys, time',
      'pid, fd = pty.fork()',
      'if pid == 0: os.execvp(sys.argv[3], sys.argv[3:])',
      'out = b""; sent = False; end = time.time() + 20',
      'while time.time() < end:',
      '    r, _, _ = select.select([fd], [], [], 0.2)',
      '    if r:',
      '        try: chunk = os.read(fd, 65536)',
      '        except OSError: break',
      '        if not chunk: break',
      '        out += chunk',
      '    if not sent and sys.argv[1].encode() in out:',
      '        time.sleep(0.2); os.write(fd, sys.argv[2].encode()); sent = True',
      '_, status = os.waitpid(pid, 0)',
      'sys.stdout.write(out.hex())',
      'sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 99)',
    ].join('\n');
    const r = await run('python3', ['-c', script, sendAfter, keys, ...cmd], {
      cwd: work,
      env: { ...process.env, CI: '', TERM: 'xterm', ...env },
      timeoutMs: 60_000,
    });
    return { code: r.code, out: Buffer.from(r.stdout.trim(), 'hex').toString('utf8') };
  }

  test('NO_COLOR: the prompts print no colour either', async () => {
    const env = { NO_COLOR: '1', FORCE_COLOR: '' };
    const r = await raw([process.execPath, BIN], 'Project name', CTRL_C, env);
    expect(r.code).toBe(130);
    expect(r.out).toContain('Project name');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes it looks for.
    expect(r.out).not.toMatch(/\x1b\[[0-9;]*m/);
  });

  test('stderr to a file gets no escape codes when stdout is a terminal', async () => {
    const env = { NO_COLOR: '', FORCE_COLOR: '' };
    const log = join(work, 'err.log');
    const r = await raw(
      ['sh', '-c', `"${process.execPath}" "${BIN}" --bogus 2>"${log}"`],
      'NEVER-SEEN-MARK',
      '',
      env,
    );
    expect(r.code).toBe(1);
    const err = readFileSync(log, 'utf8');
    expect(err).toMatch(/^error: unknown option --bogus/);
    expect(err).not.toContain('\x1b');
  });
});
