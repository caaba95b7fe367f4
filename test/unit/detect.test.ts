import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  detectProject,
  NotAPythonProject,
  readProjectFiles,
  type Detected,
  type ProjectFiles,
  webSocketLocation,
  webSocketPaths,
} from '../../generators/detect/index.js';
import { ROOT } from '../helpers/paths.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'foreign');
const detectFixture = async (name: string) =>
  detectProject(await readProjectFiles(join(FIXTURES, name)));

/** The fields a caller acts on; evidence is checked separately. */
const facts = (d: Detected) => {
  const { evidence: _evidence, ...rest } = d;
  return rest;
};

const project = (
  text: Record<string, string>,
  present: string[] = [],
  dirName = 'proj',
): ProjectFiles => ({ text, present, dirName });

describe('reading a project folder', () => {
  test('reads sources and config, lists lock files and directories, skips caches and venvs', async () => {
    const files = await readProjectFiles(join(FIXTURES, 'fastapi-uv'));
    expect(files.dirName).toBe('fastapi-uv');
    expect(Object.keys(files.text).sort()).toEqual([
      'app/__init__.py',
      'app/main.py',
      'app/routers/__init__.py',
      'app/routers/items.py',
      'pyproject.toml',
    ]);
    expect(files.present.sort()).toEqual(['app', 'app/routers', 'uv.lock']);
  });

  test('lists manage.py as present and reads it', async () => {
    const files = await readProjectFiles(join(FIXTURES, 'django-startproject'));
    expect(files.present).toContain('manage.py');
    expect(files.text['manage.py']).toContain('DJANGO_SETTINGS_MODULE');
    expect(files.text['requirements.txt']).toBe('django~=5.2.0\n');
  });

  test('a missing folder is an error', async () => {
    await expect(readProjectFiles(join(FIXTURES, 'no-such-project'))).rejects.toThrow(
      /not a directory/,
    );
  });
});

