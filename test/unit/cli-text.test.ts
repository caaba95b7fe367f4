import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { NEEDS, recommend, topStacks } from '../../generators/catalog/index.js';
import { needsProblem, deployProblem } from '../../generators/cli/ask.js';
import { colorOn } from '../../generators/cli/color.js';
import { nextSteps, oneShot } from '../../generators/cli/create.js';
import { helpText } from '../../generators/cli/help.js';
import { listText } from '../../generators/cli/list.js';
import {
  createCommand,
  packageManager,
  psQuote,
  shQuote,
  toolCommand,
} from '../../generators/cli/shell.js';
import { wrap, wrapCommand } from '../../generators/cli/text.js';
import { recommendCommand } from '../../generators/cli/recommend.js';
import { templateContext } from '../../generators/project/context.js';
import { layersFor } from '../../generators/project/layers.js';
import { renderTo } from '../helpers/render-to.js';
import { buildStack } from '../../generators/project/stack.js';
import { tilde } from '../../generators/project/uv.js';
import { developLines, developSteps, developTarget } from '../../generators/serve/develop.js';

const out = await mkdtemp(join(tmpdir(), 'pyweb-clitext-'));
afterAll(() => rm(out, { recursive: true, force: true }));

/** What a POSIX shell makes of a line: its words, one per line. */
const shWords = (line: string) =>
  execFileSync('sh', ['-c', `for w in ${line}; do printf '%s\\n' "$w"; done`], { encoding: 'utf8' })
    .split('\n')
    .slice(0, -1);

describe('paths for a shell (item 10)', () => {
  test.each([
    'x<y>z',
    '$HOME',
    'a`b`c',
    "it's",
    'two words',
    'semi;colon',
    'star*',
    'plain-name',
    'a/b.c',
  ])('%j is one word that sh reads back as itself', (p) => {
    expect(shWords(shQuote(p))).toEqual([p]);
  });

  test('a path that starts with - gets ./ so no command reads it as an option', () => {
    expect(shQuote('-x-app', { path: true })).toBe('./-x-app');
    expect(shQuote("-it's", { path: true })).toBe(`'./-it'\\''s'`);
    expect(psQuote('-x-app', { path: true })).toBe('.\\-x-app');
    expect(psQuote("it's")).toBe("'it''s'");
  });

  test('plain words stay bare', () => {
    expect(shQuote('my-app')).toBe('my-app');
    expect(shQuote('/abs/path')).toBe('/abs/path');
  });
});

describe('the package manager in use (item 9)', () => {
  test.each([
    [
      'npm/10.8.2 node/v20.19.0 linux x64 workspaces/false',
      'npm',
      'npx create-pyweb my-app -f flask',
    ],
    ['pnpm/9.12.0 npm/? node/v20.19.0 linux x64', 'pnpm', 'pnpm create pyweb my-app -f flask'],
    ['yarn/1.22.22 npm/? node/v20.19.0 linux x64', 'yarn', 'yarn create pyweb my-app -f flask'],
    ['yarn/4.5.0 npm/? node/v20.19.0 linux x64', 'yarn', 'yarn create pyweb my-app -f flask'],
    ['bun/1.1.30 npm/? node/v20.19.0 linux x64', 'bun', 'bun create pyweb my-app -f flask'],
    ['', 'npm', 'npx create-pyweb my-app -f flask'],
  ])('%j', (agent, pm, line) => {
    expect(packageManager(agent)).toBe(pm);
    expect(toolCommand(['my-app', '-f', 'flask'], packageManager(agent))).toBe(line);
  });

  test('npm create needs -- before the options; the others do not', () => {
    expect(createCommand(['app'], ['-f', 'flask'], 'npm')).toBe(
      'npm create pyweb@latest app -- -f flask',
    );
    expect(createCommand(['app'], ['-f', 'flask'], 'pnpm')).toBe('pnpm create pyweb app -f flask');
  });

  test('--help shows the manager in use', () => {
    expect(helpText('0.0.0', 80, 'yarn')).toContain(
      'yarn create pyweb my-app --framework flask --server gunicorn',
    );
    expect(helpText('0.0.0', 80, 'yarn')).not.toMatch(/npx|npm create/);
  });
});

