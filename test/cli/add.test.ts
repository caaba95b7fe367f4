import { existsSync } from 'node:fs';
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
import { ADDONS, FRAMEWORKS, SERVERS, serversFor } from '../../generators/catalog/index.js';
import { listFiles } from '../helpers/render-to.js';
import { actionlint } from '../helpers/actionlint.js';
import { composeBinary } from '../helpers/deploy-tools.js';
import { rewriteForLoopback, startNginx } from '../helpers/nginx.js';
import { ROOT } from '../helpers/paths.js';
import { must, run, runCli } from '../helpers/run.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'foreign');

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pyweb-add-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Every file of a tree, path → text. */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  // .env holds a secret made at creation, different in every project: add never rewrites it.
  // uv.lock is resolved at creation where uv can be had; add leaves it, and says `uv lock`.
  for (const rel of await listFiles(dir))
    if (rel !== '.env' && rel !== 'uv.lock') out[rel] = await readFile(join(dir, rel), 'utf8');
  return out;
}

const NONE = ADDONS.map((a) => `--no-${a.id}`);

/** A project made with the add-ons off, in its own parent folder so that the name is the same. */
async function createBare(where: string, name: string, flags: string[]): Promise<string> {
  await mkdir(join(work, where), { recursive: true });
  const dir = join(work, where, name);
  must(await runCli([dir, ...flags, '--no-git', '--yes']), `create ${flags.join(' ')}`);
  return dir;
}

describe('add on a project create-pyweb made gives what create gives', () => {
  for (const f of FRAMEWORKS) {
    const server = serversFor(f)[0];
    test(`${f.id} on ${server.id}: create bare, then add every add-on that fits`, async () => {
      const fits = ADDONS.filter((a) => !a.unfit?.(server)).map((a) => a.id);
      const flags = ['-f', f.id, '-s', server.id, '--k8s', '--postgres'];
      const whole = await createBare(`whole-${f.id}`, 'svc', flags);
      const bare = await createBare(`bare-${f.id}`, 'svc', ['-f', f.id, '-s', server.id, ...NONE]);
      expect(existsSync(join(bare, 'Dockerfile'))).toBe(false);
      const r = must(await runCli(['add', ...fits, '--cwd', bare]), 'add');
      expect(r.stdout).toContain('create  Dockerfile');
      expect(await tree(bare)).toEqual(await tree(whole));
      // The same command again changes nothing.
      const again = must(await runCli(['add', ...fits, '--cwd', bare]), 'add again');
      expect(again.stdout).toContain('nothing to change');
      expect(await tree(bare)).toEqual(await tree(whole));
    });
  }

  test('mod_wsgi: apache added later equals apache at create', async () => {
    const whole = await createBare('whole-apache', 'web', ['-f', 'flask', '-s', 'mod_wsgi']);
    const bare = await createBare('bare-apache', 'web', [
      '-f',
      'flask',
      '-s',
      'mod_wsgi',
      '--no-apache',
    ]);
    must(await runCli(['add', 'apache', '--cwd', bare]), 'add apache');
    expect(await tree(bare)).toEqual(await tree(whole));
  });

  test('add server switches every file that names the server, like creating with it', async () => {
    const target = await createBare('switch-target', 'api', [
      '-f',
      'fastapi',
      '-s',
      'hypercorn',
      '--k8s',
    ]);
    const dir = await createBare('switch-from', 'api', [
      '-f',
      'fastapi',
      '-s',
      'gunicorn-uvicorn',
      '--k8s',
    ]);
    const r = must(
      await runCli(['add', 'server', 'hypercorn', '--cwd', dir]),
      'add server hypercorn',
    );
    expect(r.stdout).toMatch(/remove\s+gunicorn\.conf\.py/);
    expect(await tree(dir)).toEqual(await tree(target));
  });
});

describe('add is safe', () => {
  test('a file the user wrote is skipped and named; --force replaces it', async () => {
    const dir = await createBare('conflict', 'svc', ['-f', 'flask', '-s', 'gunicorn', ...NONE]);
    const mine = 'FROM scratch\n# my own\n';
    await writeFile(join(dir, 'Dockerfile'), mine);
    const r = must(await runCli(['add', 'docker', '--cwd', dir]), 'add docker');
    expect(r.stdout).toMatch(
      /skip\s+Dockerfile\s+yours, kept \(no port, runs as root, no HEALTHCHECK\); --force replaces it/,
    );
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toBe(mine);
    expect(existsSync(join(dir, '.dockerignore'))).toBe(true);
    must(await runCli(['add', 'docker', '--force', '--cwd', dir]), 'add docker --force');
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toMatch(
      /^# syntax=docker\/dockerfile:1/,
    );
  });

  test('--dry-run lists and diffs, and writes nothing', async () => {
    const dir = await createBare('dry', 'svc', ['-f', 'flask', '-s', 'gunicorn', ...NONE]);
    const before = await tree(dir);
    const r = must(await runCli(['add', 'docker', 'nginx', '--dry-run', '--cwd', dir]), 'dry run');
    expect(r.stdout).toMatch(/create\s+Dockerfile/);
    expect(r.stdout).toMatch(/change\s+pyproject\.toml/);
    expect(r.stdout).toContain('+addons = ["docker", "nginx"]');
    expect(r.stdout).toContain('dry run: nothing was written');
    expect(await tree(dir)).toEqual(before);
  });

  test('a pyproject.toml the user edited is edited as TOML, keeping their lines', async () => {
    const dir = await createBare('edited', 'svc', ['-f', 'flask', '-s', 'gunicorn', ...NONE]);
    const path = join(dir, 'pyproject.toml');
    const text = (await readFile(path, 'utf8')).replace(
      'dependencies = [\n',
      'dependencies = [\n    # pinned by us\n    "requests~=2.32",\n',
    );
    await writeFile(path, text);
    must(await runCli(['add', 'docker', '--cwd', dir]), 'add docker');
    const after = await readFile(path, 'utf8');
    expect(after).toContain('# pinned by us\n    "requests~=2.32",');
    expect(after).toContain('addons = ["docker"]');
  });

  test('needs: compose without docker stops without --yes, adds docker with it', async () => {
    const dir = await createBare('needs', 'svc', ['-f', 'flask', '-s', 'gunicorn', ...NONE]);
    const before = await tree(dir);
    const r = await runCli(['add', 'compose', '--cwd', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: compose needs docker/);
    expect(await tree(dir)).toEqual(before);
    must(await runCli(['add', 'compose', '--yes', '--cwd', dir]), 'add compose --yes');
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(true);
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(true);
  });

  test('k8s on a project from an earlier create-pyweb, whose app has no /readyz: readiness asks /healthz, which it has', async () => {
    const dir = await createBare('no-readyz', 'svc', ['-f', 'flask', '-s', 'gunicorn', ...NONE]);
    // An app as earlier versions wrote it: the readiness route is not there.
    const init = join(dir, 'svc', '__init__.py');
    const app = await readFile(init, 'utf8');
    expect(app).toContain('"/readyz"');
    await writeFile(init, app.replaceAll('"/readyz"', '"/ready-not-yet"'));
    must(await runCli(['add', 'docker', 'k8s', '--cwd', dir]), 'add docker k8s');
    const probe = (text: string) => text.match(/readinessProbe:\s+httpGet:\s+path: (\S+)/)?.[1];
    const manifest = join(dir, 'deploy', 'k8s', 'deployment.yaml');
    expect(probe(await readFile(manifest, 'utf8'))).toBe('/healthz');
    // With the route back, the same add moves the probe to it.
    await writeFile(init, app);
    must(await runCli(['add', 'docker', 'k8s', '--cwd', dir]), 'add again');
    expect(probe(await readFile(manifest, 'utf8'))).toBe('/readyz');
  });

  test('bad input: one line, exit 1, nothing written', async () => {
    const dir = await createBare('bad', 'svc', ['-f', 'flask', '-s', 'gunicorn', ...NONE]);
    const before = await tree(dir);
    const cases: [string[], RegExp][] = [
      [['add', 'dokcer', '--cwd', dir], /^error: unknown add-on "dokcer"; did you mean docker\?/],
      [
        ['add', 'server', 'daphne', '--cwd', dir],
        /^error: flask speaks WSGI; daphne serves ASGI only; try gunicorn/,
      ],
      [['add', 'server', 'nope', '--cwd', dir], /^error: unknown server "nope"/],
      [['add', 'apache', '--cwd', dir], /^error: apache applies to mod_wsgi only/],
      [['add', '--cwd', dir], /^error: name the add-ons to add/],
      [['add', 'docker', '--cwd', join(work, 'missing')], /^error: .*missing does not exist/],
    ];
    for (const [argv, message] of cases) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr, argv.join(' ')).toMatch(message);
    }
    expect(await tree(dir)).toEqual(before);
    const notPython = join(work, 'not-python');
    await mkdir(notPython, { recursive: true });
    await writeFile(join(notPython, 'index.js'), 'console.log(1)\n');
    const r = await runCli(['add', 'docker', '--cwd', notPython]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .* is not a Python project/);
    expect(await tree(notPython)).toEqual({ 'index.js': 'console.log(1)\n' });
  });
});