describe('detecting the fixture projects', () => {
  test('flask-single: one app.py and a requirements.txt', async () => {
    const d = await detectFixture('flask-single');
    expect(facts(d)).toEqual({
      name: 'flask-single',
      framework: 'flask',
      app: { module: 'app', attr: 'app', factory: false },
      layout: 'flat',
      srcDir: '',
      manager: 'requirements',
      healthPath: '/healthz',
      questions: [],
    });
    expect(d.evidence).toContainEqual({
      what: 'framework flask',
      where: 'app.py:3: app = Flask(__name__)',
    });
    expect(d.evidence).toContainEqual({ what: 'name flask-single', where: 'the folder name' });
  });

  test('flask-factory: create_app in a package, PEP 621 pyproject', async () => {
    const d = await detectFixture('flask-factory');
    expect(facts(d)).toEqual({
      name: 'flaskr',
      framework: 'flask',
      app: { module: 'flaskr', attr: 'create_app', factory: true },
      layout: 'package',
      srcDir: '',
      manager: 'pip',
      healthPath: '/health',
      questions: [],
    });
    expect(d.evidence).toContainEqual({
      what: 'app flaskr:create_app() (factory)',
      where: 'flaskr/__init__.py:4: def create_app(test_config=None):',
    });
  });

  test('django-startproject: settings, wsgi, asgi, no STATIC_ROOT, development values', async () => {
    const d = await detectFixture('django-startproject');
    expect(facts(d)).toEqual({
      name: 'django-startproject',
      framework: 'django',
      app: { module: 'mysite.wsgi', attr: 'application', factory: false },
      django: {
        settings: 'mysite.settings',
        wsgi: 'mysite.wsgi',
        asgi: 'mysite.asgi',
        // startproject's settings as it writes them: development values in the file.
        staticRoot: false,
        unsafe: ['DEBUG = True', "SECRET_KEY = '...'", 'ALLOWED_HOSTS = []'],
      },
      layout: 'package',
      srcDir: '',
      manager: 'requirements',
      healthPath: '/healthz',
      // Django's own migrations, the release step of `add postgres`; its settings read no URL.
      database: {
        urlVar: 'DATABASE_URL',
        migrations: "Django's migrations",
        migrate: ['python', 'manage.py', 'migrate'],
        migrateWhere:
          "manage.py:9: os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')",
      },
      questions: [],
    });
    expect(d.evidence.map((e) => e.what)).toEqual(
      expect.arrayContaining([
        'django settings mysite.settings',
        'django STATIC_ROOT not set',
        'django settings for development',
      ]),
    );
  });

  test('fastapi-uv: package app, uv.lock, uvicorn', async () => {
    const d = await detectFixture('fastapi-uv');
    expect(facts(d)).toEqual({
      name: 'shop-api',
      framework: 'fastapi',
      app: { module: 'app.main', attr: 'app', factory: false },
      layout: 'package',
      srcDir: '',
      manager: 'uv',
      server: 'uvicorn',
      healthPath: '/healthz',
      questions: [],
    });
    expect(d.evidence).toContainEqual({
      what: 'server uvicorn',
      where: 'pyproject.toml [project] dependencies: uvicorn[standard]~=0.54',
    });
  });

  test('poetry-starlette: src layout, Poetry, hypercorn', async () => {
    const d = await detectFixture('poetry-starlette');
    expect(facts(d)).toEqual({
      name: 'poetry-svc',
      framework: 'starlette',
      app: { module: 'poetry_svc.app', attr: 'app', factory: false },
      layout: 'src',
      srcDir: 'src',
      manager: 'poetry',
      server: 'hypercorn',
      healthPath: '/healthz',
      questions: [],
    });
  });

  test('ambiguous: a Flask app and a Bottle app ask for --framework', async () => {
    const d = await detectFixture('ambiguous');
    expect(d.framework).toBeUndefined();
    expect(d.app).toBeUndefined();
    expect(d.questions).toHaveLength(1);
    expect(d.questions[0]).toMatchObject({ flag: '--framework', choices: ['flask', 'bottle'] });
    expect(d.questions[0]!.message).toMatch(/flask \(a\.py\).*bottle \(b\.py\)/);
  });

  test('ambiguous: --framework or --app settles it', async () => {
    const files = await readProjectFiles(join(FIXTURES, 'ambiguous'));
    const byFramework = detectProject(files, { framework: 'bottle' });
    expect(byFramework).toMatchObject({
      framework: 'bottle',
      app: { module: 'b', attr: 'app', factory: false },
      questions: [],
    });
    const byApp = detectProject(files, { app: 'a:app' });
    expect(byApp).toMatchObject({
      framework: 'flask',
      app: { module: 'a', attr: 'app', factory: false },
      layout: 'flat',
      questions: [],
    });
  });

  test('not-python: NotAPythonProject', async () => {
    await expect(detectFixture('not-python')).rejects.toBeInstanceOf(NotAPythonProject);
  });
});

