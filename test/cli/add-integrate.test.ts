import {
  chmod,
  cp,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listFiles } from '../helpers/render-to.js';
import { BIN } from '../helpers/paths.js';
import { must, run, runCli } from '../helpers/run.js';

/**
 * `add` on projects of the user's (issue 17): it integrates with what is there, or refuses with a
 * reason, and never drops or shadows what the user has.
 */
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pyweb-integrate-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function project(as: string, files: Record<string, string>): Promise<string> {
  const dir = join(work, as);
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(join(dir, rel, '..'), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  return dir;
}

async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const rel of await listFiles(dir)) out[rel] = await readFile(join(dir, rel), 'utf8');
  return out;
}

const FLASK_APP =
  'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/healthz")\ndef healthz():\n    return "ok"\n';
const FASTAPI_APP =
  'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/healthz")\ndef healthz():\n    return "ok"\n';

describe('issue 17 item 2: the user commands, pins, types, links and modes survive', () => {
  test("a Procfile keeps its release commands and other processes: only the server's command changes", async () => {
    const dir = await project('procfile-release', {
      'app.py': FLASK_APP,
      'requirements.txt': 'flask~=3.1\ngunicorn==23.0.0\n',
      Procfile:
        'release: flask db upgrade\nweb: flask db upgrade; flask translate compile; gunicorn app:app\nworker: rq worker\n',
    });
    must(await runCli(['add', 'docker', '--cwd', dir]), 'add docker');
    must(await runCli(['add', 'server', 'waitress', '--cwd', dir]), 'add server waitress');
    expect(await readFile(join(dir, 'Procfile'), 'utf8')).toBe(
      'release: flask db upgrade\nweb: flask db upgrade; flask translate compile; python -m serving.launch\nworker: rq worker\n',
    );
  });

  test('a web line where no command starts a server refuses the switch, with the line; --dry-run shows the plan and why', async () => {
    const dir = await project('procfile-script', {
      'app.py': FLASK_APP,
      'requirements.txt': 'flask~=3.1\ngunicorn==23.0.0\n',
      'gunicorn.conf.py': 'bind = "0.0.0.0:8000"\n',
      Procfile: 'web: bin/start-web --fast\n',
    });
    must(await runCli(['add', 'docker', '--cwd', dir]), 'add docker');
    const before = await tree(dir);
    const r = await runCli(['add', 'server', 'waitress', '--cwd', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: cannot switch to waitress: in the Procfile, no command on its web line starts a server: web: bin\/start-web --fast\n/,
    );
    expect(r.stderr).not.toContain('    at ');
    expect(await tree(dir)).toEqual(before);
    // The dry run of the refused switch shows what it would write, with diffs, and the reason.
    const dry = await runCli(['add', 'server', 'waitress', '--dry-run', '--cwd', dir]);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('Would switch to waitress, but cannot:');
    expect(dry.stdout).toMatch(/skip {4}Procfile {2}left as it is: no command on its web line/);
    expect(dry.stdout).toContain('+CMD ["python","-m","serving.launch"]');
    expect(dry.stderr).toMatch(/^error: cannot switch to waitress: in the Procfile/);
    expect(dry.stderr).not.toContain('--dry-run shows');
    expect(await tree(dir)).toEqual(before);
  });

  test('a server line with a pin and a comment keeps both through a switch', async () => {
    const pyproject =
      '[project]\nname = "svc"\nversion = "0"\ndependencies = [\n  "fastapi",\n  "uvicorn[standard]>=0.30",  # I use it for dev\n]\n';
    const dir = await project('dep-comment', {
      'main.py': FASTAPI_APP,
      'pyproject.toml': pyproject,
    });
    must(await runCli(['add', 'docker', '--cwd', dir]), 'add docker');
    must(await runCli(['add', 'server', 'gunicorn-uvicorn', '--cwd', dir]), 'switch');
    const text = await readFile(join(dir, 'pyproject.toml'), 'utf8');
    expect(text).toContain('  "uvicorn[standard]>=0.30",  # I use it for dev\n');
    expect(text).toMatch(/"gunicorn~=[\d.]+"/);
  });

  test('dependencies of the wrong type are refused with the file, the key and what was expected', async () => {
    const pyproject = '[project]\nname = "svc"\nversion = "0"\ndependencies = "flask"\n';
    const dir = await project('deps-string', { 'app.py': FLASK_APP, 'pyproject.toml': pyproject });
    const r = await runCli(['add', 'docker', '--server', 'gunicorn', '--cwd', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: pyproject\.toml: \[project\] dependencies is "flask", not an array of requirements\n/,
    );
    expect(await tree(dir)).toEqual({ 'app.py': FLASK_APP, 'pyproject.toml': pyproject });
  });

  test('a symlinked requirements file is edited where it points, and a 0444 file stays 0444', async () => {
    const dir = await project('linked-reqs', {
      'app.py': FLASK_APP,
      'reqs/base.txt': 'flask~=3.1\ngunicorn==23.0.0  # pinned\n',
    });
    await symlink(join('reqs', 'base.txt'), join(dir, 'requirements.txt'));
    must(await runCli(['add', 'docker', '--cwd', dir]), 'add docker');
    await chmod(join(dir, 'reqs', 'base.txt'), 0o444);
    must(await runCli(['add', 'server', 'waitress', '--cwd', dir]), 'add server waitress');
    expect((await lstat(join(dir, 'requirements.txt'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'reqs', 'base.txt'), 'utf8')).toMatch(/^flask~=3\.1\nwaitress/);
    expect((await stat(join(dir, 'reqs', 'base.txt'))).mode & 0o777).toBe(0o444);
  });
});

/** A project create-pyweb made, with every add-on of a new project. */
async function created(as: string, flags: string[]): Promise<string> {
  const dir = join(work, as, 'svc');
  await mkdir(join(work, as), { recursive: true });
  must(await runCli([dir, ...flags, '--no-git', '--yes']), `create ${flags.join(' ')}`);
  return dir;
}

describe('issue 17 item 14: the sample catalogue is the user code', () => {
  test('a server named in a string of app code does not block a switch; --force replaces only what the switch needs', async () => {
    const dir = await created('catalogue', ['-f', 'flask', '-s', 'gunicorn']);
    const items = join(dir, 'svc', 'items.py');
    const mine = (await readFile(items, 'utf8'))
      .replace('"server": "gunicorn"', '"server": "granian"')
      .replace('name="mouse"', 'name="trackball"');
    await writeFile(items, mine);
    const r = must(await runCli(['add', 'server', 'granian', '--cwd', dir]), 'switch');
    expect(r.stdout).toMatch(
      /skip {4}svc\/items\.py {2}yours: it names gunicorn but starts no server/,
    );
    expect(await readFile(items, 'utf8')).toBe(mine);
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toContain('granian');
    // --force replaces the Dockerfile the switch needs, not the catalogue.
    await writeFile(join(dir, 'Dockerfile'), '# mine\n', { flag: 'a' });
    const forced = must(
      await runCli(['add', 'server', 'waitress', '--force', '--cwd', dir]),
      'switch --force',
    );
    expect(forced.stdout).toMatch(/change {2}Dockerfile {2}replaced \(--force\)/);
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).not.toContain('# mine');
    expect(await readFile(items, 'utf8')).toBe(mine);
  });
});

describe('issue 17 item 15: rough edges', () => {
  test('"nothing to change" only when nothing was skipped; what was skipped is said', async () => {
    const dir = await created('skipped', ['-f', 'flask', '-s', 'gunicorn']);
    const again = must(await runCli(['add', 'docker', '--cwd', dir]), 'add docker');
    expect(again.stdout).toContain('nothing to change');
    await writeFile(join(dir, 'Dockerfile'), '# mine\n', { flag: 'a' });
    const r = must(await runCli(['add', 'docker', '--cwd', dir]), 'add docker, Dockerfile changed');
    expect(r.stdout).not.toContain('nothing to change');
    expect(r.stdout).toMatch(/skip {4}Dockerfile/);
    expect(r.stdout).toContain('nothing written, but not up to date: Dockerfile was skipped');
  });
});

describe('issue 17 item 12: the project name is recorded', () => {
  test('a clone in a folder of another name sees its untouched files as untouched', async () => {
    const dir = await project(join('first', 'shop'), {
      'app.py': FLASK_APP,
      'requirements.txt': 'flask~=3.1\ngunicorn==23.0.0\n',
    });
    must(await runCli(['add', 'docker', 'compose', 'nginx', 'k8s', '--cwd', dir]), 'add');
    expect(await readFile(join(dir, '.create-pyweb.toml'), 'utf8')).toContain('name = "shop"\n');
    const files = await tree(dir);
    const clone = join(work, 'second', 'shop-main');
    await cp(dir, clone, { recursive: true });
    const r = must(
      await runCli(['add', 'docker', 'compose', 'nginx', 'k8s', '--cwd', clone]),
      'again',
    );
    expect(r.stdout).toMatch(/name shop {2}\(\.create-pyweb\.toml \[tool\.create-pyweb\]\)/);
    expect(r.stdout).toContain('nothing to change');
    expect(await tree(clone)).toEqual(files);
  });
});

describe('issue 17 item 15: bad input is one line naming the file', () => {
  test('a pyproject.toml that is not TOML: the file and the line, exit 1, no stack trace', async () => {
    const pyproject = '[project]\nname = "svc\nversion = "0"\n';
    const dir = await project('broken-toml', { 'app.py': FLASK_APP, 'pyproject.toml': pyproject });
    const r = await runCli(['add', 'docker', '--server', 'gunicorn', '--cwd', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: pyproject\.toml: invalid TOML at line 2: .+\n[^\n]*\n$/);
    expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(await tree(dir)).toEqual({ 'app.py': FLASK_APP, 'pyproject.toml': pyproject });
  });

  test('a read-only folder: one line naming it, nothing written', async () => {
    // root writes anywhere: as root, the run is made as nobody, who cannot write there either.
    const root = process.getuid?.() === 0;
    const base = await mkdtemp(join(tmpdir(), 'pyweb-readonly-'));
    try {
      await chmod(base, 0o755);
      const dir = join(base, 'ro');
      await mkdir(dir);
      await writeFile(join(dir, 'app.py'), FLASK_APP);
      await writeFile(join(dir, 'requirements.txt'), 'flask~=3.1\ngunicorn==23.0.0\n');
      await chmod(dir, 0o555);
      const args = [BIN, 'add', 'docker', '--cwd', dir];
      const env = { ...process.env, CI: '', NO_COLOR: '1', HOME: base };
      const r = root
        ? await run(
            'setpriv',
            ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...args],
            { env, timeoutMs: 60_000 },
          )
        : await run(process.execPath, args, { env, timeoutMs: 60_000 });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stderr).toMatch(/^error: cannot write \S+: .*ro is not writable\n[^\n]*\n$/);
      expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /);
      await chmod(dir, 0o755);
      expect(Object.keys(await tree(dir)).sort()).toEqual(['app.py', 'requirements.txt']);
    } finally {
      await chmod(join(base, 'ro'), 0o755).catch(() => {});
      await rm(base, { recursive: true, force: true });
    }
  });
});

