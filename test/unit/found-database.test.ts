import { describe, expect, test } from 'vitest';
import { useTheirDatabase } from '../../generators/add/compose-db.js';
import { databaseFacts } from '../../generators/add/project.js';
import { foundDatabaseSettings } from '../../generators/addons/postgres/found.js';
import postgres from '../../generators/addons/postgres/index.js';
import type { EnvPlace } from '../../generators/catalog/env.js';
import { flaskAppArg } from '../../generators/detect/database.js';
import { detectProject, type ProjectFiles } from '../../generators/detect/index.js';
import type { ProjectShape } from '../../generators/project/shape.js';

/** `add postgres` on a project create-pyweb did not make: what it finds, and what it writes from it. */

const project = (text: Record<string, string>, present: string[] = []): ProjectFiles => ({
  text,
  present,
  dirName: 'shop',
});

const FASTAPI_APP = 'from fastapi import FastAPI\n\napp = FastAPI()\n';
const PYPROJECT = '[project]\nname = "shop"\ndependencies = ["fastapi", "sqlalchemy", "psycopg"]\n';

describe('the migration tool and the URL variable a found app uses', () => {
  test('Alembic at the root, and the variable its settings read (DB_URL)', () => {
    const d = detectProject(
      project({
        'pyproject.toml': PYPROJECT,
        'shop/__init__.py': '',
        'shop/main.py': FASTAPI_APP,
        'shop/db.py':
          'import os\n\nfrom sqlalchemy import create_engine\n\nSQLALCHEMY_DATABASE_URI = os.environ["DB_URL"]\nengine = create_engine(SQLALCHEMY_DATABASE_URI)\n',
        'alembic.ini': '# A generic config.\n[alembic]\nscript_location = %(here)s/alembic\n',
        'alembic/env.py': 'from alembic import context\n',
      }),
    );
    expect(d.database).toEqual({
      urlVar: 'DB_URL',
      urlWhere: 'shop/db.py:5: SQLALCHEMY_DATABASE_URI = os.environ["DB_URL"]',
      migrations: 'Alembic',
      migrate: ['alembic', 'upgrade', 'head'],
      migrateWhere: 'alembic.ini:3: script_location = %(here)s/alembic',
    });
  });

  test('Alembic configured in pyproject.toml, or in a folder of its own', () => {
    const inPyproject = detectProject(
      project({
        'pyproject.toml': `${PYPROJECT}\n[tool.alembic]\nscript_location = "migrations"\n`,
        'main.py': FASTAPI_APP,
      }),
    );
    expect(inPyproject.database).toMatchObject({
      urlVar: 'DATABASE_URL',
      migrate: ['alembic', 'upgrade', 'head'],
      migrateWhere: 'pyproject.toml:5: [tool.alembic]',
    });
    const inFolder = detectProject(
      project({
        'pyproject.toml': PYPROJECT,
        'main.py': FASTAPI_APP,
        'db/alembic.ini': '[alembic]\nscript_location = db/versions\n',
      }),
    );
    expect(inFolder.database?.migrate).toEqual([
      'alembic',
      '-c',
      'db/alembic.ini',
      'upgrade',
      'head',
    ]);
  });

  test('Flask-Migrate: migrations/ with its alembic.ini and env.py, flask_migrate imported', () => {
    const d = detectProject(
      project({
        'requirements.txt': 'flask\nflask-sqlalchemy\nflask-migrate\npsycopg2-binary\n',
        'shop/__init__.py':
          'import os\n\nfrom flask import Flask\nfrom flask_migrate import Migrate\n\n\ndef create_app():\n    app = Flask(__name__)\n    app.config["SQLALCHEMY_DATABASE_URI"] = os.getenv("SQLALCHEMY_DATABASE_URI")\n    Migrate(app)\n    return app\n',
        'migrations/alembic.ini': '[alembic]\n',
        'migrations/env.py': 'from flask import current_app\n',
      }),
    );
    expect(d.database).toEqual({
      urlVar: 'SQLALCHEMY_DATABASE_URI',
      urlWhere:
        'shop/__init__.py:9: app.config["SQLALCHEMY_DATABASE_URI"] = os.getenv("SQLALCHEMY_DATAB...',
      migrations: 'Flask-Migrate',
      migrate: ['flask', '--app', 'shop', 'db', 'upgrade'],
      migrateWhere: 'shop/__init__.py:4: from flask_migrate import Migrate; migrations/alembic.ini',
    });
  });

  test('a variable named like nothing (DB) is the URL where its read feeds the database', () => {
    const read = (line: string) =>
      detectProject(
        project({
          'requirements.txt': 'flask\nflask-sqlalchemy\npsycopg\n',
          'shop/__init__.py': `import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\nSECRET = os.environ["APP_SECRET"]\n${line}\n`,
        }),
      ).database;
    expect(read('app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DB"]')).toEqual({
      urlVar: 'DB',
      urlWhere: 'shop/__init__.py:7: app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DB"]',
    });
    expect(
      read('engine = create_engine(os.getenv("PG", "postgresql://localhost/x"))'),
    ).toMatchObject({
      urlVar: 'PG',
    });
    // A read that does not reach the database is not taken for its URL.
    expect(read('DEBUG = os.environ.get("DEBUG_SQL", "")')).toBeUndefined();
  });

  test('flask --app: the module where Flask finds the app itself, else module:attr', () => {
    expect(flaskAppArg({ module: 'shop', attr: 'create_app', factory: true })).toBe('shop');
    expect(flaskAppArg({ module: 'app', attr: 'app', factory: false })).toBe('app');
    expect(flaskAppArg({ module: 'shop.web', attr: 'site', factory: false })).toBe('shop.web:site');
    expect(flaskAppArg({ module: 'shop', attr: 'build', factory: true })).toBe('shop:build()');
  });

  test('Django: manage.py migrate, and dj-database-url names DATABASE_URL', () => {
    const d = detectProject(
      project(
        {
          'requirements.txt': 'django\ndj-database-url\npsycopg\n',
          'manage.py':
            "import os\nimport sys\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_.settings')\nfrom django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n",
          'site_/__init__.py': '',
          'site_/settings.py':
            'import dj_database_url\n\nDATABASES = {"default": dj_database_url.config()}\nSTATIC_ROOT = "static"\n',
          'site_/wsgi.py':
            'from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n',
        },
        ['manage.py'],
      ),
    );
    expect(d.database).toMatchObject({
      urlVar: 'DATABASE_URL',
      urlWhere: expect.stringMatching(/^site_\/settings\.py:3: /),
      migrations: "Django's migrations",
      migrate: ['python', 'manage.py', 'migrate'],
    });
  });

  test('none: no migrations and no URL read, nothing to say until add postgres says so', () => {
    const d = detectProject(project({ 'pyproject.toml': PYPROJECT, 'main.py': FASTAPI_APP }));
    expect(d.database).toBeUndefined();
    const lines = databaseFacts({ urlVar: 'DATABASE_URL' }).map((l) => l.value);
    expect(lines[0]).toMatch(/^migrations: none found .*: no migrate step;/);
    expect(lines[1]).toMatch(/^URL in DATABASE_URL: the app reads no database URL/);
  });

  test('the printed facts name the tool, the command and the evidence', () => {
    expect(
      databaseFacts({
        urlVar: 'DB_URL',
        urlWhere: 'shop/db.py:5: x',
        migrations: 'Alembic',
        migrate: ['alembic', 'upgrade', 'head'],
        migrateWhere: 'alembic.ini:3: script_location = alembic',
      }),
    ).toEqual([
      {
        what: 'database',
        value: 'migrations: Alembic, released with `alembic upgrade head`',
        where: 'alembic.ini:3: script_location = alembic',
      },
      { what: 'database', value: 'URL in DB_URL, as the app reads it', where: 'shop/db.py:5: x' },
    ]);
  });
});

