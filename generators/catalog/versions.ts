/**
 * The one table of Python requirement specifiers written into generated projects.
 * `~=X.Y` admits bug-fix and minor releases of the line we tested, not the next major.
 */
export const VERSIONS: Record<string, string> = {
  // frameworks
  flask: 'flask~=3.1',
  // 5.2 is the LTS line and the last that runs on Python 3.11 (6.x needs 3.12).
  django: 'django~=5.2.0',
  fastapi: 'fastapi~=0.165',
  starlette: 'starlette~=1.10',
  quart: 'quart~=0.22',
  bottle: 'bottle~=0.13',
  pyramid: 'pyramid~=2.1',
  falcon: 'falcon~=4.4',
  litestar: 'litestar~=2.25',
  sanic: 'sanic~=25.12',
  tornado: 'tornado~=6.6',
  channels: 'channels~=4.3',
  whitenoise: 'whitenoise~=6.12',
  // PostgreSQL (the postgres add-on): psycopg 3 is the one driver, sync and async; the binary
  // extra needs no libpq on the machine or in the image.
  psycopg: 'psycopg[binary]~=3.3',
  // Django's connection pool (DATABASES OPTIONS "pool") is psycopg's.
  'psycopg-pool': 'psycopg[binary,pool]~=3.3',
  sqlalchemy: 'sqlalchemy~=2.1',
  // The asyncio extension needs greenlet, which SQLAlchemy 2.1 no longer installs by default.
  'sqlalchemy-asyncio': 'sqlalchemy[asyncio]~=2.1',
  sqlmodel: 'sqlmodel~=0.0.50',
  alembic: 'alembic~=1.20',
  'flask-sqlalchemy': 'flask-sqlalchemy~=3.1',
  'flask-migrate': 'flask-migrate~=4.1',
  'advanced-alchemy': 'advanced-alchemy~=1.12',
  // servers
  gunicorn: 'gunicorn~=27.0',
  uwsgi: 'uwsgi~=2.0.31',
  waitress: 'waitress~=3.0',
  mod_wsgi: 'mod_wsgi~=6.1',
  // [standard] brings websockets, httptools and uvloop: without it WebSocket upgrades get a 400.
  uvicorn: 'uvicorn[standard]~=0.54',
  'uvicorn-worker': 'uvicorn-worker~=0.4',
  hypercorn: 'hypercorn~=0.18',
  daphne: 'daphne~=4.2',
  granian: 'granian~=2.8',
  // watchfiles for the development command's --reload: a dev dependency, not a runtime one.
  'granian-reload': 'granian[reload]~=2.8',
  // test and dev tools
  // `fastapi dev` (it brings uvicorn[standard] itself).
  'fastapi-cli': 'fastapi-cli~=0.0.34',
  pytest: 'pytest~=9.2',
  'pytest-asyncio': 'pytest-asyncio~=1.5',
  'pytest-django': 'pytest-django~=4.14',
  // Django's types and mypy plugin; the extra keeps mypy within the range the plugin supports.
  'django-stubs': 'django-stubs[compatible-mypy]~=6.1',
  'types-channels': 'types-channels~=4.3',
  ruff: 'ruff~=0.17',
  mypy: 'mypy~=2.4',
  httpx: 'httpx~=0.28',
  // Starlette's TestClient (FastAPI's too) deprecates httpx for its successor.
  httpx2: 'httpx2~=2.16',
  webtest: 'webtest~=3.0',
  'sanic-testing': 'sanic-testing~=24.6',
  // Installers a Dockerfile's builder stage brings for a project that uses them: exact, as
  // hadolint asks of a pip install in an image.
  uv: 'uv==0.13.9',
  poetry: 'poetry==2.5.1',
  // The `locked` extra pins PDM's own dependencies (an unpinned hishel 2 breaks it).
  pdm: 'pdm[locked]==2.28.2',
};

export function requirement(key: string): string {
  const spec = VERSIONS[key];
  if (!spec) throw new Error(`no version pinned for ${key}`);
  return spec;
}

/** The nginx image compose runs in front of the app: the stable line, patch releases included. */
export const NGINX_IMAGE = 'nginx:1.30-alpine';

/** Service containers CI starts for a project whose dependencies include their drivers. */
export const SERVICE_IMAGES = {
  postgres: 'postgres:17',
  mysql: 'mysql:8.4',
  redis: 'redis:7-alpine',
} as const;