describe('detecting from files in memory', () => {
  test('--app module:factory() overrides detection', () => {
    const d = detectProject(
      project({
        'src/pkg/web.py':
          'from flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n',
        'src/pkg/__init__.py': '',
        'src/pkg/other.py': 'from flask import Flask\napp = Flask(__name__)\n',
        'pyproject.toml': '[project]\nname = "pkg"\ndependencies = ["flask"]\n',
      }),
      { app: 'pkg.web:create_app()' },
    );
    expect(d).toMatchObject({
      framework: 'flask',
      app: { module: 'pkg.web', attr: 'create_app', factory: true },
      layout: 'src',
      srcDir: 'src',
      questions: [],
    });
    expect(d.evidence).toContainEqual({ what: 'app pkg.web:create_app()', where: '--app' });
  });

  test('bad --app syntax is a one-line error', () => {
    const files = project({ 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    for (const bad of [
      'app',
      'app:',
      ':app',
      'app.py:app',
      'app:create_app(1)',
      'my-app:app',
      'app:app:x',
    ]) {
      expect(() => detectProject(files, { app: bad })).toThrow(
        /^--app must be module:attr or module:factory\(\)/,
      );
    }
    expect(() => detectProject(files, { app: 'app.py:app' })).toThrow(
      'a module path, not a file: app:app',
    );
    expect(() => detectProject(files, { app: ' app:app ' })).not.toThrow();
  });

  test('gunicorn with UvicornWorker in the Procfile is gunicorn-uvicorn', () => {
    const d = detectProject(
      project({
        'main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
        'requirements.txt': 'fastapi\ngunicorn\nuvicorn\n',
        Procfile:
          'release: python migrate.py\nweb: gunicorn main:app -k uvicorn.workers.UvicornWorker --bind 0.0.0.0:$PORT\n',
      }),
    );
    expect(d).toMatchObject({
      framework: 'fastapi',
      app: { module: 'main', attr: 'app' },
      server: 'gunicorn-uvicorn',
      questions: [],
    });
    expect(d.evidence).toContainEqual({
      what: 'server gunicorn-uvicorn',
      where: expect.stringMatching(/^Procfile: web: gunicorn/),
    });
  });

  test('a pyproject.toml that is not quite TOML is read as far as it goes', () => {
    const d = detectProject(
      project({
        'main.py': 'from flask import Flask\napp = Flask(__name__)\n',
        'pyproject.toml':
          '[project]\nname = "loose"\nversion = 1.0.0\ndependencies = ["flask", "waitress"]\n' +
          '[tool.x]\nbroken line\n',
      }),
    );
    expect(d).toMatchObject({ name: 'loose', framework: 'flask', server: 'waitress' });
    expect(d.evidence).toContainEqual({
      what: 'pyproject.toml only partly read',
      where: 'pyproject.toml line 6: expected =',
    });
  });

  test('gunicorn plus uvicorn-worker in the dependencies is gunicorn-uvicorn', () => {
    const d = detectProject(
      project({
        'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
        'pyproject.toml':
          '[project]\nname = "x"\ndependencies = [\n  "fastapi",\n  "gunicorn>=23",  # server\n  "uvicorn-worker",\n  "uvicorn[standard]",\n]\n',
      }),
    );
    expect(d.server).toBe('gunicorn-uvicorn');
    expect(d.questions).toEqual([]);
  });

  test('a uwsgi.ini means uwsgi', () => {
    const d = detectProject(
      project({
        'wsgi.py': 'from flask import Flask\napplication = Flask(__name__)\n',
        'uwsgi.ini': '[uwsgi]\nmodule = wsgi:application\nhttp = :8000\n',
        'requirements.txt': 'flask\n',
      }),
    );
    expect(d).toMatchObject({
      framework: 'flask',
      app: { module: 'wsgi', attr: 'application', factory: false },
      server: 'uwsgi',
      questions: [],
    });
    expect(d.evidence).toContainEqual({ what: 'server uwsgi', where: 'uwsgi.ini' });
  });

  test('FastAPI wins over Starlette; an app not called app keeps its name', () => {
    const d = detectProject(
      project({
        'service/__init__.py': '',
        'service/api.py': [
          'from fastapi import FastAPI',
          'from starlette.middleware.cors import CORSMiddleware',
          'from starlette.applications import Starlette',
          '',
          'api = FastAPI()',
          'api.add_middleware(CORSMiddleware, allow_origins=["*"])',
          '',
          '@api.get("/livez")',
          'def livez():',
          '    return {"ok": True}',
          '',
        ].join('\n'),
        'requirements.txt': 'fastapi\nstarlette\n',
      }),
    );
    expect(d).toMatchObject({
      framework: 'fastapi',
      app: { module: 'service.api', attr: 'api', factory: false },
      layout: 'package',
      healthPath: '/livez',
      questions: [],
    });
  });

  test('two app objects of one framework in equally likely modules ask for --app', () => {
    const d = detectProject(
      project({
        'one/app.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
        'two/app.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
        'tests/test_x.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      }),
    );
    expect(d.framework).toBe('fastapi');
    expect(d.app).toBeUndefined();
    expect(d.questions).toEqual([
      expect.objectContaining({ flag: '--app', choices: ['one.app:app', 'two.app:app'] }),
    ]);
  });

  test('main.py is preferred over a sub-application module', () => {
    const d = detectProject(
      project({
        'main.py':
          'from fastapi import FastAPI\nfrom admin import admin\napp = FastAPI()\napp.mount("/admin", admin)\n',
        'admin.py': 'from fastapi import FastAPI\nadmin = FastAPI()\n',
      }),
    );
    expect(d.app).toEqual({ module: 'main', attr: 'app', factory: false });
    expect(d.questions).toEqual([]);
  });

  test('a wsgi.py calling the factory is the app object', () => {
    const d = detectProject(
      project({
        'hello/__init__.py':
          'from flask import Flask\n\n\ndef create_app(config=None):\n    """Make the app."""\n    app = Flask(__name__)\n    return app\n',
        'wsgi.py': 'from hello import create_app\n\napp = create_app()\n',
      }),
    );
    expect(d.app).toEqual({ module: 'wsgi', attr: 'app', factory: false });
  });

  test('servers with no winner ask for --server; a Procfile settles it', () => {
    const files = {
      'app.py': 'from quart import Quart\napp = Quart(__name__)\n',
      'requirements.txt': 'quart\nuvicorn\nhypercorn\n',
    };
    const asked = detectProject(project(files));
    expect(asked.server).toBeUndefined();
    expect(asked.questions).toEqual([
      expect.objectContaining({ flag: '--server', choices: ['uvicorn', 'hypercorn'] }),
    ]);
    const settled = detectProject(
      project({ ...files, Procfile: 'web: hypercorn app:app --bind 0.0.0.0:$PORT\n' }),
    );
    expect(settled).toMatchObject({ framework: 'quart', server: 'hypercorn', questions: [] });
    expect(detectProject(project(files), { server: 'uvicorn' })).toMatchObject({
      server: 'uvicorn',
      questions: [],
    });
  });

  test('no framework at all asks for --framework; no server is no question', () => {
    const d = detectProject(project({ 'tool.py': 'print("hi")\n' }, [], 'scripts'));
    expect(d).toMatchObject({
      name: 'scripts',
      layout: 'flat',
      srcDir: '',
      manager: 'requirements',
    });
    expect(d.server).toBeUndefined();
    expect(d.questions).toEqual([expect.objectContaining({ flag: '--framework' })]);
  });

  test('the framework from dependencies alone, and a missing app asks for --app', () => {
    const d = detectProject(
      project(
        {
          'pyproject.toml':
            '[tool.poetry]\nname = "svc"\n\n[tool.poetry.dependencies]\npython = "^3.12"\nlitestar = { version = "^2.0", extras = ["standard"] }\n',
        },
        ['poetry.lock'],
      ),
    );
    expect(d).toMatchObject({ name: 'svc', framework: 'litestar', manager: 'poetry' });
    expect(d.questions).toEqual([expect.objectContaining({ flag: '--app' })]);
  });

  test('a commented STATIC_ROOT does not count; a settings package does', () => {
    const manage =
      'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")\n';
    const plain = detectProject(
      project({
        'manage.py': manage,
        'config/__init__.py': '',
        'config/settings/__init__.py': '',
        'config/settings/production.py': 'from .base import *\n# STATIC_ROOT = "/srv/static"\n',
        'config/settings/base.py': 'DEBUG = False\n',
        'config/asgi.py': 'application = None\n',
      }),
    );
    expect(plain).toMatchObject({
      framework: 'django',
      django: { settings: 'config.settings.production', asgi: 'config.asgi', staticRoot: false },
      app: { module: 'config.asgi', attr: 'application', factory: false },
    });
    expect(plain.django!.wsgi).toBeUndefined();
    const withRoot = detectProject(
      project({
        'manage.py': manage,
        'config/settings/production.py': 'from .base import *\n',
        'config/settings/base.py': 'STATIC_ROOT = BASE_DIR / "static"\n',
        'config/wsgi.py': 'application = None\n',
      }),
    );
    expect(withRoot.django).toEqual({
      settings: 'config.settings.production',
      wsgi: 'config.wsgi',
      staticRoot: true,
    });
  });

  test('sanic served by its own server', () => {
    const d = detectProject(
      project({
        'server.py':
          'from sanic import Sanic\nfrom sanic.response import text\n\napp = Sanic("svc")\n\n@app.get("/ping")\nasync def ping(request):\n    return text("pong")\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", port=8000)\n',
        'requirements.txt': 'sanic\n',
      }),
    );
    expect(d).toMatchObject({
      framework: 'sanic',
      app: { module: 'server', attr: 'app' },
      server: 'sanic',
      healthPath: '/ping',
    });
  });

  test('health checks: /healthz is preferred, docstrings and comments are ignored', () => {
    const d = detectProject(
      project({
        'app.py': [
          'from flask import Flask',
          '"""Serves "/healthz" one day."""',
          'app = Flask(__name__)',
          '# @app.get("/health")',
          '@app.get("/status")',
          'def status():',
          '    return {"status": "ok"}',
          '@app.get("/ping")',
          'def ping():',
          '    return "pong"',
        ].join('\n'),
      }),
    );
    expect(d.healthPath).toBe('/ping');
  });

  test('not a Python project', () => {
    expect(() => detectProject(project({ 'README.md': '# hi' }, ['src']))).toThrow(
      NotAPythonProject,
    );
  });
});

describe('what the app reads from its environment (issue 17, item 10)', () => {
  test('pydantic BaseSettings fields, os.environ and getenv: required where there is no default', async () => {
    const d = await detectFixture('fastapi-settings');
    const byName = Object.fromEntries((d.settings ?? []).map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual([
      'MAIL_HOST',
      'SENTRY_DSN',
      'SHOP_ADMIN_EMAIL',
      'SHOP_API_TOKEN',
      'SHOP_DATABASE_URL',
      'SHOP_DEBUG',
      'SHOP_PAGE_SIZE',
      'SHOP_REDIS_URL',
      'STRIPE_SECRET_KEY',
    ]);
    expect(byName.SHOP_DATABASE_URL).toMatchObject({ required: true, secret: true });
    expect(byName.SHOP_API_TOKEN).toMatchObject({ required: true, secret: true });
    expect(byName.SHOP_ADMIN_EMAIL).toMatchObject({ required: true, secret: false });
    expect(byName.SHOP_PAGE_SIZE).toMatchObject({ required: false, default: '20' });
    expect(byName.SHOP_REDIS_URL).toMatchObject({
      required: false,
      default: 'redis://localhost:6379/0',
    });
    expect(byName.STRIPE_SECRET_KEY).toMatchObject({ required: true, secret: true });
    expect(byName.SENTRY_DSN).toMatchObject({ required: false, unsetIsNone: true });
    expect(byName.MAIL_HOST).toMatchObject({ required: false, default: 'localhost' });
    expect(byName.SHOP_DATABASE_URL.where).toMatch(/^app\/config\.py:12: database_url: str$/);
    expect(d.services?.map((s) => `${s.service} ${s.dist}`)).toEqual([
      'postgres psycopg',
      'redis redis',
    ]);
  });

  test('Django settings: env reads, django-environ, dj-database-url; writes and tests are not reads', () => {
    const d = detectProject(
      project({
        'manage.py':
          'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
        'site/__init__.py': '',
        'site/wsgi.py': 'application = None\n',
        'site/settings.py': [
          'import os',
          'import environ',
          'import dj_database_url',
          'env = environ.Env()',
          'SECRET_KEY = env("DJANGO_SECRET")',
          'DEBUG = env.bool("DJANGO_DEBUG", default=False)',
          'DATABASES = {"default": dj_database_url.config(conn_max_age=600)}',
          'os.environ["WRITTEN"] = "1"',
          'CACHE = os.environ.get("CACHE_URL", BASE / "x")',
          '',
        ].join('\n'),
        'tests/test_x.py': 'import os\nos.environ["ONLY_IN_TESTS"]\n',
      }),
    );
    const byName = Object.fromEntries((d.settings ?? []).map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual([
      'CACHE_URL',
      'DATABASE_URL',
      'DJANGO_DEBUG',
      'DJANGO_SECRET',
    ]);
    expect(byName.DJANGO_SECRET).toMatchObject({ required: true, secret: true });
    expect(byName.DATABASE_URL).toMatchObject({ required: true, secret: true });
    expect(byName.DJANGO_DEBUG).toMatchObject({ required: false, default: 'false' });
    expect(byName.CACHE_URL).toMatchObject({ required: false, default: '' });
  });
});

describe('what the app can be served through (issue 17, items 3, 4, 11)', () => {
  test('falcon-look: a WSGI app, the factory callable with no arguments, the health route under its prefix', async () => {
    const d = await detectFixture('falcon-look');
    expect(d.framework).toBe('falcon');
    expect(d.interfaces).toEqual(['wsgi']);
    expect(d.app).toEqual({ module: 'look.app', attr: 'get_app', factory: true });
    expect(d.healthPath).toBe('/api/v1/utils/health-check/');
    expect(d.questions).toEqual([]);
    const said = d.evidence.map((e) => `${e.what} @ ${e.where}`).join('\n');
    expect(said).toMatch(/interface WSGI @ look\/app\.py:10: app = falcon\.App\(\)/);
    expect(said).toMatch(
      /factory create_app\(image_store\) skipped: it needs image_store @ look\/app\.py:8/,
    );
  });

  test("Falcon's interface comes from where its App is imported", () => {
    const falcon = (code: string) =>
      detectProject(project({ 'app.py': code, 'requirements.txt': 'falcon\n' })).interfaces;
    expect(falcon('import falcon\n\napp = falcon.App()\n')).toEqual(['wsgi']);
    expect(falcon('import falcon\n\napp = falcon.API()\n')).toEqual(['wsgi']);
    expect(falcon('import falcon.asgi\n\napp = falcon.asgi.App()\n')).toEqual(['asgi']);
    expect(falcon('from falcon import asgi\n\napp = asgi.App()\n')).toEqual(['asgi']);
    expect(falcon('from falcon.asgi import App\n\napp = App()\n')).toEqual(['asgi']);
    expect(falcon('from falcon import App\n\napp = App()\n')).toEqual(['wsgi']);
    expect(falcon('import falcon.asgi as fa\n\ndef create_app():\n    return fa.App()\n')).toEqual([
      'asgi',
    ]);
  });

  test('Django: the interfaces are the modules it has', () => {
    const django = (extra: Record<string, string>) =>
      detectProject(
        project({
          'manage.py': 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site1.settings")\n',
          'site1/__init__.py': '',
          'site1/settings.py': 'DEBUG = True\n',
          ...extra,
        }),
      ).interfaces;
    expect(django({ 'site1/wsgi.py': 'application = 1\n' })).toEqual(['wsgi']);
    expect(django({ 'site1/asgi.py': 'application = 1\n' })).toEqual(['asgi']);
    // both: the server decides which module it loads
    expect(
      django({ 'site1/wsgi.py': 'application = 1\n', 'site1/asgi.py': 'application = 1\n' }),
    ).toBeUndefined();
  });

  test('a factory is chosen only when it can be called with no arguments', () => {
    const flask = (code: string) =>
      detectProject(project({ 'app.py': `from flask import Flask\n\n${code}` }));
    // defaults, *args and **kwargs make every parameter optional
    const optional = flask(
      'def create_app(store):\n    return Flask(__name__)\n\n' +
        'def make_app(\n    debug=False,\n    *extra,\n    name: str = "x(y)",\n    **kw,\n):\n    return Flask(name)\n',
    );
    expect(optional.app).toEqual({ module: 'app', attr: 'make_app', factory: true });
    // a keyword-only parameter without a default is required
    const none = flask(
      'def create_app(store):\n    return Flask(__name__)\n\ndef build(*, config):\n    return Flask(__name__)\n',
    );
    expect(none.app).toBeUndefined();
    expect(none.questions).toHaveLength(1);
    expect(none.questions[0]!.flag).toBe('--app');
    // --app naming it is refused for the same reason
    expect(() =>
      detectProject(
        project({
          'app.py':
            'from flask import Flask\n\ndef create_app(store):\n    return Flask(__name__)\n',
        }),
        { app: 'app:create_app()' },
      ),
    ).toThrow(/^--app app:create_app\(\): create_app\(store\) needs store; name a factory/);
    expect(none.questions[0]!.message).toMatch(
      /create_app\(store\) and build\(\*, config\) need arguments/,
    );
  });

  test('a health route on a FastAPI router is served under every prefix up to the app', () => {
    // full-stack-fastapi-template's layout: router prefix, an api_router, the settings' prefix
    const layout = (include: string) => ({
      'app/__init__.py': '',
      'app/main.py': `from fastapi import FastAPI\nfrom app.api.main import api_router\nfrom app.core.config import settings\n\napp = FastAPI()\n${include}\n`,
      'app/core/__init__.py': '',
      'app/core/config.py':
        'from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n    API_V1_STR: str = "/api/v1"\n    PROJECT_NAME: str = "x"\n\n\nsettings = Settings()\n',
      'app/api/__init__.py': '',
      'app/api/main.py':
        'from fastapi import APIRouter\n\nfrom app.api.routes import items, utils\n\napi_router = APIRouter()\napi_router.include_router(items.router)\napi_router.include_router(utils.router)\n',
      'app/api/routes/__init__.py': '',
      'app/api/routes/items.py':
        'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/items", tags=["items"])\n',
      'app/api/routes/utils.py':
        'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/utils", tags=["utils"])\n\n\n@router.get("/health-check/")\nasync def health_check() -> bool:\n    return True\n',
    });
    const d = detectProject(
      project(layout('app.include_router(api_router, prefix=settings.API_V1_STR)')),
    );
    expect(d.healthPath).toBe('/api/v1/utils/health-check/');
    expect(d.healthUnread).toBeUndefined();
    // a prefix that is not a literal: the route is not claimed, and where it is is said
    const unread = detectProject(
      project(layout('app.include_router(api_router, prefix=os.environ["PREFIX"])')),
    );
    expect(unread.healthPath).toBeUndefined();
    expect(unread.healthUnread?.where).toMatch(/^app\/api\/routes\/utils\.py:6: /);
    expect(unread.healthUnread?.prefix).toMatch(/app\/main\.py/);
  });

  test('a health route on a Flask blueprint: the url_prefix it is registered with replaces its own', () => {
    const health = (register: string) =>
      detectProject(
        project({
          'web/__init__.py': `from flask import Flask\nfrom .ops import bp\n\napp = Flask(__name__)\n${register}\n`,
          'web/ops.py':
            'from flask import Blueprint\n\nbp = Blueprint("ops", __name__, url_prefix="/ops")\n\n\n@bp.get("/healthz")\ndef healthz():\n    return "ok"\n',
        }),
      ).healthPath;
    expect(health('app.register_blueprint(bp)')).toBe('/ops/healthz');
    expect(health('app.register_blueprint(bp, url_prefix="/internal/")')).toBe('/internal/healthz');
  });

  test("WebSocket routes as served: a router's prefixes, Channels' urlpatterns; nginx's location for each", () => {
    const paths = (text: Record<string, string>) => webSocketPaths(project(text));
    expect(
      paths({
        'app/main.py':
          'from fastapi import FastAPI\nfrom app import live\n\napp = FastAPI()\napp.include_router(live.router, prefix="/api")\n\n\n@app.websocket("/ws")\nasync def ws(websocket): ...\n',
        'app/live.py':
          'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/live")\n\n\n@router.websocket("/rooms/{room}")\nasync def room(websocket, room: str): ...\n',
        'app/other.py':
          'from fastapi import APIRouter\n\nhidden = APIRouter(prefix=PREFIX())\n\n\n@hidden.websocket("/x")\nasync def x(websocket): ...\n',
      }),
    ).toEqual(['/ws', '/api/live/rooms/{room}']);
    expect(
      paths({
        'chat/routing.py':
          'from django.urls import path, re_path\n\nwebsocket_urlpatterns = [\n    path("ws/notify/", N.as_asgi()),\n    re_path(r"^ws/chat/(?P<room>\\w+)/$", C.as_asgi()),\n]\n',
      }),
    ).toEqual(['/ws/notify/', '/ws/chat/(?P<room>\\w+)/$']);
    expect(
      [
        '/ws/chat',
        '/api/live/rooms/{room}',
        '/ws/notify/',
        '/ws/chat/(?P<room>\\w+)/$',
        '/r/<int:id>',
      ].map(webSocketLocation),
    ).toEqual(['= /ws/chat', '^~ /api/live/rooms/', '= /ws/notify/', '^~ /ws/chat/', '^~ /r/']);
  });

  test('health routes by shape, across routing styles, the health family first', () => {
    const health = (files: Record<string, string>) => detectProject(project(files)).healthPath;
    expect(
      health({
        'manage.py': 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "s.settings")\n',
        's/__init__.py': '',
        's/settings.py': '',
        's/wsgi.py': 'application = 1\n',
        's/urls.py':
          'from django.urls import path\nurlpatterns = [\n    path("api/v1/utils/health-check/", views.h),\n]\n',
      }),
    ).toBe('/api/v1/utils/health-check/');
    const flask = (routes: string) =>
      health({ 'app.py': `from flask import Flask\napp = Flask(__name__)\n${routes}` });
    expect(
      flask('@app.get("/orders/status")\ndef s(): ...\n@app.route("/ready")\ndef r(): ...\n'),
    ).toBe('/ready');
    expect(flask('@app.get("/api/livez")\ndef l(): ...\n')).toBe('/api/livez');
    expect(flask('app.add_url_rule("/_health_check", view_func=h)\n')).toBe('/_health_check');
    expect(flask('@app.get("/status")\ndef s(): ...\n')).toBe('/status');
    // a word that merely contains one is not a health route
    expect(flask('@app.get("/pinger")\ndef p(): ...\n@app.get("/statuses")\ndef s(): ...\n')).toBe(
      undefined,
    );
    expect(
      health({
        'app.py': 'import falcon\napp = falcon.App()\napp.add_route("/v2/healthz", H())\n',
      }),
    ).toBe('/v2/healthz');
  });
});