describe("the add-on's settings in a found project", () => {
  const place = { wsgi: false, wsgiThreads: 4, compose: true } as EnvPlace;
  const shape = (over: Partial<ProjectShape>) => ({ origin: 'detected', ...over }) as ProjectShape;

  test('the URL under their name, with the scheme their SQLAlchemy driver needs; no pool size', () => {
    const vars = foundDatabaseSettings(
      postgres.settings!,
      shape({
        database: { urlVar: 'DB_URL' },
        runtimeDists: ['fastapi', 'sqlalchemy', 'psycopg'],
        settings: [{ name: 'DB_URL', required: true, secret: true, where: 'shop/db.py:5: x' }],
      }),
    );
    expect(vars.map((v) => v.name)).toEqual(['DB_URL', 'POSTGRES_PASSWORD']);
    const url = vars[0]!;
    expect(url.secret).toBe(true);
    expect(url.example!(place)!.value).toBe('postgresql+psycopg://app:app@localhost:5432/app');
    expect(url.compose!(place)!.value).toMatch(/^postgresql\+psycopg:\/\/app:.*@db:5432\/app$/);
    expect(url.default(place)).toBe("the app's (shop/db.py:5)");
  });

  test('a created project keeps them as they are', () => {
    expect(foundDatabaseSettings(postgres.settings!, shape({ origin: 'created' }))).toEqual(
      postgres.settings,
    );
  });
});

