/**
 * How a found app reaches PostgreSQL, for `add postgres`: the migration tool it already uses (its
 * release step) and the variable its code reads the URL from. Read from the files, never run.
 */
import { CI_SERVICES, readsUrlOf } from '../addons/ci/services.js';
import { findFramework } from '../catalog/index.js';
import type { AppRef, AppSetting, ProjectFiles } from './types.js';

export interface FoundDatabase {
  /** The variable the app reads the URL from: its own, or DATABASE_URL where it reads none. */
  urlVar: string;
  /** Where it reads it (`app/db.py:5: ...`); absent: no read found. */
  urlWhere?: string;
  /** The release step as argv, and the tool by name; absent: none found. */
  migrate?: string[];
  /** Alembic, Flask-Migrate, or the framework's own (the catalog's name for them). */
  migrations?: string;
  migrateWhere?: string;
}

/** What detection holds of a Python file: its text and the line of each top-level import. */
interface PyFile {
  path: string;
  test: boolean;
  src: string;
  imports: Map<string, number>;
}

const POSTGRES = CI_SERVICES.find((s) => s.id === 'postgres')!;
const CONVENTIONAL = 'DATABASE_URL';

/** `path:line: text` for a line (1-based) of `text`. */
function lineAt(path: string, text: string, line: number): string {
  const s = (text.split('\n')[line - 1] ?? '').trim();
  return `${path}:${line}: ${s.length > 70 ? `${s.slice(0, 67)}...` : s}`;
}

/** The first line of `text` that matches, as lineAt says it, or the path alone. */
function lineOf(path: string, text: string, re: RegExp): string {
  const i = text.split('\n').findIndex((l) => re.test(l));
  return i < 0 ? path : lineAt(path, text, i + 1);
}

const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const depth = (path: string) => path.split('/').length;

/**
 * Where a read's value becomes the database URL whatever the variable is called
 * (`app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DB"]`, `create_engine(os.environ["PG"])`):
 * Flask-SQLAlchemy's and Django's settings, SQLAlchemy's engine, Alembic's option.
 */
const URL_SINK =
  /SQLALCHEMY_DATABASE_URI|\bDATABASE_URL\b|\bcreate(_async)?_engine\s*\(|sqlalchemy\.url|dj_database_url/;

/**
 * The variable the app reads its database URL from: DATABASE_URL where it reads that one, else a
 * required read named like a database URL (`DB_URL`, `SQLALCHEMY_DATABASE_URI`), else any such
 * read, else a read whose line hands it to the database (URL_SINK: `os.environ["DB"]`).
 */
export function databaseUrlVar(
  settings: readonly AppSetting[],
): Pick<FoundDatabase, 'urlVar' | 'urlWhere'> {
  const urls = settings.filter((s) => readsUrlOf(POSTGRES, s.name));
  // The line text after `path:line: `, where the read is.
  const sunk = settings.find((s) => URL_SINK.test(s.where.split(': ').slice(1).join(': ')));
  const pick =
    urls.find((s) => s.name === CONVENTIONAL) ?? urls.find((s) => s.required) ?? urls[0] ?? sunk;
  return pick ? { urlVar: pick.name, urlWhere: pick.where } : { urlVar: CONVENTIONAL };
}

/**
 * The argument of `flask --app` that loads the app: the module alone where Flask finds the app
 * by itself (an `app` or `application`, a `create_app` or `make_app` factory), else module:attr.
 */
export function flaskAppArg(app: AppRef): string {
  const found = app.factory
    ? ['create_app', 'make_app'].includes(app.attr)
    : ['app', 'application'].includes(app.attr);
  return found ? app.module : `${app.module}:${app.attr}${app.factory ? '()' : ''}`;
}

/**
 * The migration tool the project uses: Django's (manage.py), Flask-Migrate (an alembic.ini beside
 * env.py in its migrations folder, and flask_migrate imported), or Alembic (an alembic.ini, or
 * `[tool.alembic]` in pyproject.toml); none of them: no release step.
 */
export function migrationsOf(
  files: ProjectFiles,
  py: readonly PyFile[],
  framework: string | undefined,
  app: AppRef | undefined,
): Pick<FoundDatabase, 'migrate' | 'migrations' | 'migrateWhere'> {
  const entry = framework ? findFramework(framework) : undefined;
  // A framework whose launcher runs its migrations (Django's manage.py): the catalog's command,
  // with the launcher where the project has it.
  const launcher = entry?.detect.settings?.launcher;
  if (entry && launcher && entry.database.migrate('').includes(launcher)) {
    const found = files.present
      .filter((p) => p === launcher || p.endsWith(`/${launcher}`))
      .sort((a, b) => depth(a) - depth(b))[0];
    if (found)
      return {
        migrations: entry.database.migrations,
        migrate: entry.database.migrate('').map((a) => (a === launcher ? found : a)),
        migrateWhere: files.text[found]
          ? lineOf(found, files.text[found]!, new RegExp(entry.detect.settings!.variable))
          : found,
      };
  }
  const inis = Object.keys(files.text)
    .filter((p) => p === 'alembic.ini' || p.endsWith('/alembic.ini'))
    .sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : 1));
  // Flask-Migrate keeps alembic.ini in its migrations folder, beside env.py; Alembic's own is at
  // the root and points at its scripts. Flask-Migrate's runs only through the Flask app.
  const flaskMigrate = py.find((f) => !f.test && f.imports.has('flask_migrate'));
  const beside = inis.find((p) => files.text[`${folderOf(p)}/env.py`] !== undefined);
  // The framework whose catalog entry migrates with Flask-Migrate: its command, for this app.
  if (flaskMigrate && beside && app && entry?.database.requires.includes('flask-migrate')) {
    const folder = folderOf(beside);
    const line = flaskMigrate.imports.get('flask_migrate')!;
    return {
      migrations: 'Flask-Migrate',
      migrate: [
        ...entry.database.migrate(flaskAppArg(app)),
        ...(folder === 'migrations' ? [] : ['--directory', folder]),
      ],
      migrateWhere: `${lineAt(flaskMigrate.path, flaskMigrate.src, line)}; ${beside}`,
    };
  }
  const ini = inis.find((p) => p !== beside || !flaskMigrate);
  if (ini)
    return {
      migrations: 'Alembic',
      migrate: ['alembic', ...(ini === 'alembic.ini' ? [] : ['-c', ini]), 'upgrade', 'head'],
      migrateWhere: /^\s*script_location\s*=/m.test(files.text[ini]!)
        ? lineOf(ini, files.text[ini]!, /^\s*script_location\s*=/)
        : lineOf(ini, files.text[ini]!, /^\s*\[alembic\]/),
    };
  const pyproject = files.text['pyproject.toml'];
  if (pyproject && /^\s*\[tool\.alembic\]/m.test(pyproject))
    return {
      migrations: 'Alembic',
      migrate: ['alembic', 'upgrade', 'head'],
      migrateWhere: lineOf('pyproject.toml', pyproject, /^\s*\[tool\.alembic\]/),
    };
  return {};
}

export function databaseOf(
  files: ProjectFiles,
  py: readonly PyFile[],
  settings: readonly AppSetting[],
  framework: string | undefined,
  app: AppRef | undefined,
): FoundDatabase {
  return { ...databaseUrlVar(settings), ...migrationsOf(files, py, framework, app) };
}