describe('issue 17 item 15: the scan is bounded by time and says where it stopped', () => {
  async function packages(as: string): Promise<string> {
    const files: Record<string, string> = { 'requirements.txt': 'flask~=3.1\ngunicorn~=23.0\n' };
    for (let i = 1; i <= 200; i++) {
      const p = `p${String(i).padStart(3, '0')}`;
      files[`${p}/__init__.py`] = '';
      files[`${p}/models.py`] = 'X = 1\n';
      files[`${p}/views.py`] = 'Y = 2\n';
    }
    files['p150/web.py'] = 'from flask import Flask\n\napp = Flask(__name__)\n';
    return project(as, files);
  }

  test('an app in the 150th of 200 packages is found', async () => {
    const dir = await packages('many-packages');
    const r = must(await runCli(['add', 'docker', '--dry-run', '--cwd', dir]), 'add --dry-run');
    expect(r.stdout).toMatch(/app p150\.web:app/);
  });

  test('out of time, it says where it stopped', async () => {
    const dir = await packages('out-of-time');
    const env = { CREATE_PYWEB_SCAN_SECONDS: '0' };
    const r = await runCli(['add', 'docker', '--dry-run', '--cwd', dir], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: found no flask app .* \(the scan ran out of time at p001\/: /,
    );
    await writeFile(join(dir, 'app.py'), FLASK_APP);
    const found = must(
      await runCli(['add', 'docker', '--dry-run', '--cwd', dir], { env }),
      'app.py',
    );
    expect(found.stdout).toContain('note the scan ran out of time at p001/');
  });
});

describe('issue 17 item 15: WebSocket in nginx only for an app that has one', () => {
  const main = (ws: boolean) =>
    `from fastapi import FastAPI, WebSocket\n\napp = FastAPI()\n\n\n@app.get("/healthz")\ndef healthz():\n    return "ok"\n${ws ? '\n\n@app.websocket("/ws")\nasync def echo(websocket: WebSocket):\n    await websocket.accept()\n' : ''}`;
  for (const ws of [false, true]) {
    test(`a FastAPI app ${ws ? 'with' : 'without'} a WebSocket route`, async () => {
      const dir = await project(`ws-${ws}`, {
        'main.py': main(ws),
        'requirements.txt': 'fastapi\nuvicorn\n',
      });
      const r = must(await runCli(['add', 'nginx', '--cwd', dir]), 'add nginx');
      const conf = await readFile(join(dir, 'deploy', 'nginx', 'default.conf'), 'utf8');
      expect(conf.includes('location = /ws'), conf).toBe(ws);
      expect(conf.includes('$http_upgrade')).toBe(ws);
      expect(r.stdout.includes('websocket /ws  (main.py:11)')).toBe(ws);
    });
  }
});

/** A project as `django-admin startproject mysite` leaves it, trimmed to what add reads. */
const DJANGO_PROJECT: Record<string, string> = {
  'manage.py':
    'import os\nimport sys\n\n\ndef main():\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n    from django.core.management import execute_from_command_line\n\n    execute_from_command_line(sys.argv)\n\n\nif __name__ == "__main__":\n    main()\n',
  'mysite/__init__.py': '',
  'mysite/settings.py':
    'from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\nSECRET_KEY = "django-insecure-0123456789abcdefghijklmnopqrstuvwxyz"\nDEBUG = True\nALLOWED_HOSTS = []\nROOT_URLCONF = "mysite.urls"\nWSGI_APPLICATION = "mysite.wsgi.application"\nSTATIC_URL = "static/"\n',
  'mysite/urls.py':
    'from django.contrib import admin\nfrom django.urls import path\n\nurlpatterns = [path("admin/", admin.site.urls)]\n',
  'mysite/wsgi.py':
    'import os\n\nfrom django.core.wsgi import get_wsgi_application\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n\napplication = get_wsgi_application()\n',
  'mysite/asgi.py':
    'import os\n\nfrom django.core.asgi import get_asgi_application\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n\napplication = get_asgi_application()\n',
  'requirements.txt': 'django~=5.1\n',
};

const git = (dir: string, ...args: string[]) =>
  run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });

