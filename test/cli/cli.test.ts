import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FRAMEWORKS, SERVERS, pairOf, validPairs } from '../../generators/catalog/index.js';
import { FLAGS } from '../../generators/cli/flags.js';
import { ROOT, TOOL_BIN } from '../helpers/paths.js';
import { UV_CACHE } from '../helpers/python.js';
import { run, runCli } from '../helpers/run.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
let work: string;
beforeAll(async () => {
  // Outside any git repository, so that git init is not skipped.
  work = await mkdtemp(join(tmpdir(), 'pyweb-cli-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';

describe('information', () => {
  test('--help lists every flag and the npm create example', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const f of FLAGS) expect(r.stdout).toContain(`--${f.negatable ? '[no-]' : ''}${f.name}`);
    expect(r.stdout).toContain(
      'npm create pyweb@latest my-app -- --framework flask --server gunicorn',
    );
    expect((await runCli(['-h'])).stdout).toBe(r.stdout);
  });

  test('--version and -v print the package version', async () => {
    expect((await runCli(['--version'])).stdout.trim()).toBe(pkg.version);
    expect((await runCli(['-v'])).stdout.trim()).toBe(pkg.version);
  });

  test('--list shows the grid and the pair count', async () => {
    const r = await runCli(['--list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${validPairs().length} pairs.`);
    for (const f of FRAMEWORKS) expect(r.stdout).toContain(f.id);
  });

  test('--list --json is the catalog', async () => {
    const r = await runCli(['--list', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.schemaVersion).toBe(1);
    expect(data.tool).toEqual({ name: 'create-pyweb', version: pkg.version });
    expect(data.frameworks.length).toBeGreaterThanOrEqual(11);
    expect(data.servers.length).toBeGreaterThanOrEqual(9);
    expect(data.pairs.length).toBeGreaterThanOrEqual(50);
    for (const p of data.pairs) {
      expect(FRAMEWORKS.some((f) => f.id === p.framework)).toBe(true);
      expect(SERVERS.some((s) => s.id === p.server)).toBe(true);
    }
  });

  test('help is --help, and help add, help recommend are theirs; no project "help" (issue 15, item 13)', async () => {
    const help = await runCli(['help'], { cwd: work });
    expect(help.code).toBe(0);
    expect(help.stdout).toBe((await runCli(['--help'])).stdout);
    expect(existsSync(join(work, 'help'))).toBe(false);
    for (const cmd of ['add', 'recommend']) {
      const r = await runCli(['help', cmd]);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toBe((await runCli([cmd, '--help'])).stdout);
    }
    const other = await runCli(['help', 'me']);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^error: no help on "me"/);
  });

  test('--json alone is a usage error', async () => {
    const r = await runCli(['--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--json goes with --list');
  });
});

describe('npm create without -- (issue 15, item 11)', () => {
  // What npm 11 hands the tool for `npm create pyweb x --framework flask` (npm 10 alike).
  const npmEnv = {
    npm_command: 'init',
    npm_config_user_agent: 'npm/11.6.0 node/v20.19.0 linux x64 workspaces/false',
  };

  test('the value npm passed on is not taken for a second directory', async () => {
    const r = await runCli(['npm-x', 'flask'], {
      cwd: work,
      env: { ...npmEnv, npm_config_framework: 'true' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: npm kept --framework for itself: .*options go after --\n/);
    expect(r.stderr).toContain('npm create pyweb@latest my-app -- --framework flask');
    expect(r.stderr).not.toMatch(/quote/);
    expect(existsSync(join(work, 'npm-x'))).toBe(false);
  });

  test('--framework=flask --k8s, which npm keeps whole, is not silently dropped', async () => {
    const r = await runCli(['npm-y', '--yes'], {
      cwd: work,
      env: { ...npmEnv, npm_config_framework: 'flask', npm_config_k8s: 'true' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: npm kept --framework=flask --k8s for itself/);
    expect(existsSync(join(work, 'npm-y'))).toBe(false);
  });
});

describe('refusals: exit 1, one line with the reason, nothing written', () => {
  const impossible = FRAMEWORKS.flatMap((f) =>
    SERVERS.filter((s) => !pairOf(f, s)).map((s) => [f.id, s.id] as const),
  );

  test(`every impossible pair (${impossible.length}) is refused with what fits`, async () => {
    const results = [];
    for (let i = 0; i < impossible.length; i += 8) {
      results.push(
        ...(await Promise.all(
          impossible.slice(i, i + 8).map(async ([f, s]) => {
            const dir = join(work, `no-${f}-${s}`);
            return { f, s, dir, r: await runCli([dir, '-f', f, '-s', s, '--yes']) };
          }),
        )),
      );
    }
    for (const { f, s, dir, r } of results) {
      expect(r.code, `${f} × ${s}`).toBe(1);
      expect(r.stderr, `${f} × ${s}`).toMatch(new RegExp(`^error: .*${f}.*${s}.*; try \\S+`));
      expect(existsSync(dir), `${f} × ${s} wrote ${dir}`).toBe(false);
    }
  });

  test.each([
    [['-f', 'flsk'], /unknown framework "flsk"; did you mean flask\?/],
    [['-s', 'unicorn'], /unknown server "unicorn"; did you mean uvicorn\?/],
    [['-f', 'rails'], /unknown framework "rails"; choose one of fastapi, django/],
    [['--docker', '--no-docker'], /conflicting options: --docker and --no-docker/],
    [['--dokcer'], /unknown option --dokcer; did you mean --docker\?/],
    [['--python', '3.9'], /unknown python "3.9"/],
    [['--no-docker', '--compose'], /--compose needs --docker/],
    [['-f', 'flask', '-s', 'gunicorn', '--apache'], /--apache applies to mod_wsgi only/],
    [['--python', '3.10'], /3\.10 is not supported: .*need 3\.11 or newer\nchoose one of 3\.11/],
    [['a', 'b'], /expected one directory/],
  ])('%j', async (args, why) => {
    const r = await runCli(['x-app', ...args, '--yes'], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(why);
    expect(existsSync(join(work, 'x-app'))).toBe(false);
  });

  test.each(['class', 'json', 'test', 'flask', '..', '1abc', '!!!'])(
    'the name %j is refused',
    async (name) => {
      const parent = join(work, `names-${name.replace(/\W/g, '_')}`, 'inner');
      await mkdir(parent, { recursive: true });
      const before = readdirSync(parent);
      const r = await runCli([name, '--yes'], { cwd: parent });
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2);
      expect(readdirSync(parent)).toEqual(before);
    },
  );

  test('without a terminal a directory is required', async () => {
    const r = await runCli(['--yes'], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a project directory is needed');
  });
});

describe('writing', () => {
  test('a server without a framework: the first framework that fits it, said so (M3)', async () => {
    const r = await runCli(['waitress-app', '-s', 'waitress', '--no-git', '--yes'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('no --framework given: using django, the first that fits waitress');
    expect(r.stdout).not.toContain('no --server given');
    const py = readFileSync(join(work, 'waitress-app', 'pyproject.toml'), 'utf8');
    expect(py).toContain('framework = "django"');
    expect(py).toContain('server = "waitress"');
  });

  test('no TTY: defaults are taken and said, and the project is complete', async () => {
    const r = await runCli(['plain-app', '--no-git'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('no --framework given: using fastapi');
    expect(r.stdout).toContain('no --server given: using uvicorn');
    const py = readFileSync(join(work, 'plain-app', 'pyproject.toml'), 'utf8');
    expect(py).toContain('framework = "fastapi"');
    expect(py).toContain('server = "uvicorn"');
    expect(existsSync(join(work, 'plain-app', '.gitignore'))).toBe(true);
    expect(r.stdout).toContain('npx create-pyweb plain-app --framework fastapi --server uvicorn');
  });

  test('--no-docker: the next steps name no image and no container (issue 15, item 13)', async () => {
    const r = await runCli(
      ['plain-site', '-f', 'django', '-s', 'gunicorn', '--no-docker', '--no-git'],
      {
        cwd: work,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const after = r.stdout.slice(r.stdout.indexOf('Next steps'));
    expect(after).toContain('collectstatic');
    expect(after).not.toMatch(/image|container|Dockerfile/);
  });

  test('next steps and the repeat command fit 80 columns, broken at spaces (issue 15, item 16)', async () => {
    const r = await runCli(['wide-app', '-f', 'flask', '-s', 'granian', '--k8s', '--no-git'], {
      cwd: work,
    });
    expect(r.code, r.stderr).toBe(0);
    const after = r.stdout.slice(r.stdout.indexOf('Next steps'));
    for (const line of after.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    // Continuation lines join back into the commands as they were.
    const joined = after.replace(/ \\\n\s+/g, ' ');
    expect(joined).toMatch(/\n {2}granian --interface wsgi .* wide_app\.proxied:app\n/);
    expect(joined).toContain(
      'npx create-pyweb wide-app --framework flask --server granian --docker --compose --nginx --k8s --ci --no-postgres --no-git --yes',
    );
  });

  test('CI=true with an open stdin never waits for input', async () => {
    const r = await run(
      process.execPath,
      [join(ROOT, 'bin', 'create-pyweb.js'), 'ci-app', '--no-git'],
      { cwd: work, env: { ...process.env, CI: 'true' }, timeoutMs: 30_000, keepStdinOpen: true },
    );
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(0);
  });

  test('a non-empty directory is refused without --overwrite, and kept intact', async () => {
    const dir = join(work, 'busy');
    await mkdir(join(dir, '.git'), { recursive: true });
    await writeFile(join(dir, 'notes.txt'), 'mine');
    const r = await runCli([dir, '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not empty');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  test('--overwrite replaces the contents but keeps .git', async () => {
    const dir = join(work, 'over');
    await mkdir(join(dir, '.git'), { recursive: true });
    await writeFile(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    await writeFile(join(dir, 'old.txt'), 'old');
    const r = await runCli([dir, '-f', 'flask', '--overwrite', '--yes', '--no-git']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(existsSync(join(dir, 'old.txt'))).toBe(false);
    expect(existsSync(join(dir, 'over', 'api.py'))).toBe(true);
  });

  test('a failure during rendering leaves the target as it was', async () => {
    const dir = join(work, 'fault');
    await mkdir(dir);
    await writeFile(join(dir, 'keep.txt'), 'keep');
    const r = await runCli([dir, '--overwrite', '--yes'], {
      env: { CREATE_PYWEB_INJECT_FAULT: 'render' },
    });
    expect(r.code).toBe(1);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
    const fresh = join(work, 'fault-fresh');
    expect(
      (await runCli([fresh, '--yes'], { env: { CREATE_PYWEB_INJECT_FAULT: 'render' } })).code,
    ).toBe(1);
    expect(existsSync(fresh)).toBe(false);
  });

  test('a file --overwrite cannot move (immutable) leaves the folder as it was (issue 15, item 7)', async (ctx) => {
    const dir = join(work, 'stuck');
    await mkdir(dir);
    const mine = ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt'];
    for (const f of mine) await writeFile(join(dir, f), f);
    await writeFile(join(dir, 'z.txt'), 'z');
    // Even root cannot rename an immutable file: a real failure half-way through the replacement.
    if ((await run('chattr', ['+i', join(dir, 'z.txt')])).code !== 0)
      ctx.skip('chattr +i is not available here');
    try {
      const r = await runCli([dir, '-f', 'flask', '--overwrite', '--yes', '--no-git']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: cannot write to .*stuck: permission denied\n/);
      expect(readdirSync(dir).sort()).toEqual([...mine, 'z.txt']);
      for (const f of mine) expect(readFileSync(join(dir, f), 'utf8')).toBe(f);
    } finally {
      await run('chattr', ['-i', join(dir, 'z.txt')]);
    }
    const again = await runCli([dir, '-f', 'flask', '--overwrite', '--yes', '--no-git']);
    expect(again.code, again.stderr).toBe(0);
    expect(readdirSync(dir)).not.toContain('z.txt');
  });

  test('--dry-run into a folder that is not empty lists, then fails as the real run does (issue 15, item 14)', async () => {
    const dir = join(work, 'dry-busy');
    await mkdir(dir);
    await writeFile(join(dir, 'keep.txt'), 'keep');
    const real = await runCli([dir, '-f', 'flask', '--yes', '--no-git']);
    const dry = await runCli([dir, '-f', 'flask', '--yes', '--no-git', '--dry-run']);
    expect(real.code).toBe(1);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toBe(real.stderr);
    expect(dry.stderr).toMatch(/^error: .*dry-busy is not empty\n/);
    expect(dry.stdout).toMatch(/Would write .*dry-busy:\n[\s\S]*pyproject\.toml/);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  });

  test('--dry-run prints the tree with sizes and writes nothing', async () => {
    const dir = join(work, 'dry', 'nested');
    const r = await runCli([dir, '-f', 'django', '--k8s', '--dry-run', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/pyproject\.toml\s+[\d.]+ (B|kB)/);
    expect(r.stdout).toMatch(/\d+ files, [\d.]+ kB/);
    expect(r.stdout).toContain('nothing was written');
    expect(existsSync(join(work, 'dry'))).toBe(false);
  });

  test('. writes into the current directory and names the project after it', async () => {
    const dir = join(work, 'Dot Project');
    await mkdir(dir);
    const r = await runCli(['.', '-f', 'bottle', '--yes', '--no-git'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'pyproject.toml'), 'utf8')).toContain('name = "dot-project"');
    expect(existsSync(join(dir, 'dot_project'))).toBe(true);
  });

  test('a path with parents is created', async () => {
    const r = await runCli([join(work, 'deep', 'er', 'svc'), '--yes', '--no-git']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(work, 'deep', 'er', 'svc', 'svc', 'app.py'))).toBe(true);
  });

  test('git: init and a first commit outside a repository', async () => {
    const env = {
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    };
    const r = await runCli(['gitted', '--yes'], { cwd: work, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('initialised a git repository with a first commit');
    const log = await run('git', ['log', '--oneline'], { cwd: join(work, 'gitted') });
    expect(log.stdout).toContain('Initial commit from create-pyweb');
  });

  test('git: skipped, with the reason, inside a repository', async () => {
    const inside = join(ROOT, '.cache', 'cli-inside-repo');
    await rm(inside, { recursive: true, force: true });
    const r = await runCli([inside, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/git init skipped: .* is inside the git repository/);
    expect(existsSync(join(inside, '.git'))).toBe(false);
    await rm(inside, { recursive: true, force: true });
  });

  test('--install: uv.lock, and .venv with the project and its dev group, ready to test', async () => {
    const r = await runCli(['installed', '-f', 'bottle', '--install', '--no-git', '--yes'], {
      cwd: work,
      env: { PATH: `${TOOL_BIN}:${process.env.PATH}`, UV_CACHE_DIR: UV_CACHE },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('✔ installing the project and its dev group in .venv (uv)');
    expect(
      existsSync(join(work, 'installed', 'uv.lock')),
      'uv.lock, which the image installs',
    ).toBe(true);
    const pytest = await run(join(work, 'installed', '.venv', 'bin', 'pytest'), ['-q'], {
      cwd: join(work, 'installed'),
      timeoutMs: 120_000,
    });
    expect(pytest.code, pytest.stdout).toBe(0);
  }, 300_000);

  test('with uv on PATH, uv.lock is written before the first commit, even without --install', async () => {
    const r = await runCli(['locked', '-f', 'flask', '--no-install', '--yes'], {
      cwd: work,
      env: { PATH: `${TOOL_BIN}:${process.env.PATH}`, UV_CACHE_DIR: UV_CACHE },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('✔ locking the dependencies in uv.lock (uv)');
    expect(existsSync(join(work, 'locked', '.venv')), 'no install was asked for').toBe(false);
    const tracked = await run('git', ['ls-files', 'uv.lock'], { cwd: join(work, 'locked') });
    expect(tracked.stdout.trim()).toBe('uv.lock');
  }, 300_000);

  test('--install: a failed install says what failed, exits 1 and leaves the project', async () => {
    const r = await runCli(['broken-install', '--install', '--no-git', '--yes'], {
      cwd: work,
      env: { PYWEB_PYTHON: '/nonexistent/python3', PATH: '/usr/bin:/bin' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/creating \.venv.* failed/);
    expect(existsSync(join(work, 'broken-install', 'pyproject.toml'))).toBe(true);
  });
});

describe('--overwrite guards (issue 15, item 2)', () => {
  const overwrite = (dir: string, opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
    runCli([dir, '-f', 'flask', '--overwrite', '--yes', '--no-git'], opts);
  const files = async (dir: string, n: number) => {
    await mkdir(dir, { recursive: true });
    for (let i = 0; i < n; i++) await writeFile(join(dir, `f${i}.txt`), `${i}`);
  };

  test('the home folder is refused, and kept', async () => {
    const home = join(work, 'guard-home', 'me');
    await files(home, 3);
    const r = await overwrite(home, { env: { HOME: home } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: refusing to empty .*me: it is your home folder\n/);
    expect(readdirSync(home).sort()).toEqual(['f0.txt', 'f1.txt', 'f2.txt']);
  });

  test('a folder the current one is inside is refused; the current folder itself is not', async () => {
    const outer = join(work, 'guard-outer');
    const inner = join(outer, 'inner');
    await files(inner, 1);
    await writeFile(join(outer, 'mine.txt'), 'mine');
    const r = await overwrite(outer, { cwd: inner });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: refusing to empty .*guard-outer: the current folder is inside it\n/,
    );
    expect(readdirSync(outer).sort()).toEqual(['inner', 'mine.txt']);
    const here = await runCli(['.', '-f', 'flask', '--overwrite', '--yes', '--no-git'], {
      cwd: inner,
    });
    expect(here.code, here.stderr).toBe(0);
    expect(existsSync(join(inner, 'f0.txt'))).toBe(false);
  });

  test("more than a project's worth of files is refused, unless create-pyweb made the project", async () => {
    const big = join(work, 'guard-big');
    await files(join(big, 'deep', 'er'), 501);
    const r = await overwrite(big);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: refusing to empty .*guard-big: it holds more than 500 files/);
    expect(readdirSync(join(big, 'deep', 'er'))).toHaveLength(501);
    // The same files in an earlier create-pyweb project (its .venv, say) are replaced.
    await writeFile(join(big, 'pyproject.toml'), '[tool.create-pyweb]\nframework = "flask"\n');
    const project = await overwrite(big);
    expect(project.code, project.stderr).toBe(0);
    expect(existsSync(join(big, 'deep'))).toBe(false);
  });

  test('--dry-run refuses as the real run does', async () => {
    const home = join(work, 'guard-dry-home');
    await files(home, 1);
    const r = await runCli([home, '--overwrite', '--yes', '--dry-run'], { env: { HOME: home } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/it is your home folder/);
    // Before any listing, as the README says (the not-empty refusal comes after one).
    expect(r.stdout).toBe('');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(
      'these guards, a bad name and a file in the way refuse before anything is listed',
    );
  });
});

describe('recommend', () => {
  test('ranks stacks for the needs and prints the command for the first', async () => {
    const r = await runCli(['recommend', '--websocket', '--io-bound']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1\. FastAPI on Uvicorn/);
    expect(lastLine(r.stdout)).toContain(
      'npx create-pyweb my-service --framework fastapi --server uvicorn',
    );
  });

  test('an existing Apache leads to mod_wsgi, batteries to Django', async () => {
    expect((await runCli(['recommend', '--apache'])).stdout).toMatch(/1\. \w+ on mod_wsgi/);
    expect((await runCli(['recommend', '--batteries', '--sync'])).stdout).toMatch(
      /1\. Django on Gunicorn/,
    );
    // No generated project serves HTTP/3: the need sends it to the proxy instead of to Hypercorn.
    expect((await runCli(['recommend', '--http3'])).stdout).toMatch(
      /No generated project serves HTTP\/3 itself/,
    );
  });

  test('--http2 is sent to the TLS proxy (nginx speaks HTTP/1.1 to the app); --apache --async is refused (mod_wsgi is WSGI only)', async () => {
    const h2 = await runCli(['recommend', '--http2']);
    expect(h2.code).toBe(0);
    expect(h2.stdout).toMatch(/No generated project serves HTTP\/2 itself/);
    expect(h2.stdout).toMatch(/1\. FastAPI on Uvicorn/);
    const apache = await runCli(['recommend', '--apache', '--async']);
    expect(apache.code).toBe(1);
    expect(apache.stderr).toMatch(/no stack meets both --async and --apache/);
  });

  test('unknown needs are refused', async () => {
    const r = await runCli(['recommend', '--websockets']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('did you mean --websocket?');
  });
});
