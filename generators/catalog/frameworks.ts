import { ALEMBIC, sqlalchemy } from './databases.js';
import { DJANGO_SETTINGS, MIGRATE } from './django-settings.js';
import type { DevServer, Framework } from './types.js';

/*
 * Development servers: each framework's own, as its docs start a project. Starlette and Falcon on
 * ASGI have none and their docs use uvicorn with --reload; where no entry is given (Pyramid,
 * Falcon on WSGI), the project's server runs the app (serve/develop.ts).
 */
const portFlag = { args: (p: number) => ['--port', String(p)] };
const uvicornReload: DevServer = {
  argv: (a) => ['uvicorn', `${a.module}:${a.attr}`, '--reload'],
  port: portFlag,
  requires: ['uvicorn'],
};
const runserver = (): DevServer => ({
  argv: () => ['python', 'manage.py', 'runserver'],
  port: { args: (p) => [String(p)] },
});
const sanicDev = (): DevServer => ({
  argv: (a) => ['sanic', `${a.module}:${a.attr}`, '--dev'],
  port: portFlag,
});

export const FRAMEWORKS: Framework[] = [
  {
    id: 'fastapi',
    label: 'FastAPI',
    style: 'async',
    // `def` path operations run in a thread pool.
    blockingHandlers: ['asgi'],
    hint: 'typed async APIs with automatic OpenAPI docs',
    layout:
      '`app.py` (app, lifespan), `api.py` (an `APIRouter` for `/api`, `Annotated` parameters), `models.py` (pydantic models: an `Item` schema in the OpenAPI document)',
    interfaces: ['asgi'],
    websocket: ['asgi'],
    needsLifespan: false,
    entry: { asgi: 'app:app' },
    requires: ['fastapi'],
    testRequires: ['httpx2'],
    // fastapi-cli without [standard]: the cloud client is not a development need.
    develop: {
      asgi: {
        argv: (a) => ['fastapi', 'dev', `${a.module.replace(/\./g, '/')}.py`],
        port: portFlag,
        requires: ['fastapi-cli'],
      },
    },
    detect: { imports: ['fastapi'], dists: ['fastapi'], ctors: ['FastAPI'], over: ['starlette'] },
    batteries: false,
    database: {
      orm: 'SQLModel (SQLAlchemy 2.0, async sessions, psycopg 3)',
      requires: ['sqlmodel', 'sqlalchemy-asyncio', 'psycopg', 'alembic'],
      ...ALEMBIC,
      // The shared Alembic environment; its own tests' database fixture and first migration.
      shared: { asgi: ['alembic'] },
    },
  },
  {
    id: 'django',
    label: 'Django',
    style: 'sync',
    // Under ASGI, sync views run via asgiref's sync_to_async, in a thread per request.
    blockingHandlers: ['wsgi', 'asgi'],
    hint: 'batteries included: ORM, admin, auth; sync on WSGI, async and WebSocket (Channels) on ASGI',
    layout:
      "the settings package plus an `api` app as `startapp` makes it (`apps.py`, `views.py`, `urls.py` included from the project's; the Channels consumer and routing on ASGI)",
    interfaces: ['wsgi', 'asgi'],
    websocket: ['asgi'],
    needsLifespan: false,
    entry: { wsgi: 'wsgi:application', asgi: 'asgi:application' },
    requires: ['django', 'whitenoise'],
    requiresFor: { asgi: ['channels'] },
    develop: {
      wsgi: runserver(),
      asgi: {
        ...runserver(),
        what: 'develop: reloads on code changes; HTTP only, /ws needs the server',
      },
    },
    testRequires: ['pytest-django', 'pytest-asyncio', 'django-stubs'],
    testRequiresFor: { asgi: ['types-channels'] },
    prepare: [
      {
        // The manifest storage (CompressedManifestStaticFilesStorage) names each file by its hash
        // from the manifest this writes: without it any page with a static file answers 500.
        cmd: 'python manage.py collectstatic --noinput',
        what: "static files, the admin's too, for WhiteNoise",
        stage: 'build',
        // Only for the settings to load: collectstatic signs nothing.
        buildEnv: { DJANGO_SECRET_KEY: 'build-only-collectstatic' },
        when: (shape) => Boolean(shape.django?.staticRoot),
      },
      {
        cmd: MIGRATE.join(' '),
        what: (postgres) => (postgres ? "the items and the admin's tables" : "the admin's tables"),
        stage: 'release',
      },
    ],
    detect: {
      imports: ['django'],
      dists: ['django'],
      settings: {
        variable: 'DJANGO_SETTINGS_MODULE',
        launcher: 'manage.py',
        file: 'settings.py',
        attr: 'application',
        staticRoot: 'STATIC_ROOT',
      },
    },
    batteries: true,
    database: {
      orm: "Django's ORM (psycopg 3, its connection pool)",
      migrations: "Django's migrations",
      requires: ['psycopg-pool'],
      // The same release step as `prepare`'s (Django's own migrate asks nothing: no --noinput).
      migrate: () => MIGRATE,
      makeMigration: () => 'python manage.py makemigrations api',
    },
    settingsModule: 'settings',
    // STATIC_ROOT pinned to /app, where collectstatic writes, even if a server imports the
    // installed copy of the package. SQLite goes in /app/data, the one folder the image's user owns.
    settings: DJANGO_SETTINGS,
    image: {
      dataDir: 'data',
      dataFile: 'db.sqlite3',
      dataVar: 'DJANGO_DB_PATH',
      env: (db) => ['DJANGO_STATIC_ROOT=/app/staticfiles', ...(db ? [`DJANGO_DB_PATH=${db}`] : [])],
      // As the README writes them after `docker compose run --rm [--build] app `. With PostgreSQL,
      // compose's one-shot migrate service has run the migrations already.
      firstRun: (postgres) => [
        ...(postgres
          ? []
          : ["python manage.py migrate   # the admin's tables, in the `data` volume"]),
        'python manage.py createsuperuser    # an admin login for /admin/',
      ],
      staticFiles: true,
    },
  },
  {
    id: 'flask',
    label: 'Flask',
    style: 'sync',
    blockingHandlers: ['wsgi'],
    hint: 'the classic sync micro-framework: small, explicit, huge ecosystem',
    layout:
      "`create_app()` in the package's `__init__.py` and an `api` blueprint, as Flask's tutorial does; servers call the factory",
    interfaces: ['wsgi'],
    websocket: [],
    needsLifespan: false,
    entry: { wsgi: '__init__:create_app()' },
    requires: ['flask'],
    testRequires: [],
    develop: {
      wsgi: { argv: (a) => ['flask', '--app', a.module, 'run', '--debug'], port: portFlag },
    },
    detect: { imports: ['flask'], dists: ['flask'], ctors: ['Flask'] },
    batteries: false,
    database: {
      orm: 'Flask-SQLAlchemy (SQLAlchemy 2.0, psycopg 3)',
      migrations: 'Flask-Migrate (Alembic)',
      requires: ['flask-sqlalchemy', 'flask-migrate', 'sqlalchemy', 'psycopg'],
      migrate: (pkg) => ['flask', '--app', pkg, 'db', 'upgrade'],
      makeMigration: (pkg) => `flask --app ${pkg} db migrate -m "what changed"`,
    },
  },
  {
    id: 'starlette',
    label: 'Starlette',
    style: 'async',
    // Sync endpoints run in a thread pool.
    blockingHandlers: ['asgi'],
    hint: 'the lean ASGI toolkit under FastAPI',
    layout:
      '`Route`, `Mount` and `WebSocketRoute` tables and a lifespan in `app.py`, the endpoints in `api.py`',
    interfaces: ['asgi'],
    websocket: ['asgi'],
    needsLifespan: false,
    entry: { asgi: 'app:app' },
    requires: ['starlette'],
    testRequires: ['httpx2'],
    develop: { asgi: uvicornReload },
    detect: { imports: ['starlette'], dists: ['starlette'], ctors: ['Starlette'] },
    batteries: false,
    database: sqlalchemy(['asgi']),
  },
  {
    id: 'litestar',
    label: 'Litestar',
    style: 'async',
    // Sync handlers marked sync_to_thread=True run in a thread pool.
    blockingHandlers: ['asgi'],
    hint: 'batteries-included async APIs: validation, DI, OpenAPI',
    layout:
      'a `Controller` for the items in a `Router` at `/api`, dataclass models in its OpenAPI document',
    interfaces: ['asgi'],
    websocket: ['asgi'],
    needsLifespan: false,
    entry: { asgi: 'app:app' },
    requires: ['litestar'],
    testRequires: ['httpx'],
    // `litestar run` is uvicorn underneath (litestar[standard] would bring it, and more).
    develop: {
      asgi: {
        argv: (a) => ['litestar', '--app', `${a.module}:${a.attr}`, 'run', '--reload', '--debug'],
        port: portFlag,
        requires: ['uvicorn'],
      },
    },
    detect: { imports: ['litestar'], dists: ['litestar'], ctors: ['Litestar'] },
    batteries: false,
    database: {
      orm: "Litestar's SQLAlchemy plugin (Advanced Alchemy, async sessions, psycopg 3)",
      requires: ['advanced-alchemy', 'psycopg', 'alembic'],
      ...ALEMBIC,
      // The shared Alembic environment; its own first migration (Advanced Alchemy's bigint ids).
      shared: { asgi: ['alembic'] },
    },
  },
  {
    id: 'quart',
    label: 'Quart',
    style: 'async',
    // Sync view functions run in a thread pool (run_sync).
    blockingHandlers: ['asgi'],
    hint: "Flask's API on asyncio, with WebSocket",
    layout: 'an `api` blueprint in `api.py`, registered on the app in `app.py`',
    interfaces: ['asgi'],
    websocket: ['asgi'],
    needsLifespan: true,
    entry: { asgi: 'app:app' },
    requires: ['quart'],
    testRequires: ['pytest-asyncio'],
    develop: {
      asgi: { argv: (a) => ['quart', '--app', a.module, 'run', '--debug'], port: portFlag },
    },
    detect: { imports: ['quart'], dists: ['quart'], ctors: ['Quart'], over: ['flask'] },
    batteries: false,
    database: sqlalchemy(['asgi']),
  },
  {
    id: 'falcon',
    label: 'Falcon',
    style: 'sync',
    // falcon.asgi.App requires coroutine responders: blocking code needs WSGI.
    blockingHandlers: ['wsgi'],
    hint: 'minimal, fast REST APIs; WSGI or ASGI from the same code style',
    layout: 'resource classes (`on_get`) in `resources.py`, the same on WSGI and ASGI',
    interfaces: ['wsgi', 'asgi'],
    websocket: ['asgi'],
    needsLifespan: false,
    entry: { wsgi: 'app:app', asgi: 'app:app' },
    requires: ['falcon'],
    testRequires: [],
    develop: { asgi: uvicornReload },
    detect: {
      imports: ['falcon'],
      dists: ['falcon'],
      ctors: ['App', 'API'],
      ctorInterfaces: [
        { module: 'falcon.asgi', interface: 'asgi' },
        { module: 'falcon', interface: 'wsgi' },
      ],
    },
    batteries: false,
    database: sqlalchemy(['wsgi', 'asgi']),
  },
  {
    id: 'bottle',
    label: 'Bottle',
    style: 'sync',
    blockingHandlers: ['wsgi'],
    hint: 'a single-file sync micro-framework with no dependencies',
    layout: '`@app.get` routes on a `Bottle()` app in `app.py`',
    interfaces: ['wsgi'],
    websocket: [],
    needsLifespan: false,
    entry: { wsgi: 'app:app' },
    requires: ['bottle'],
    testRequires: ['webtest'],
    untypedImports: ['bottle', 'webtest'],
    develop: {
      wsgi: {
        argv: (a) => ['python', '-m', 'bottle', '--debug', '--reload', `${a.module}:${a.attr}`],
        port: { args: (p) => ['--bind', `127.0.0.1:${p}`] },
      },
    },
    detect: { imports: ['bottle'], dists: ['bottle'], ctors: ['Bottle', 'default_app'] },
    batteries: false,
    database: sqlalchemy(['wsgi']),
  },
  {
    id: 'pyramid',
    label: 'Pyramid',
    style: 'sync',
    blockingHandlers: ['wsgi'],
    hint: 'a sync framework that scales from one file to large apps',
    layout: '`routes.py` included and `@view_config` views scanned by `make_app()`',
    interfaces: ['wsgi'],
    websocket: [],
    needsLifespan: false,
    entry: { wsgi: 'app:app' },
    requires: ['pyramid'],
    testRequires: ['webtest'],
    untypedImports: ['pyramid.*', 'webtest'],
    detect: {
      imports: ['pyramid'],
      dists: ['pyramid'],
      ctors: ['make_wsgi_app'],
      also: /\bConfigurator\s*\(/,
    },
    batteries: false,
    database: sqlalchemy(['wsgi']),
  },
  {
    id: 'sanic',
    label: 'Sanic',
    style: 'async',
    // A plain `def` handler runs on the event loop and blocks it.
    blockingHandlers: [],
    hint: 'async framework with its own fast multi-process server',
    layout: 'an `api` blueprint; graceful shutdown and proxy trust as app config',
    interfaces: ['sanic', 'asgi'],
    websocket: ['sanic', 'asgi'],
    needsLifespan: true,
    entry: { sanic: 'app:app', asgi: 'app:app' },
    requires: ['sanic'],
    testRequires: ['sanic-testing'],
    untypedImports: ['sanic_testing.*'],
    develop: { sanic: sanicDev(), asgi: sanicDev() },
    detect: {
      imports: ['sanic'],
      dists: ['sanic'],
      ctors: ['Sanic'],
      ownServer: { server: 'sanic', run: /\.run\s*\(/ },
    },
    batteries: false,
    database: sqlalchemy(['sanic', 'asgi']),
  },
  {
    id: 'tornado',
    label: 'Tornado',
    style: 'async',
    // A plain handler method runs on the IOLoop and blocks it.
    blockingHandlers: [],
    hint: 'its own event loop and server; long-lived connections',
    layout:
      "handlers in `app.py`, a forking `HTTPServer` in `server.py`, run by the package's `__main__`",
    interfaces: ['tornado'],
    websocket: ['tornado'],
    needsLifespan: false,
    entry: { tornado: 'app:make_app' },
    requires: ['tornado'],
    testRequires: [],
    develop: {
      tornado: { argv: (a) => ['python', '-m', a.pkg, '--debug'], port: { env: 'PORT' } },
    },
    detect: {
      imports: ['tornado'],
      dists: ['tornado'],
      ctors: ['Application'],
      ownServer: { server: 'tornado', run: /\.listen\s*\(|\bHTTPServer\s*\(/ },
    },
    batteries: false,
    database: sqlalchemy(['tornado']),
  },
];