describe('next steps and the repeat command', () => {
  const stack = (dir: string, f = 'fastapi', s?: string) => buildStack(dir, f, s, {}, out);

  test('the repeat command quotes the folder and keeps --install (items 10, 15)', () => {
    const line = oneShot(stack('-x-app'), '-x-app', { git: false, install: true }, 'npm');
    expect(line).toMatch(/^npx create-pyweb \.\/-x-app --framework fastapi /);
    expect(line).toContain(' --install');
    expect(oneShot(stack("it's"), "it's", { git: true }, 'pnpm')).toMatch(
      /^pnpm create pyweb 'it'\\''s' /,
    );
  });

  test('uv not on PATH: uv sync runs the uv the run used, and says how to get one (M6)', () => {
    const steps = nextSteps(stack('svc'), {
      rel: 'svc',
      installed: false,
      shell: 'sh',
      uv: '~/.cache/create-pyweb/uv-0.13.9/bin/uv',
    });
    const sync = steps.find((s) => s.cmd.endsWith(' sync'))!;
    expect(sync.cmd).toBe('~/.cache/create-pyweb/uv-0.13.9/bin/uv sync');
    expect(sync.what).toMatch(/uv is not on PATH.*pipx install uv/);
    const onPath = nextSteps(stack('svc'), { rel: 'svc', installed: false, shell: 'sh' });
    expect(onPath.map((s) => s.cmd)).toContain('uv sync');
    expect(tilde('/home/u/.cache/create-pyweb/uv/bin/uv', '/home/u')).toBe(
      '~/.cache/create-pyweb/uv/bin/uv',
    );
    expect(tilde('/homeless/uv', '/home')).toBe('/homeless/uv');
    expect(shWords(tilde("/home/u/it's here/uv", '/home/u'))).toEqual(["/home/u/it's here/uv"]);
  });

  test('uv sync with uv.lock already made is not said to write it (L7)', () => {
    const sync = (locked: boolean) =>
      nextSteps(stack('svc'), { rel: 'svc', installed: false, locked, shell: 'sh' }).find(
        (s) => s.cmd === 'uv sync',
      )!.what;
    expect(sync(true)).toMatch(/^\.venv with the project.*, as uv\.lock pins them/);
    expect(sync(false)).toMatch(/^uv\.lock, which the image installs, and \.venv/);
  });

  test('cd is quoted for sh', () => {
    const cd = nextSteps(stack('x<y>z'), { rel: 'x<y>z', installed: false, shell: 'sh' })[0].cmd;
    expect(cd).toBe("cd 'x<y>z'");
    expect(
      nextSteps(stack('-x-app'), { rel: '-x-app', installed: false, shell: 'sh' })[0].cmd,
    ).toBe('cd ./-x-app');
  });

  test('Django: DEBUG and migrate come before the development server (item 12)', () => {
    const cmds = nextSteps(stack('mysite', 'django', 'gunicorn'), {
      rel: 'mysite',
      installed: true,
      shell: 'sh',
    }).map((s) => s.cmd);
    const dev = cmds.indexOf('python manage.py runserver');
    expect(cmds.indexOf('export DJANGO_DEBUG=1')).toBeGreaterThan(-1);
    expect(cmds.indexOf('export DJANGO_DEBUG=1')).toBeLessThan(dev);
    expect(cmds.indexOf('python manage.py migrate')).toBeLessThan(dev);
  });

  test('--postgres: the database and DATABASE_URL before pytest, migrations before the server', async () => {
    for (const [f, migrate, deploy] of [
      ['fastapi', 'alembic upgrade head', {}],
      ['flask', 'flask --app pg_flask db upgrade', {}],
      ['django', 'python manage.py migrate', {}],
      ['quart', 'alembic upgrade head', { compose: false }],
    ] as const) {
      const st = buildStack(`pg-${f}`, f, undefined, { postgres: true, ...deploy }, out);
      const cmds = nextSteps(st, { rel: '.', installed: true, shell: 'sh' }).map((x) => x.cmd);
      const url = cmds.indexOf('export DATABASE_URL=postgresql://app:app@localhost:5432/app');
      const tests = cmds.indexOf('pytest');
      const dev = cmds.indexOf(developTarget(st).dev);
      expect(url, `${f}: ${cmds.join(' | ')}`).toBeGreaterThan(-1);
      expect(url).toBeLessThan(tests);
      expect(cmds.indexOf(migrate), f).toBeGreaterThan(tests);
      expect(cmds.indexOf(migrate)).toBeLessThan(dev);
      // Said once, before the tests: not again among the add-ons' steps.
      const up = cmds.filter((c) => c === 'docker compose up -d db');
      if (deploy.compose === false) expect(up).toEqual([]);
      else {
        expect(up).toHaveLength(1);
        expect(cmds.indexOf('docker compose up -d db')).toBeLessThan(url);
      }
      // The release step before the production server, also where the framework has none.
      const prod = cmds.lastIndexOf(st.serve.line.split('\n')[0]!);
      expect(cmds.lastIndexOf(migrate)).toBeGreaterThan(dev);
      expect(cmds.lastIndexOf(migrate)).toBeLessThan(prod === -1 ? cmds.length : prod);
      // The README's Develop block is the same list.
      await renderTo(layersFor(st), st.names.dir, templateContext(st));
      const readme = await readFile(join(st.names.dir, 'README.md'), 'utf8');
      expect(/## Develop\n\n```sh\n([\s\S]*?)```/.exec(readme)![1]).toContain(
        developLines(developTarget(st)).join('\n'),
      );
      // Its endpoints are the API over PostgreSQL, not the in-memory one's.
      const endpoints = /## Endpoints\n([\s\S]*?)\n## /.exec(readme)![1];
      expect(endpoints).not.toContain('in-memory');
      for (const route of ['`POST /api/items`', '`DELETE /api/items/{id}`', '`GET /readyz`'])
        expect(endpoints, f).toContain(route);
      // Without compose, the image's own run gets the URL, and migrates first.
      if (deploy.compose === false) {
        const run = /## Deploy\n\n```sh\n([\s\S]*?)```/.exec(readme)![1];
        expect(run).toContain(`docker run --rm -e DATABASE_URL ${st.names.dist} ${migrate}`);
        expect(run).toContain(`docker run -p 8000:8000 -e DATABASE_URL ${st.names.dist}\n`);
      }
    }
  });

  test('--postgres --k8s: the kubectl step says the Secret and the migration Job come first', () => {
    const kubectl = (postgres: boolean) =>
      nextSteps(buildStack('k', 'fastapi', undefined, { k8s: true, postgres }, out), {
        rel: '.',
        installed: true,
        shell: 'sh',
      }).find((s) => s.cmd === 'kubectl apply -f deploy/k8s/')!.what;
    expect(kubectl(true)).toMatch(/Secret, then any migration Job.*Releases on Kubernetes/);
    expect(kubectl(false)).toBe('deploy to Kubernetes (set the image first)');
  });

  test('PowerShell steps for Windows (item 10)', () => {
    const cmds = nextSteps(stack('svc', 'fastapi', 'uvicorn'), {
      rel: 'svc',
      installed: false,
      shell: 'powershell',
    }).map((s) => s.cmd);
    expect(cmds).toContain('.venv\\Scripts\\Activate.ps1');
    expect(cmds.join('\n')).not.toMatch(/\$\{|\/bin\/activate|python3 /);
    const django = nextSteps(stack('mysite', 'django', 'waitress'), {
      rel: 'mysite',
      installed: true,
      shell: 'powershell',
    }).map((s) => s.cmd);
    expect(django).toContain("$env:DJANGO_DEBUG = '1'");
  });

  test('the generated README develops Django with the same steps the CLI prints (item 12)', async () => {
    for (const [f, s] of [
      ['django', 'gunicorn'],
      ['django', 'uvicorn'],
      ['flask', 'gunicorn'],
    ]) {
      const st = buildStack(join(out, `readme-${f}-${s}`), f, s);
      await renderTo(layersFor(st), st.names.dir, templateContext(st));
      const readme = await readFile(join(st.names.dir, 'README.md'), 'utf8');
      const develop = /## Develop\n\n```sh\n([\s\S]*?)```/.exec(readme)![1];
      const lines = developLines(developTarget(st));
      expect(develop, `${f} × ${s}`).toContain(lines.join('\n'));
      expect(developSteps({ dev: st.serve.dev, before: [] }).length).toBe(1);
    }
  });
});

describe('terminal width and colour (item 14)', () => {
  test('--help and --list fit 80 columns, with no trailing spaces', () => {
    for (const text of [helpText('0.1.0', 80, 'npm'), listText(80)]) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes it strips.
      for (const line of text.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
        expect(line.length, line).toBeLessThanOrEqual(80);
        expect(line, JSON.stringify(line)).not.toMatch(/\s$/);
      }
    }
  });

  test('wrap keeps words whole and indents the rest', () => {
    expect(wrap('aaa bbb ccc', 7, 2)).toBe('aaa bbb\n  ccc');
  });

  test('colour is decided per stream: NO_COLOR and FORCE_COLOR everywhere', () => {
    expect(colorOn({ isTTY: true }, {})).toBe(true);
    expect(colorOn({ isTTY: false }, {})).toBe(false);
    expect(colorOn({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorOn({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorOn({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorOn({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(colorOn({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });
});

describe('needs that cannot be met together (items 6, 13)', () => {
  test('websocket and apache: explained, with what Apache leaves', () => {
    expect(needsProblem(['websocket', 'apache'])).toMatch(
      /no stack meets both .*WebSocket.* and .*Apache.* leaves only mod_wsgi/,
    );
    expect(needsProblem(['websocket', 'io-bound'])).toBeUndefined();
  });

  test('sync and async contradict each other', () => {
    expect(needsProblem(['sync', 'async'], undefined, (n) => `--${n.id}`)).toBe(
      '--async and --sync contradict each other: keep one',
    );
  });

  test('no stack is recommended for HTTP/3 it does not serve; a note says where it goes', () => {
    const http3 = NEEDS.find((n) => n.id === 'http3')!;
    expect(http3.note).toMatch(/proxy/);
    expect(topStacks(['http3'], 1)[0].server.id).toBe(topStacks([], 1)[0].server.id);
  });

  test('Django on Hypercorn with --sync is not said to run in WSGI workers', () => {
    const r = recommend(['sync']).find(
      (x) => x.framework.id === 'django' && x.server.id === 'hypercorn',
    )!;
    expect(r.reasons.join('; ')).not.toMatch(/WSGI workers/);
    expect(
      recommend(['sync'])
        .find((x) => x.framework.id === 'django' && x.server.id === 'gunicorn')!
        .reasons.join(),
    ).toMatch(/WSGI workers/);
  });

  test("only Quart's rows call Hypercorn its home server", () => {
    const rows = recommend([]).filter((x) => x.server.id === 'hypercorn');
    for (const r of rows)
      expect(r.reasons.join().includes('home server'), r.framework.id).toBe(
        r.framework.id === 'quart',
      );
  });
});

describe('the deployment question (item 5)', () => {
  test('compose or k8s without the Dockerfile is said in words', () => {
    expect(deployProblem(['compose', 'nginx', 'ci'])).toMatch(
      /^the image for docker compose .* is built by the Dockerfile: tick Dockerfile too, or untick docker compose/,
    );
    expect(deployProblem(['k8s'])).toMatch(
      /^the image for Kubernetes manifests is built by the Dockerfile/,
    );
    expect(deployProblem(['docker', 'compose', 'k8s'])).toBeUndefined();
    expect(deployProblem([])).toBeUndefined();
  });
});

describe('wrapping at 80 columns breaks at spaces, never inside a word (issue 15, item 16)', () => {
  const long =
    'uv.lock, which the image installs, and .venv with the project, its server and its dev tools: WebSocket and other long-lived connections (no uv: see the README)';

  test('a paragraph keeps every word whole', () => {
    const lines = wrap(long, 80, 6, '      ').split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(lines.join(' ').split(/ +/).filter(Boolean)).toEqual(long.split(' '));
  });

  test('a command is broken at spaces with continuations; sh reads back the same words', () => {
    const cmd =
      "npx create-pyweb 'my service' --framework django --server gunicorn --docker --compose --nginx --k8s --no-apache --ci --python 3.12 --no-git --install --yes";
    const lines = wrapCommand(cmd, 78, 4);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(78);
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/ \\$/);
    expect(lines.join('\n')).toContain("'my service'");
    expect(shWords(lines.join('\n'))).toEqual(shWords(cmd));
    expect(wrapCommand(cmd, 78, 4, 'powershell')[0]).toMatch(/ `$/);
    expect(wrapCommand('short command', 78)).toEqual(['short command']);
  });

  test("sh's quoting survives the break: 'it'\\''s', \"a \\\" b\", a\\ b are one word each", () => {
    const cmd = `npx create-pyweb 'it'\\''s' "a \\" b" a\\ b --framework bottle --server gunicorn --docker --compose --nginx --no-k8s --ci --no-git --yes`;
    const lines = wrapCommand(cmd, 60, 2);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('\n')).toContain(`'it'\\''s'`);
    expect(shWords(lines.join('\n'))).toEqual(shWords(cmd));
  });

  test('a word longer than the line stays whole', () => {
    const word = `--${'x'.repeat(90)}`;
    expect(wrapCommand(`cmd ${word} tail`, 80)).toEqual(['cmd \\', `  ${word} \\`, '  tail']);
    expect(wrap(`a ${word} b`, 80).split('\n')).toEqual(['a', word, 'b']);
  });
});

describe('recommend fits the terminal: commands broken at spaces, comments on their own line', () => {
  const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
  const strip = (s: string) => s.replace(ansi, '');
  const output = async (width: number) => {
    const lines: string[] = [];
    await recommendCommand(['--windows', '--yes'], (l) => lines.push(strip(l)), false, width);
    return lines.join('\n');
  };

  test.each([60, 80])('at %i columns', async (width) => {
    const text = await output(width);
    for (const l of text.split('\n')) {
      expect(l.length, l).toBeLessThanOrEqual(width);
      expect(l, JSON.stringify(l)).not.toMatch(/ $/);
    }
    const top = topStacks(['windows'], 1)[0];
    const create = toolCommand(
      ['my-service', '--framework', top.framework.id, '--server', top.server.id],
      packageManager(),
    );
    const block = text.split('Create the first:\n')[1].split('\n\n')[0];
    expect(shWords(block)).toEqual(shWords(create));
    // PowerShell's continuation is a backtick at the end of the line.
    const ps = text.split('(PowerShell):\n')[1].replace(/ `\n +/g, ' ');
    const stack = buildStack('my-service', top.framework.id, top.server.id, {}, '/');
    const cmds = nextSteps(stack, { rel: 'my-service', installed: false, shell: 'powershell' })
      .map((s) => s.cmd)
      .filter((c) => !/^docker |^kubectl |^git push/.test(c));
    for (const c of cmds) expect(ps.split('\n').map((l) => l.trim().split('  #')[0])).toContain(c);
  });
});