describe("their compose file's PostgreSQL is the app's", () => {
  const USER = `services:
  database:
    image: postgis/postgis:16-3.4
    environment:
      POSTGRES_USER: shop
      POSTGRES_PASSWORD: \${SHOP_DB_PASSWORD}
      POSTGRES_DB: catalogue
`;
  const OURS = `services:
  app:
    build: .
    environment:
      DB_URL: "postgresql+psycopg://app:\${POSTGRES_PASSWORD:-app}@db:5432/app"
    depends_on:
      db:
        condition: service_healthy
      migrate:
        condition: service_completed_successfully
  migrate:
    build: .
    command: ["alembic", "upgrade", "head"]
    environment:
      - DB_URL=postgresql+psycopg://app:\${POSTGRES_PASSWORD:-app}@db:5432/app
    depends_on:
      - db
  db:
    image: postgres:17-alpine
    volumes:
      - db-data:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready"]
volumes:
  db-data: {}
`;

  test('ours leaves its db out and reaches theirs by its name and credentials', () => {
    const { text, theirs } = useTheirDatabase(OURS, USER);
    expect(theirs).toBe('database');
    expect(text).not.toMatch(/\n {2}db:|db-data|postgres:17/);
    const url = 'postgresql+psycopg://shop:${SHOP_DB_PASSWORD}@database:5432/catalogue';
    expect(text).toContain(`DB_URL: "${url}"`);
    expect(text).toContain(`- DB_URL=${url}`);
    // Theirs has no health check: compose would refuse service_healthy.
    expect(text).toMatch(/depends_on:\n {6}database:\n {8}condition: service_started\n/);
    expect(text).toMatch(/depends_on:\n {6}- database\n/);
  });

  test('the official defaults where theirs sets only a password; nothing to do without one', () => {
    const user =
      'services:\n  pg:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=p@ss\n    healthcheck:\n      test: pg_isready\n';
    const { text } = useTheirDatabase(OURS, user);
    expect(text).toContain('postgresql+psycopg://postgres:p%40ss@pg:5432/postgres');
    expect(text).toMatch(/ {6}pg:\n {8}condition: service_healthy/);
    const none = 'services:\n  cache:\n    image: redis:7\n';
    expect(useTheirDatabase(OURS, none)).toEqual({ text: OURS });
    // Without the add-on ours names no database: left exactly as it is.
    const plain = 'services:\n  app:\n    build: .\n';
    expect(useTheirDatabase(plain, user)).toEqual({ text: plain });
  });
});