describe('add on a project it did not make, without a terminal', () => {
  async function fixture(name: string, as: string): Promise<string> {
    const dir = join(work, as);
    await cp(join(FIXTURES, name), dir, { recursive: true });
    return dir;
  }

  test('ambiguity stops with the flag that settles it; the flag settles it', async () => {
    const dir = await fixture('ambiguous', 'amb');
    const before = await tree(dir);
    const r = await runCli(['add', 'docker', '--yes', '--cwd', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*(flask|bottle)/);
    expect(r.stderr).toContain('--framework');
    expect(await tree(dir)).toEqual(before);
    must(
      await runCli(['add', 'docker', '--yes', '--framework', 'bottle', '--cwd', dir]),
      'add --framework bottle',
    );
    expect(await readFile(join(dir, 'serving', 'proxied.py'), 'utf8')).toContain('import b');
  });

  test('no server named and no --yes: stops, naming --server', async () => {
    const dir = await fixture('flask-single', 'noserver');
    const r = await runCli(['add', 'docker', '--cwd', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: the project names no server/);
    expect(r.stderr).toContain('--server');
    must(
      await runCli(['add', 'docker', '--server', 'waitress', '--cwd', dir]),
      'add --server waitress',
    );
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toContain('"serving.launch"');
  });

  test("a Dockerfile of the user's own is kept and reported", async () => {
    const dir = await fixture('fastapi-uv', 'own-docker');
    const mine =
      'FROM python:3.13-slim\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]\n';
    await writeFile(join(dir, 'Dockerfile'), mine);
    const r = must(await runCli(['add', 'docker', 'nginx', '--cwd', dir]), 'add docker nginx');
    expect(r.stdout).toMatch(
      /skip\s+Dockerfile\s+yours, kept and read by nginx \(port 8000 from CMD, runs as root, no HEALTHCHECK\); --force replaces it/,
    );
    expect(r.stdout).toMatch(/create\s+deploy\/nginx\/default\.conf/);
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toBe(mine);
  });

  test('a kept Dockerfile is read, not assumed: compose, nginx and k8s follow its port, user and HEALTHCHECK (issue 17, item 8)', async () => {
    // Port 5000 in its CMD, no USER (root), no HEALTHCHECK, a CMD of its own.
    const dir = await fixture('flask-own-docker', 'own-image');
    const dockerfile = await readFile(join(dir, 'Dockerfile'), 'utf8');
    const ids = ['docker', 'nginx', 'compose', 'k8s'];
    const r = must(await runCli(['add', ...ids, '--yes', '--cwd', dir]), 'add');
    expect(r.stdout).toMatch(
      /skip\s+Dockerfile\s+yours, kept and read by compose, nginx, k8s \(port 5000 from CMD, runs as root, no HEALTHCHECK\)/,
    );
    expect(r.stdout).not.toContain('as the container does');
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toBe(dockerfile);
    const compose = await readFile(join(dir, 'compose.yaml'), 'utf8');
    expect(compose).toMatch(
      /healthcheck:\n\s+test: \["CMD", "python3", "-c", ".*'http:\/\/127\.0\.0\.1:5000\//,
    );
    expect(await readFile(join(dir, 'deploy', 'nginx', 'default.conf'), 'utf8')).toContain(
      'server app:5000;',
    );
    const deployment = await readFile(join(dir, 'deploy', 'k8s', 'deployment.yaml'), 'utf8');
    expect(deployment).toContain('containerPort: 5000');
    // runAsNonRoot on a root image keeps the pod from starting: it is not set, and the manifest says why.
    expect(deployment).not.toMatch(/^\s*(runAsNonRoot|runAsUser|runAsGroup):/m);
    expect(deployment).toContain('# Your Dockerfile runs the app as root');
    expect(await readFile(join(dir, 'deploy', 'k8s', 'configmap.yaml'), 'utf8')).toContain(
      'PORT: "5000"',
    );
    const bin = composeBinary();
    if (bin) {
      const env = { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };
      must(await run(bin, ['config', '-q'], { cwd: dir, env }), 'docker compose config -q');
    }
    const again = must(await runCli(['add', ...ids, '--yes', '--cwd', dir]), 'again');
    expect(again.stdout).toContain('nothing to change');

    // A Dockerfile that says no port: the add-ons that reach it stop, one line, nothing written.
    const silent = await fixture('flask-own-docker', 'own-image-no-port');
    await writeFile(
      join(silent, 'Dockerfile'),
      'FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["gunicorn", "app:app"]\n',
    );
    const before = await tree(silent);
    const refused = await runCli(['add', ...ids, '--yes', '--cwd', silent]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^error: compose, nginx, k8s cannot follow your Dockerfile: it does not say which port the app listens on/,
    );
    expect(refused.stderr.trim().split('\n')).toHaveLength(2);
    expect(await tree(silent)).toEqual(before);
    // docker alone reaches no port: it keeps the Dockerfile and goes on.
    must(await runCli(['add', 'docker', '--yes', '--cwd', silent]), 'add docker');
  });

  test('ci alone brings no server; docker later adds one and the image job to ci.yml', async () => {
    const dir = await fixture('flask-single', 'ci-first');
    must(await runCli(['add', 'ci', '--cwd', dir]), 'add ci');
    expect(await readFile(join(dir, 'requirements.txt'), 'utf8')).not.toContain('gunicorn');
    expect(existsSync(join(dir, 'serving'))).toBe(false);
    expect(await readFile(join(dir, '.create-pyweb.toml'), 'utf8')).not.toContain('server =');
    const workflow = await readFile(join(dir, '.github', 'workflows', 'ci.yml'), 'utf8');
    expect(workflow).not.toContain('docker build');
    const r = must(await runCli(['add', 'docker', '--yes', '--cwd', dir]), 'add docker');
    expect(r.stdout).toMatch(/change\s+\.github\/workflows\/ci\.yml/);
    expect(await readFile(join(dir, '.github', 'workflows', 'ci.yml'), 'utf8')).toContain(
      'docker build',
    );
    expect(await readFile(join(dir, 'requirements.txt'), 'utf8')).toContain('gunicorn');
  });

  /** A small project written from a map of files. */
  async function project(as: string, files: Record<string, string>): Promise<string> {
    const dir = join(work, as);
    for (const [rel, text] of Object.entries(files)) {
      await mkdir(join(dir, rel, '..'), { recursive: true });
      await writeFile(join(dir, rel), text);
    }
    return dir;
  }
  const FLASK_APP =
    'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/healthz")\ndef healthz():\n    return "ok"\n';

  test('a health route under a prefix it cannot read is not claimed: add says so and names --health (issue 17, item 11)', async () => {
    const dir = await project('health-unread', {
      'app/__init__.py': '',
      'app/main.py':
        'import os\n\nfrom fastapi import FastAPI\n\nfrom app.routes import router\n\napp = FastAPI()\napp.include_router(router, prefix=os.environ["API_PREFIX"])\n',
      'app/routes.py':
        'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/utils")\n\n\n@router.get("/health-check/")\ndef health_check():\n    return True\n',
      'requirements.txt': 'fastapi\nuvicorn\n',
    });
    const r = must(await runCli(['add', 'docker', '--dry-run', '--cwd', dir]), 'add --dry-run');
    expect(r.stdout).toMatch(
      /health check \/: a health route was found under a prefix that could not be read \(app\/main\.py: the prefix router is included with\);.*--health PATH names the route's full path {2}\(app\/routes\.py:6: @router\.get\("\/health-check\/"\)\)/,
    );
    expect(r.stdout).not.toMatch(/health check \/health-check\//);
  });

  test("nginx's WebSocket locations are the app's own WebSocket routes (issue 17, item 15)", async () => {
    const dir = await project('ws-starlette', {
      'app.py':
        'from starlette.applications import Starlette\nfrom starlette.routing import Route, WebSocketRoute\n\n\nasync def chat(ws): ...\nasync def room(ws): ...\nasync def healthz(request): ...\n\n\napp = Starlette(routes=[\n    Route("/healthz", healthz),\n    WebSocketRoute("/ws/chat", chat),\n    WebSocketRoute("/rooms/{name}/live", room),\n])\n',
      'requirements.txt': 'starlette\nuvicorn\n',
    });
    const r = must(await runCli(['add', 'docker', 'nginx', '--yes', '--cwd', dir]), 'add');
    expect(r.stdout).toMatch(/websocket \/ws\/chat \/rooms\/\{name\}\/live/);
    const conf = await readFile(join(dir, 'deploy', 'nginx', 'default.conf'), 'utf8');
    expect(conf.match(/^ +location .*$/gm)).toEqual([
      '    location / {',
      '    location = /ws/chat {',
      '    location ^~ /rooms/ {',
    ]);
    expect(conf).not.toContain('location = /ws {');
    // nginx -t passes (startNginx checks it) with the upstream pointed at loopback
    const nginx = await startNginx((listen) =>
      rewriteForLoopback(conf, { from: 'app:8000', to: '127.0.0.1:9' }, listen),
    );
    await nginx.stop();
  });

  test('a server the project already names gets its config and glue, and keeps its pin', async () => {
    const dir = await project('own-gunicorn', {
      'app.py': FLASK_APP,
      'requirements.txt': 'flask~=3.1\ngunicorn==23.0.0  # keep this pin\n',
      Procfile: 'web: gunicorn app:app\n',
    });
    const r = must(await runCli(['add', 'docker', '--cwd', dir]), 'add docker');
    expect(r.stdout).toMatch(/server gunicorn/);
    expect(existsSync(join(dir, 'gunicorn.conf.py'))).toBe(true);
    expect(existsSync(join(dir, 'serving', 'proxied.py'))).toBe(true);
    expect(await readFile(join(dir, 'requirements.txt'), 'utf8')).toBe(
      'flask~=3.1\ngunicorn==23.0.0  # keep this pin\n',
    );
    // Switching rewrites the Procfile's web line with the new command.
    must(await runCli(['add', 'server', 'waitress', '--cwd', dir]), 'add server waitress');
    expect(await readFile(join(dir, 'Procfile'), 'utf8')).toBe('web: python -m serving.launch\n');
    expect(await readFile(join(dir, 'requirements.txt'), 'utf8')).not.toContain('gunicorn');
    expect(existsSync(join(dir, 'gunicorn.conf.py'))).toBe(false);
  });

  test('a switch that would leave a file running the old server is refused, writing nothing', async () => {
    const dir = await createBare('switch-stuck', 'svc', ['-f', 'flask', '-s', 'gunicorn']);
    await writeFile(join(dir, 'Dockerfile'), '# mine\n', { flag: 'a' });
    const before = await tree(dir);
    const r = await runCli(['add', 'server', 'waitress', '--cwd', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: cannot switch to waitress: Dockerfile differs from what create-pyweb wrote and would still run gunicorn/,
    );
    expect(await tree(dir)).toEqual(before);
  });

  test("a project with 0.1's serve.py moves to the module named by its role; a changed file keeps it", async () => {
    // What 0.1 wrote: the same glue, named serve.py, and the files that run it.
    const as01 = async (as: string) => {
      const dir = await createBare(as, 'old', ['-f', 'flask', '-s', 'gunicorn']);
      // 0.1 recorded no hashes: add judges its files against today's templates.
      await rm(join(dir, '.create-pyweb.sha256'));
      const text = await readFile(join(dir, 'old', 'proxied.py'), 'utf8');
      await rm(join(dir, 'old', 'proxied.py'));
      await writeFile(join(dir, 'old', 'serve.py'), text);
      for (const f of ['Dockerfile', 'gunicorn.conf.py']) {
        const t = await readFile(join(dir, f), 'utf8');
        await writeFile(
          join(dir, f),
          t.replaceAll('old.proxied', 'old.serve').replaceAll('proxied.py', 'serve.py'),
        );
      }
      return dir;
    };
    const dir = await as01('legacy-glue');
    must(await runCli(['add', 'ci', '--cwd', dir]), 'add ci');
    expect(existsSync(join(dir, 'old', 'serve.py'))).toBe(false);
    expect(existsSync(join(dir, 'old', 'proxied.py'))).toBe(true);
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toContain('"old.proxied:app"');
    // A Dockerfile the user changed may still run serve.py: it stays, and says why.
    const mine = await as01('legacy-glue-mine');
    await writeFile(join(mine, 'Dockerfile'), '# mine\n', { flag: 'a' });
    const r = must(await runCli(['add', 'ci', '--cwd', mine]), 'add ci');
    expect(r.stdout).toMatch(/keep\s+old\/serve\.py\s+the name create-pyweb 0\.1 used/);
    expect(existsSync(join(mine, 'old', 'serve.py'))).toBe(true);
  });

  test('split requirements, requires-python, a health path without its slash, a dev extra', async () => {
    const dir = await project('split', {
      'app.py': FLASK_APP,
      'requirements/base.txt': 'flask~=3.1\n',
      'requirements/production.txt': '-r base.txt\n',
      'pyproject.toml': '[tool.ruff]\nline-length = 100\n',
      '.python-version': '3.12\n',
    });
    must(
      await runCli(['add', 'docker', 'ci', '--yes', '--health', 'healthz', '--cwd', dir]),
      'add',
    );
    const dockerfile = await readFile(join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(
      'COPY requirements/ requirements/\nRUN pip install -r requirements/production.txt',
    );
    expect(dockerfile).toContain("+ '/healthz', timeout=4)");
    expect(dockerfile).toContain('ARG PYTHON_VERSION=3.12');
    expect(await readFile(join(dir, 'requirements/production.txt'), 'utf8')).toBe(
      '-r base.txt\ngunicorn~=27.0\n',
    );
    expect(await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8')).toContain(
      '-r requirements/production.txt',
    );

    const typed = await project('typed', {
      'svc/__init__.py': '',
      'svc/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
      'pyproject.toml':
        '[project]\nname = "svc"\nversion = "1"\nrequires-python = ">=3.10,<3.12"\n' +
        'dependencies = ["fastapi"]\n\n[project.optional-dependencies]\ndev = ["pytest", "httpx"]\n',
      'tests/test_main.py': 'def test_ok():\n    assert True\n',
    });
    must(await runCli(['add', 'docker', 'ci', '--yes', '--cwd', typed]), 'add');
    expect(await readFile(join(typed, 'Dockerfile'), 'utf8')).toContain('ARG PYTHON_VERSION=3.11');
    const workflow = await readFile(join(typed, '.github/workflows/ci.yml'), 'utf8');
    expect(workflow).toContain('pip install -e ".[dev]"');
    // Nothing in it uses ruff: CI runs its tests and does not lint.
    expect(workflow).toContain('pip install pytest');
    expect(workflow).not.toContain('ruff');

    // A `dev` dependency group (PEP 735), one entry an included group: pip >= 25.1 installs it.
    const grouped = await project('grouped', {
      'svc/__init__.py': '',
      'svc/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
      'pyproject.toml':
        '[project]\nname = "svc"\nversion = "1"\ndependencies = ["fastapi"]\n\n' +
        '[dependency-groups]\nlint = ["ruff"]\ndev = ["pytest", {include-group = "lint"}, "ruff"]\n',
      'tests/test_main.py': 'def test_ok():\n    assert True\n',
    });
    must(await runCli(['add', 'ci', '--yes', '--cwd', grouped]), 'add');
    const groupedWorkflow = await readFile(join(grouped, '.github/workflows/ci.yml'), 'utf8');
    expect(groupedWorkflow).toContain('python -m pip install -e . --group dev');
    expect(groupedWorkflow).not.toContain('pip install ruff');
  });

  test("the Python version comes from the project's own signals, printed with its evidence (issue 17, item 7)", async () => {
    // Its own Dockerfile (kept) builds on 3.11: our CI tests on 3.11 too.
    const docker = await project('py-docker', {
      'app.py': FLASK_APP,
      'requirements.txt': 'flask\n',
      Dockerfile: 'FROM python:3.11-slim AS base\nCOPY . .\nCMD ["flask", "run"]\n',
    });
    const r = must(await runCli(['add', 'ci', '--yes', '--cwd', docker]), 'add ci');
    expect(r.stdout).toMatch(/python 3\.11 .*\(Dockerfile: FROM python:3\.11-slim AS base\)/);
    expect(await readFile(join(docker, '.github/workflows/ci.yml'), 'utf8')).toContain(
      'python-version: "3.11"',
    );
    // The repository's CI matrix, above the project's folder: the newest it tests.
    const repo = await project('py-matrix', {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.github/workflows/tests.yml':
        'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n' +
        '        python-version: ["3.11", "3.12"]\n    steps:\n      - uses: actions/setup-python@v5\n' +
        '        with:\n          python-version: ${{ matrix.python-version }}\n',
      'backend/app.py': FLASK_APP,
      'backend/requirements.txt': 'flask\n',
    });
    const m = must(
      await runCli(['add', 'docker', '--yes', '--cwd', join(repo, 'backend')]),
      'add docker',
    );
    expect(m.stdout).toMatch(/python 3\.12 .*tests\.yml: tests on 3\.11, 3\.12/);
    expect(await readFile(join(repo, 'backend/Dockerfile'), 'utf8')).toContain(
      'ARG PYTHON_VERSION=3.12',
    );
    // A lock whose compiled wheels stop at 3.12: not the 3.13 requires-python would allow.
    const wheel = (py: string) =>
      `  { url = "https://x/greenlet-3.0.3-cp${py}-cp${py}-manylinux_2_17_x86_64.whl", hash = "sha256:0" },\n`;
    const locked = await project('py-lock', {
      'svc/__init__.py': '',
      'svc/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
      'pyproject.toml':
        '[project]\nname = "svc"\nversion = "1"\nrequires-python = ">=3.11"\ndependencies = ["fastapi"]\n',
      'uv.lock':
        'version = 1\nrequires-python = ">=3.11"\n\n[[package]]\nname = "greenlet"\nversion = "3.0.3"\n' +
        `wheels = [\n${wheel('311')}${wheel('312')}]\n\n[[package]]\nname = "idna"\nversion = "3.7"\n` +
        'wheels = [\n  { url = "https://x/idna-3.7-py3-none-any.whl", hash = "sha256:0" },\n]\n',
    });
    const l = must(await runCli(['add', 'docker', '--yes', '--cwd', locked]), 'add docker');
    expect(l.stdout).toMatch(
      /python 3\.12 .*uv\.lock: greenlet 3\.0\.3 has CPython wheels up to 3\.12/,
    );
    expect(await readFile(join(locked, 'Dockerfile'), 'utf8')).toContain('ARG PYTHON_VERSION=3.12');
    // --python overrides them all, and says so.
    const o = must(
      await runCli(['add', 'docker', '--yes', '--python', '3.13', '--force', '--cwd', locked]),
      'add --python',
    );
    expect(o.stdout).toMatch(/python 3\.13 .*\(--python\)/);
    expect(await readFile(join(locked, 'Dockerfile'), 'utf8')).toContain('ARG PYTHON_VERSION=3.13');
  });

  test("CI at the repository's root, in the project's folder, linting only with the project's ruff (issue 17, item 9)", async () => {
    const repo = await project('ci-root', {
      '.git/HEAD': 'ref: refs/heads/main\n',
      'backend/app.py': FLASK_APP,
      'backend/requirements.txt': 'flask\n',
      'backend/tests/test_app.py': 'def test_ok():\n    assert True\n',
    });
    const backend = join(repo, 'backend');
    const r = must(await runCli(['add', 'ci', '--cwd', backend]), 'add ci');
    expect(r.stdout).toMatch(/lint no ruff found: CI does not lint/);
    expect(r.stdout).toMatch(/create\s+\.\.\/\.github\/workflows\/backend-ci\.yml/);
    expect(r.stdout).toContain('GitHub Actions runs .github/workflows/backend-ci.yml');
    expect(existsSync(join(backend, '.github'))).toBe(false);
    const workflow = await readFile(join(repo, '.github/workflows/backend-ci.yml'), 'utf8');
    expect(workflow).toContain('defaults:\n  run:\n    working-directory: backend\n');
    expect(workflow).toContain('      - "backend/**"\n');
    expect(workflow).toContain('cache-dependency-path: backend/requirements.txt');
    expect(workflow).toContain('python -m pip install pytest\n');
    expect(workflow).not.toContain('ruff');
    await actionlint(repo);
    expect(must(await runCli(['add', 'ci', '--cwd', backend]), 'again').stdout).toContain(
      'nothing to change',
    );

    // Its pre-commit hook pins ruff: CI runs that ruff, and that one only.
    const pinned = await project('ci-pinned', {
      'app.py': FLASK_APP,
      'requirements.txt': 'flask\n',
      '.pre-commit-config.yaml':
        'repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.4.1\n    hooks:\n      - id: ruff\n',
    });
    const p = must(await runCli(['add', 'ci', '--cwd', pinned]), 'add ci');
    expect(p.stdout).toMatch(/lint ruff==0\.4\.1 .*\.pre-commit-config\.yaml/);
    const pinnedFlow = await readFile(join(pinned, '.github/workflows/ci.yml'), 'utf8');
    expect(pinnedFlow).toContain('python -m pip install ruff==0.4.1\n');
    expect(pinnedFlow).toContain('run: ruff check .');
    expect(pinnedFlow).not.toContain('working-directory');
    await actionlint(pinned);
  });

  test("CI's test job reaches its database the way the app reads it, and has the settings it requires (issue 17, item 10)", async () => {
    // psycopg 3 under SQLModel, behind requirements/prod.txt's `-r base.txt`; pydantic settings
    // with a prefix and no defaults: CI names the app's variables, with a URL SQLAlchemy can load.
    const dir = await project('ci-settings', {
      'main.py':
        'from fastapi import FastAPI\n\nfrom config import settings\n\napp = FastAPI(debug=settings.debug)\n',
      'config.py': [
        'from pydantic_settings import BaseSettings, SettingsConfigDict',
        '',
        '',
        'class Settings(BaseSettings):',
        '    model_config = SettingsConfigDict(env_prefix="SHOP_")',
        '',
        '    database_url: str',
        '    secret_key: str',
        '    debug: bool = False',
        '',
        '',
        'settings = Settings()',
        '',
      ].join('\n'),
      'requirements/base.txt': 'fastapi\nsqlmodel\npsycopg[binary]\npydantic-settings\n',
      'requirements/prod.txt': '-r base.txt\nuvicorn\n',
      'tests/test_app.py': 'def test_ok():\n    assert True\n',
    });
    must(await runCli(['add', 'ci', '--cwd', dir]), 'add ci');
    const workflow = await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8');
    expect(workflow).toContain('      postgres:\n        image: postgres:');
    expect(workflow).toContain(
      '    env:\n      SHOP_DATABASE_URL: postgresql+psycopg://app:app@localhost:5432/app\n',
    );
    expect(workflow).not.toMatch(/^\s+DATABASE_URL:/m);
    expect(workflow).toMatch(
      /# CI-only values, not secrets[^\n]*\n.*\n\s+SHOP_SECRET_KEY: "ci-placeholder-not-secret"\n/,
    );
    expect(workflow).not.toMatch(/SHOP_DEBUG/);
    await actionlint(dir);
  });

  test("the project's server version: flags it knows, pins that cannot resolve refused (issue 17, item 5)", async () => {
    const FASTAPI = 'from fastapi import FastAPI\n\napp = FastAPI()\n';
    // uvicorn 0.18 exits at once on --timeout-graceful-shutdown (0.22.0): the command goes without it.
    const old = await project('held-old', {
      'main.py': FASTAPI,
      'requirements.txt': 'fastapi\nuvicorn==0.18.3\n',
    });
    const r = must(await runCli(['add', 'docker', '--yes', '--cwd', old]), 'add docker');
    expect(r.stdout).toMatch(
      /uvicorn 0\.18\.3 \(requirements\.txt: uvicorn==0\.18\.3\) has no --timeout-graceful-shutdown \(it came in 0\.22\.0\).*uvicorn>=0\.22\.0/,
    );
    const dockerfile = await readFile(join(old, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('--timeout-keep-alive 75');
    expect(dockerfile).not.toContain('--timeout-graceful-shutdown');
    // uvicorn-worker 0.4 needs a newer uvicorn than the pinned one: refused, the conflict named.
    const before = await tree(old);
    const s = await runCli(['add', 'server', 'gunicorn-uvicorn', '--yes', '--cwd', old]);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(
      /^error: the dependencies in requirements\.txt would not install together: .*uvicorn-worker.*uvicorn==0\.18\.3/,
    );
    expect(s.stderr).toContain('nothing was written');
    expect(await tree(old)).toEqual(before);

    // uvicorn[standard] 0.54 needs a newer httptools than the project pins.
    const httptools = await project('held-httptools', {
      'main.py': FASTAPI,
      'requirements.txt': 'fastapi\nhttptools==0.5.0\n',
    });
    const h = await runCli(['add', 'docker', '--server', 'uvicorn', '--cwd', httptools]);
    expect(h.code).toBe(1);
    expect(h.stderr).toMatch(/httptools==0\.5\.0/);
    expect(existsSync(join(httptools, 'Dockerfile'))).toBe(false);

    // A lock holding uvicorn 0.12, before --factory: a factory cannot be served; said, not written.
    const locked = await project('held-lock', {
      'svc/__init__.py': '',
      'svc/main.py': 'from fastapi import FastAPI\n\n\ndef create_app():\n    return FastAPI()\n',
      'pyproject.toml':
        '[project]\nname = "svc"\nversion = "1"\ndependencies = ["fastapi", "uvicorn"]\n',
      'uv.lock':
        'version = 1\nrequires-python = ">=3.11"\n\n[[package]]\nname = "uvicorn"\nversion = "0.12.3"\n',
    });
    const f = await runCli(['add', 'docker', '--yes', '--cwd', locked]);
    expect(f.code).toBe(1);
    expect(f.stderr).toMatch(
      /uvicorn 0\.12\.3 \(uv\.lock: uvicorn 0\.12\.3\) has no --factory, which came in 0\.13\.0/,
    );
    expect(f.stderr).toContain('uvicorn>=0.13.0 in pyproject.toml then uv lock');
    expect(existsSync(join(locked, 'Dockerfile'))).toBe(false);
  });

  test('a dirty git tree is pointed out before writing', async () => {
    const dir = await fixture('flask-factory', 'dirty');
    const git = (...args: string[]) =>
      run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-qm', 'start');
    await writeFile(join(dir, 'flaskr', 'views.py'), '# changed\n', { flag: 'a' });
    const r = must(await runCli(['add', 'ci', '--cwd', dir]), 'add ci');
    expect(r.stdout).toMatch(/note: the git tree has 1 uncommitted change/);
    expect(r.stdout.indexOf('uncommitted')).toBeLessThan(
      r.stdout.indexOf('create  .github/workflows/ci.yml'),
    );
  });

  test('a factory on mod_wsgi is refused with the way out; bad --app syntax is one line', async () => {
    const dir = await fixture('flask-factory', 'factory-modwsgi');
    const r = await runCli(['add', 'docker', '--server', 'mod_wsgi', '--cwd', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: mod_wsgi cannot call an application factory/);
    const bad = await runCli(['add', 'docker', '--app', 'app.py:app', '--yes', '--cwd', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: --app /);
    expect(bad.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  test('a Django project: the wsgi module, collectstatic in the image, its settings untouched', async () => {
    const dir = await fixture('django-startproject', 'dj');
    const settings = await readFile(join(dir, 'mysite', 'settings.py'), 'utf8');
    const r = must(
      await runCli(['add', 'docker', 'compose', 'nginx', '--yes', '--cwd', dir]),
      'add',
    );
    // Its production steps are a new project's: the static files are gathered before the server.
    const steps = r.stdout.slice(r.stdout.indexOf('Next steps'));
    expect(steps.indexOf('collectstatic --noinput')).toBeGreaterThan(0);
    expect(steps.indexOf('collectstatic --noinput')).toBeLessThan(
      steps.indexOf('mysite.proxied:app'),
    );
    const dockerfile = await readFile(join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('"mysite.proxied:app"');
    expect(dockerfile).toContain('python manage.py collectstatic --noinput');
    expect(await readFile(join(dir, 'mysite', 'proxied.py'), 'utf8')).toContain(
      'from . import wsgi',
    );
    expect(await readFile(join(dir, 'mysite', 'settings.py'), 'utf8')).toBe(settings);
  });

  test("startproject's settings: a production module beside them, used by the image, printed with its undo (issue 17, item 13)", async () => {
    const dir = await fixture('django-startproject', 'dj-prod');
    const settings = await readFile(join(dir, 'mysite', 'settings.py'));
    const r = must(
      await runCli(['add', 'docker', 'compose', 'nginx', 'k8s', '--yes', '--cwd', dir]),
      'add',
    );
    expect(r.stdout).toMatch(/create\s+mysite\/settings_production\.py/);
    const production = await readFile(join(dir, 'mysite', 'settings_production.py'), 'utf8');
    expect(production).toContain('from .settings import *');
    for (const name of ['DJANGO_SECRET_KEY', 'DJANGO_ALLOWED_HOSTS', 'DJANGO_CSRF_TRUSTED_ORIGINS'])
      expect(production).toContain(`"${name}"`);
    expect(production).toContain('SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")');
    expect(production).toContain('DEBUG = env_bool("DJANGO_DEBUG", False)');
    const dockerfile = await readFile(join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('ENV DJANGO_SETTINGS_MODULE=mysite.settings_production');
    expect(dockerfile).toContain('python manage.py collectstatic --noinput');
    expect(await readFile(join(dir, 'requirements.txt'), 'utf8')).toMatch(/^whitenoise~=/m);
    // Their settings read nothing from the environment; ours do, so compose demands the key
    // (and .env has a fresh one), Kubernetes reads it from a Secret.
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toContain('DJANGO_SECRET_KEY:?');
    expect(await readFile(join(dir, '.env'), 'utf8')).toMatch(/^DJANGO_SECRET_KEY=\S{50,}$/m);
    expect(await readFile(join(dir, 'deploy', 'k8s', 'deployment.yaml'), 'utf8')).toContain(
      'fieldPath: status.podIP',
    );
    const steps = r.stdout.slice(r.stdout.indexOf('Next steps'));
    expect(steps).toContain('export DJANGO_SETTINGS_MODULE=mysite.settings_production');
    expect(steps).toMatch(
      /undo: rm mysite\/settings_production\.py\s+and drop DJANGO_SETTINGS_MODULE/,
    );
    expect(await readFile(join(dir, 'mysite', 'settings.py'))).toEqual(settings);
    // Settings that already come from the environment are left alone.
    const env = await fixture('django-startproject', 'dj-env');
    const text = settings
      .toString()
      .replace(/^SECRET_KEY = .*$/m, 'SECRET_KEY = os.environ["SECRET_KEY"]')
      .replace(/^DEBUG = True$/m, 'DEBUG = False');
    await writeFile(join(env, 'mysite', 'settings.py'), `import os\n${text}`);
    must(await runCli(['add', 'docker', '--yes', '--cwd', env]), 'add docker');
    expect(existsSync(join(env, 'mysite', 'settings_production.py'))).toBe(false);
  });

  test('the settings the app reads reach .env.example, compose and k8s; its drivers, the next steps (issue 17, item 10)', async () => {
    const dir = await fixture('fastapi-settings', 'settings');
    const r = must(await runCli(['add', 'docker', 'compose', 'k8s', '--yes', '--cwd', dir]), 'add');
    expect(r.stdout).toMatch(/settings the app reads required: .*SHOP_DATABASE_URL/);
    const example = await readFile(join(dir, '.env.example'), 'utf8');
    // Required: present and empty, with where the app reads it; a default: shown, commented out.
    expect(example).toMatch(/# Required: .*\(app\/config\.py:12\).*\nSHOP_DATABASE_URL=\n/);
    expect(example).toMatch(/\nSTRIPE_SECRET_KEY=\n/);
    expect(example).toMatch(/\nSHOP_ADMIN_EMAIL=\n/);
    expect(example).toContain('# SHOP_PAGE_SIZE=20');
    expect(example).toContain('# MAIL_HOST=localhost');
    // A found project has no README table of settings to point to.
    expect(example).not.toContain("README's table");
    const compose = await readFile(join(dir, 'compose.yaml'), 'utf8');
    expect(compose).toContain('SHOP_API_TOKEN: "${SHOP_API_TOKEN:?set SHOP_API_TOKEN in .env');
    expect(compose).not.toContain('SHOP_PAGE_SIZE');
    // Credentials from the Secret, the rest in the ConfigMap: never a secret in a ConfigMap.
    const configMap = await readFile(join(dir, 'deploy', 'k8s', 'configmap.yaml'), 'utf8');
    expect(configMap).toContain('SHOP_ADMIN_EMAIL: ""');
    expect(configMap).not.toMatch(/SHOP_DATABASE_URL|SHOP_API_TOKEN|STRIPE_SECRET_KEY/);
    const deployment = await readFile(join(dir, 'deploy', 'k8s', 'deployment.yaml'), 'utf8');
    for (const name of ['SHOP_DATABASE_URL', 'SHOP_API_TOKEN', 'STRIPE_SECRET_KEY'])
      expect(deployment).toContain(`key: ${name}`);
    // One command makes the one Secret with every key: a second `create secret` of it would fail.
    const create = deployment.match(/kubectl create secret generic \S+-secrets.*/g) ?? [];
    expect(create).toHaveLength(1);
    for (const name of ['SHOP_DATABASE_URL', 'SHOP_API_TOKEN', 'STRIPE_SECRET_KEY'])
      expect(create[0]).toContain(`--from-literal=${name}=...`);
    const steps = r.stdout.slice(r.stdout.indexOf('Next steps'));
    expect(steps).toMatch(
      /create-pyweb add postgres\s+psycopg \(requirements\.txt\) needs a PostgreSQL server: this add-on provides it/,
    );
    expect(steps).toMatch(
      /redis \(requirements\.txt\) needs a Redis server; no add-on provides one/,
    );
    // docker alone (no compose) still lists them for whoever runs the image.
    const bare = await fixture('fastapi-settings', 'settings-docker');
    must(await runCli(['add', 'docker', '--yes', '--cwd', bare]), 'add docker');
    expect(await readFile(join(bare, '.env.example'), 'utf8')).toMatch(/\nSHOP_API_TOKEN=\n/);
  });

  test('add postgres: Alembic and the variable the app reads (DB_URL), with their evidence (issue 18)', async () => {
    const dir = await fixture('flask-alembic', 'pg-alembic');
    const before = await tree(dir);
    const r = must(
      await runCli(['add', 'postgres', 'ci', 'compose', 'k8s', '--yes', '--cwd', dir]),
      'add postgres',
    );
    expect(r.stdout).toMatch(
      /database migrations: Alembic, released with `alembic upgrade head` {2}\(alembic\.ini:3: script_location = alembic\)/,
    );
    expect(r.stdout).toMatch(/database URL in DB_URL, as the app reads it {2}\(db\.py:11: /);
    // Infrastructure, not code: their files are as they were, and no driver or ORM is added.
    for (const [rel, text] of Object.entries(before))
      if (rel !== 'requirements.txt') expect(await readFile(join(dir, rel), 'utf8')).toBe(text);
    const reqs = await readFile(join(dir, 'requirements.txt'), 'utf8');
    expect(reqs).not.toMatch(/flask-sqlalchemy|psycopg-pool|flask-migrate/i);
    const ci = await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8');
    expect(ci.match(/\n {6}postgres:\n {8}image: postgres:/g)).toHaveLength(1);
    expect(ci).toContain('\n      DB_URL: postgresql+psycopg://app:app@localhost:5432/app\n');
    expect(ci).toMatch(/- name: migrate\n {8}run: alembic upgrade head\n/);
    const example = await readFile(join(dir, '.env.example'), 'utf8');
    expect(example).toMatch(/^DB_URL=postgresql\+psycopg:\/\/app:app@localhost:5432\/app$/m);
    expect(example).not.toMatch(/DATABASE_URL|DATABASE_POOL_SIZE/);
    const compose = await readFile(join(dir, 'compose.yaml'), 'utf8');
    // The app and the one-shot migrate service read it alike.
    expect(compose.match(/^ +DB_URL:/gm)).toHaveLength(2);
    expect(compose).toContain(
      'DB_URL: "postgresql+psycopg://app:${POSTGRES_PASSWORD:-app}@db:5432/app"',
    );
    const deployment = await readFile(join(dir, 'deploy', 'k8s', 'deployment.yaml'), 'utf8');
    expect(deployment).toMatch(/--from-literal=DB_URL=\.\.\./);
    expect(deployment).toMatch(/- name: DB_URL\n(.*\n){1,3} +key: DB_URL/);
    expect(await readFile(join(dir, 'deploy', 'k8s', 'configmap.yaml'), 'utf8')).not.toContain(
      'DB_URL',
    );
    // The same add again changes nothing.
    const again = must(
      await runCli(['add', 'postgres', 'ci', 'compose', 'k8s', '--yes', '--cwd', dir]),
      'again',
    );
    expect(again.stdout).toContain('nothing to change');
  });

  test('add postgres where the app has no migrations: said, and no migrate step; its own URL variable once (issue 18)', async () => {
    const dir = await fixture('fastapi-settings', 'pg-none');
    const r = must(
      await runCli(['add', 'postgres', 'ci', 'compose', '--yes', '--cwd', dir]),
      'add postgres',
    );
    expect(r.stdout).toMatch(/database migrations: none found .*: no migrate step/);
    expect(r.stdout).toMatch(
      /database URL in SHOP_DATABASE_URL, as the app reads it {2}\(app\/config\.py:12: /,
    );
    // The add-on provides the server its driver needs: not sent to add it again.
    expect(r.stdout).not.toMatch(/create-pyweb add postgres|PostgreSQL server/);
    const ci = await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8');
    expect(ci).not.toMatch(/migrat/);
    expect(ci.match(/\n {6}postgres:\n/g)).toHaveLength(1);
    expect(ci).toContain('\n      SHOP_DATABASE_URL: postgresql://app:app@localhost:5432/app\n');
    const example = await readFile(join(dir, '.env.example'), 'utf8');
    expect(example.match(/^SHOP_DATABASE_URL=/gm)).toEqual(['SHOP_DATABASE_URL=']);
    expect(example).toContain('SHOP_DATABASE_URL=postgresql://app:app@localhost:5432/app\n');
    const compose = await readFile(join(dir, 'compose.yaml'), 'utf8');
    expect(compose.match(/^ +SHOP_DATABASE_URL:/gm)).toHaveLength(1);
  });

  test('without postgres the database lines are not printed', async () => {
    const dir = await fixture('flask-alembic', 'pg-not-asked');
    const r = must(await runCli(['add', 'ci', '--yes', '--cwd', dir]), 'add ci');
    expect(r.stdout).not.toMatch(/^ +database /m);
    // Its driver still gets its service container, as before the add-on: no release step.
    expect(await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8')).not.toMatch(/migrat/);
  });

  /** A stack of the user's own: a database, comments, and the old name Compose still reads. */
  const USER_COMPOSE = `# Our stack: the database the app needs.
services:
  # Postgres, for the app.
  db:
    image: postgres:16  # pinned major
    environment:
      POSTGRES_PASSWORD: example
    volumes:
      - pg:/var/lib/postgresql/data

# Named volumes.
volumes:
  pg: {}
`;

  test("compose goes into the user's docker-compose.yml, not a compose.yaml that would hide it (issue 17, item 1)", async () => {
    const dir = await fixture('flask-single', 'own-compose');
    const file = join(dir, 'docker-compose.yml');
    await writeFile(file, USER_COMPOSE);
    await chmod(file, 0o640);
    const dry = must(
      await runCli(['add', 'compose', 'nginx', '--yes', '--dry-run', '--cwd', dir]),
      'add --dry-run',
    );
    expect(dry.stdout).toMatch(
      /change {2}docker-compose\.yml {2}edited in place: app, nginx added/,
    );
    expect(dry.stdout).toContain('+  app:');
    expect(dry.stdout).not.toContain('compose.yaml');
    const r = must(await runCli(['add', 'compose', 'nginx', '--yes', '--cwd', dir]), 'add');
    expect(r.stdout).not.toContain('compose.yaml');
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(false);
    const text = await readFile(file, 'utf8');
    // Every line of the user's is there, in order, comments included; ours come after theirs.
    expect(text.startsWith(USER_COMPOSE.slice(0, USER_COMPOSE.indexOf('# Named volumes.')))).toBe(
      true,
    );
    expect(text).toContain('# Named volumes.\nvolumes:\n  pg: {}\n');
    expect(text).toMatch(/\n {2}app:\n {4}build: \.\n/);
    expect(text).toMatch(/\n {2}nginx:\n/);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    // nginx's upstream names the service the file now has.
    expect(await readFile(join(dir, 'deploy', 'nginx', 'default.conf'), 'utf8')).toContain(
      'server app:8000;',
    );
    const bin = composeBinary();
    if (bin) {
      const env = { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };
      must(await run(bin, ['config', '-q'], { cwd: dir, env }), 'docker compose config -q');
      const services = must(
        await run(bin, ['config', '--services'], { cwd: dir, env }),
        'services',
      );
      expect(services.stdout.trim().split('\n').sort()).toEqual(['app', 'db', 'nginx']);
    }
    // Again: nothing changes.
    const again = must(await runCli(['add', 'compose', 'nginx', '--yes', '--cwd', dir]), 'again');
    expect(again.stdout).toContain('nothing to change');
    expect(await readFile(file, 'utf8')).toBe(text);
    // A server switch brings the app service it wrote up to date there: uWSGI's socket for nginx.
    const uwsgi = must(await runCli(['add', 'server', 'uwsgi', '--yes', '--cwd', dir]), 'switch');
    expect(uwsgi.stdout).toContain('edited in place: app updated');
    const switched = await readFile(file, 'utf8');
    expect(switched).toContain('UWSGI_SOCKET:');
    expect(switched.startsWith(text.slice(0, text.indexOf('  app:')))).toBe(true);
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(false);
  });

  test('a compose.yaml of their own, with a database, is merged into even with --force', async () => {
    const dir = await fixture('flask-single', 'own-compose-yaml');
    await writeFile(join(dir, 'compose.yaml'), USER_COMPOSE);
    const r = must(await runCli(['add', 'compose', '--yes', '--force', '--cwd', dir]), 'add');
    expect(r.stdout).toMatch(/change {2}compose\.yaml {2}edited in place: app added/);
    const text = await readFile(join(dir, 'compose.yaml'), 'utf8');
    expect(text.startsWith(USER_COMPOSE.slice(0, USER_COMPOSE.indexOf('# Named volumes.')))).toBe(
      true,
    );
    expect(text).toMatch(/\n {2}app:\n/);
  });

  test("a compose file that is a symlink is edited where it points; a user's app service is kept", async () => {
    const dir = await fixture('flask-single', 'linked-compose');
    await mkdir(join(dir, 'ops'));
    const target = join(dir, 'ops', 'stack.yml');
    await writeFile(target, `services:\n  app:\n    image: mine:1  # ours, not yours\n`);
    await symlink(join('ops', 'stack.yml'), join(dir, 'compose.yml'));
    const r = must(await runCli(['add', 'compose', 'nginx', '--yes', '--cwd', dir]), 'add');
    expect(r.stdout).toContain('service app is there already: kept as it is');
    expect(r.stdout).toContain('edited in place: nginx added');
    expect((await lstat(join(dir, 'compose.yml'))).isSymbolicLink()).toBe(true);
    const text = await readFile(target, 'utf8');
    expect(text.startsWith(`services:\n  app:\n    image: mine:1  # ours, not yours\n\n`)).toBe(
      true,
    );
    expect(text).toMatch(/\n {2}nginx:\n/);
    expect(text).not.toMatch(/build: \./);
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(false);
  });

  test('a server that does not fit the interface the app has is refused in one line (issue 17, item 3)', async () => {
    const dir = await fixture('falcon-look', 'falcon-wsgi');
    const before = await tree(dir);
    for (const args of [
      ['add', 'server', 'uvicorn', '--yes'],
      ['add', 'docker', '--server', 'hypercorn', '--yes'],
    ]) {
      const r = await runCli([...args, '--cwd', dir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^error: this Falcon app is WSGI \(look\/app\.py:10: app = falcon\.App\(\)\) and (uvicorn|hypercorn) serves ASGI only; servers that fit it: gunicorn, uwsgi, waitress, mod_wsgi, granian\n/,
      );
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(await tree(dir)).toEqual(before);
    }
    // granian serves both: it is told the one the app speaks
    must(await runCli(['add', 'docker', '--server', 'granian', '--cwd', dir]), 'add granian');
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toMatch(
      /exec granian --interface wsgi /,
    );
    expect(await readFile(join(dir, '.create-pyweb.toml'), 'utf8')).toContain('interface = "wsgi"');

    // An ASGI Falcon app gets an ASGI server, and is refused a WSGI one.
    const asgi = await project('falcon-asgi', {
      'svc/__init__.py': '',
      'svc/app.py': 'from falcon import asgi\n\napp = asgi.App()\n',
      'requirements.txt': 'falcon~=4.0\n',
    });
    const r = must(await runCli(['add', 'docker', '--yes', '--cwd', asgi]), 'add docker');
    expect(r.stdout).toMatch(/interface ASGI/);
    expect(r.stdout).toMatch(/server uvicorn/);
    expect(await readFile(join(asgi, '.create-pyweb.toml'), 'utf8')).toContain(
      'interface = "asgi"',
    );
    const wsgi = await runCli(['add', 'server', 'gunicorn', '--cwd', asgi]);
    expect(wsgi.code).toBe(1);
    expect(wsgi.stderr).toMatch(
      /^error: this Falcon app is ASGI .* gunicorn serves WSGI only; servers that fit it: uvicorn, /,
    );
  });

  test('a factory that needs arguments is not chosen; --app on a rerun updates every file that uses it (issue 17, item 4)', async () => {
    const dir = await fixture('falcon-look', 'falcon-factory');
    const r = must(await runCli(['add', 'docker', 'compose', '--yes', '--cwd', dir]), 'add');
    expect(r.stdout).toMatch(/factory create_app\(image_store\) skipped: it needs image_store/);
    expect(r.stdout).toMatch(/app look\.app:get_app\(\) \(factory\)/);
    expect(await readFile(join(dir, 'look', 'proxied.py'), 'utf8')).toContain('get_app()');

    // Only a factory that needs arguments: stop, naming --app.
    const only = await project('factory-args', {
      'svc/__init__.py': '',
      'svc/app.py':
        'from flask import Flask\n\n\ndef create_app(store, *, debug):\n    return Flask(__name__)\n',
      'requirements.txt': 'flask\n',
    });
    const before = await tree(only);
    const stop = await runCli(['add', 'docker', '--yes', '--cwd', only]);
    expect(stop.code).toBe(1);
    expect(stop.stderr).toMatch(
      /^error: the flask factory create_app\(store, \*, debug\) needs arguments/,
    );
    expect(stop.stderr).toContain('--app');
    expect(await tree(only)).toEqual(before);

    // The glue and the record follow --app on a rerun, with no add-on named.
    await writeFile(join(dir, 'look', 'app.py'), '\n\ndef debug_app():\n    return get_app()\n', {
      flag: 'a',
    });
    const again = must(
      await runCli(['add', '--app', 'look.app:debug_app()', '--cwd', dir]),
      'add --app',
    );
    expect(again.stdout).not.toContain('nothing to change');
    expect(again.stdout).toMatch(/change\s+look\/proxied\.py/);
    expect(await readFile(join(dir, 'look', 'proxied.py'), 'utf8')).toContain('debug_app()');
    expect(await readFile(join(dir, '.create-pyweb.toml'), 'utf8')).toContain(
      'app = "look.app:debug_app()"',
    );
    const third = must(
      await runCli(['add', '--app', 'look.app:debug_app()', '--cwd', dir]),
      'again',
    );
    expect(third.stdout).toContain('nothing to change');
  });

  test('--health on a rerun moves the HEALTHCHECK, compose and the probes (issue 17, item 11)', async () => {
    const dir = await fixture('falcon-look', 'falcon-health');
    const r = must(
      await runCli(['add', 'docker', 'compose', 'nginx', 'k8s', '--yes', '--cwd', dir]),
      'add',
    );
    expect(r.stdout).toMatch(
      /health check \/api\/v1\/utils\/health-check\/\s+\(look\/app\.py:12: /,
    );
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toContain(
      "'/api/v1/utils/health-check/', timeout=4)",
    );
    const again = must(await runCli(['add', '--health', '/images', '--cwd', dir]), '--health');
    expect(again.stdout).not.toContain('nothing to change');
    expect(again.stdout).toMatch(/health check \/images\s+\(--health\)/);
    expect(again.stdout).toContain('Adding: the health route, where the files name it');
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toContain("'/images', timeout=4)");
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toContain('http://127.0.0.1/images"');
    const probes = await readFile(join(dir, 'deploy', 'k8s', 'deployment.yaml'), 'utf8');
    expect(probes.match(/path: \/images$/gm)).toHaveLength(3);
    expect(probes).not.toContain('health-check');
    const record = await readFile(join(dir, '.create-pyweb.toml'), 'utf8');
    expect(record).toContain('health = "/images"');
    const third = must(await runCli(['add', 'docker', '--cwd', dir]), 'add docker');
    expect(third.stdout).toContain('nothing to change');
  });
});

describe('add documents itself from the add-on table', () => {
  test('--help and --list name every add-on and the server switch', async () => {
    const help = must(await runCli(['add', '--help']), 'add --help');
    const list = must(await runCli(['add', '--list', '--cwd', work]), 'add --list');
    for (const a of ADDONS) {
      expect(help.stdout).toContain(a.id);
      // Descriptions wrap to the terminal (80 columns here).
      expect(list.stdout.replace(/\s+/g, ' ')).toContain(a.description);
    }
    expect(help.stdout).toContain('server <id>');
    expect(help.stdout).toContain('create-pyweb ./add');
    for (const line of help.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  test('--list marks what the project has', async () => {
    const dir = await createBare('listed', 'svc', ['-f', 'flask', '-s', 'gunicorn', '--no-k8s']);
    const r = must(await runCli(['add', '--list', '--cwd', dir]), 'add --list');
    expect(r.stdout).toMatch(/docker .*✔ present/);
    expect(r.stdout).not.toMatch(/k8s .*✔ present/);
  });

  test('a project named add is still possible as ./add', async () => {
    const r = must(await runCli(['./add', '--no-git', '--yes'], { cwd: work }), 'create ./add');
    expect(r.stdout).toContain('files written');
    expect(existsSync(join(work, 'add', 'pyproject.toml'))).toBe(true);
    expect(SERVERS.length).toBeGreaterThan(0);
  });
});