describe('.env, with the secret add writes in it, is ignored by git', () => {
  test("startproject's .gitignore gets .env, its lines kept; `git add -A` then leaves .env out; a rerun changes nothing", async () => {
    const ignore = '__pycache__/\ndb.sqlite3\n';
    const dir = await project('env-git', { ...DJANGO_PROJECT, '.gitignore': ignore });
    await chmod(join(dir, '.gitignore'), 0o600);
    await git(dir, 'init', '-q');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-qm', 'startproject');
    const all = ['docker', 'nginx', 'compose', 'k8s', 'ci', '--yes', '--cwd', dir];
    const r = must(await runCli(['add', ...all]), 'add');
    expect(r.stdout).toMatch(/create\s+\.env\b/);
    expect(r.stdout).toMatch(/change\s+\.gitignore\s+edited in place, so that git never commits/);
    const text = await readFile(join(dir, '.gitignore'), 'utf8');
    expect(text.startsWith(ignore)).toBe(true);
    expect(text.slice(ignore.length)).toMatch(/^# .*create-pyweb add.*\n\.env\n$/);
    expect((await stat(join(dir, '.gitignore'))).mode & 0o777).toBe(0o600);
    await git(dir, 'add', '-A');
    const staged = (await git(dir, 'diff', '--cached', '--name-only')).stdout.split('\n');
    expect(staged).toContain('.env.example');
    expect(staged).not.toContain('.env');
    const again = must(await runCli(['add', ...all]), 'add again');
    expect(again.stdout).toContain('nothing to change');
  });

  test('outside git: a symlinked .gitignore is edited where it points; none is made; one that ignores .env is left', async () => {
    const linked = await project('env-link', {
      ...DJANGO_PROJECT,
      'dotfiles/gitignore': 'node_modules/',
    });
    await symlink(join('dotfiles', 'gitignore'), join(linked, '.gitignore'));
    must(await runCli(['add', 'docker', 'compose', '--yes', '--cwd', linked]), 'add (link)');
    expect((await lstat(join(linked, '.gitignore'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(linked, 'dotfiles', 'gitignore'), 'utf8')).toMatch(
      /^node_modules\/\n# .*\n\.env\n$/,
    );

    const none = await project('env-none', DJANGO_PROJECT);
    const r = must(
      await runCli(['add', 'docker', 'compose', '--yes', '--cwd', none]),
      'add (none)',
    );
    expect(r.stdout).toMatch(/create\s+\.gitignore\s+so that git never commits/);
    expect(await readFile(join(none, '.gitignore'), 'utf8')).toMatch(/^# .*\n\.env\n$/);

    for (const line of ['.env', '/.env', '.env*', '*.env']) {
      const has = await project(`env-has-${line.replace(/\W/g, '_')}`, {
        ...DJANGO_PROJECT,
        '.gitignore': `*.pyc\n${line}\n`,
      });
      const out = must(await runCli(['add', 'docker', 'compose', '--yes', '--cwd', has]), line);
      expect(out.stdout, line).not.toContain('.gitignore');
      expect(await readFile(join(has, '.gitignore'), 'utf8')).toBe(`*.pyc\n${line}\n`);
    }
  });
});

describe('--app that names nothing the project has is refused in one line', () => {
  test('an attribute the module does not define: the module file and the apps it does define', async () => {
    const dir = await project('app-nothere', {
      'app.py': `${FLASK_APP}\n\nfrom werkzeug.middleware.proxy_fix import ProxyFix as Fixer\nwsgi = app\n`,
      'requirements.txt': 'flask~=3.1\n',
    });
    const before = await tree(dir);
    for (const spec of ['app:nothere', 'app:nothere()']) {
      const r = await runCli(['add', 'docker', '--app', spec, '--yes', '--cwd', dir]);
      expect(r.code, spec).toBe(1);
      expect(r.stderr, spec).toMatch(
        new RegExp(
          `^error: --app ${spec.replace(/[()]/g, '\\$&')}: there is no nothere in app\\.py .*; it defines app\\n$`,
        ),
      );
    }
    expect(await tree(dir)).toEqual(before);
    // Names bound by an assignment or an import are there.
    for (const spec of ['app:wsgi', 'app:Fixer'])
      must(
        await runCli(['add', 'docker', '--app', spec, '--yes', '--dry-run', '--cwd', dir]),
        spec,
      );
  });

  test("Django: an --app other than the project's own wsgi or asgi application names that one", async () => {
    const dir = await project('app-django', DJANGO_PROJECT);
    const before = await tree(dir);
    const r = await runCli([
      'add',
      'docker',
      '--app',
      'mysite.wsgi:nothere',
      '--yes',
      '--cwd',
      dir,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: --app mysite\.wsgi:nothere: .*Django project's app .*mysite\.wsgi:application or mysite\.asgi:application.*\n$/,
    );
    expect(await tree(dir)).toEqual(before);
    must(
      await runCli(['add', 'docker', '--app', 'mysite.wsgi:application', '--yes', '--cwd', dir]),
      'its own',
    );
  });
});

describe('the lock step is printed only when the dependencies changed', () => {
  const pyproject = (deps: string) =>
    `[project]\nname = "svc"\nversion = "0.1.0"\nrequires-python = ">=3.12"\ndependencies = [${deps}]\n`;
  for (const [lock, cmd] of [
    ['uv.lock', 'uv lock'],
    ['poetry.lock', 'poetry lock'],
    ['pdm.lock', 'pdm lock'],
  ] as const)
    test(`${lock}: only the record added, no ${cmd}; the server added, ${cmd}`, async () => {
      const app = { 'main.py': FASTAPI_APP, [lock]: '# locked\n' };
      const same = await project(`lock-same-${lock}`, {
        ...app,
        'pyproject.toml': pyproject('"fastapi>=0.110", "uvicorn>=0.30"'),
      });
      const r = must(await runCli(['add', 'docker', '--yes', '--cwd', same]), 'add (same deps)');
      expect(r.stdout).toMatch(/change\s+pyproject\.toml/);
      expect(r.stdout).not.toContain(cmd);
      const grown = await project(`lock-grown-${lock}`, {
        ...app,
        'pyproject.toml': pyproject('"fastapi>=0.110"'),
      });
      const g = must(await runCli(['add', 'docker', '--yes', '--cwd', grown]), 'add (new deps)');
      expect(await readFile(join(grown, 'pyproject.toml'), 'utf8')).toMatch(/"uvicorn/);
      expect(g.stdout).toMatch(new RegExp(`\\n  ${cmd} +\\S`));
    });
});
