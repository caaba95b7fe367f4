import type { DatabaseSupport, Interface } from './types.js';

/** Alembic's commands: the release step and the next migration, for every SQLAlchemy stack. */
export const ALEMBIC = {
  migrations: 'Alembic',
  migrate: () => ['alembic', 'upgrade', 'head'],
  makeMigration: () => 'alembic revision --autogenerate -m "what changed"',
} satisfies Partial<DatabaseSupport>;

/**
 * SQLAlchemy 2.0 on the postgres add-on's shared layers, for the interfaces a framework speaks:
 * psycopg 3 synchronously in WSGI's threads, async sessions on an event loop (whose extra brings
 * greenlet, which SQLAlchemy 2.1 no longer installs by itself).
 */
export function sqlalchemy(interfaces: Interface[]): DatabaseSupport {
  const async = interfaces.filter((i) => i !== 'wsgi');
  const sync = interfaces.includes('wsgi');
  const sessions = !async.length
    ? 'psycopg 3'
    : sync
      ? 'psycopg 3; async sessions on ASGI'
      : 'async sessions, psycopg 3';
  return {
    orm: `SQLAlchemy 2.0 (${sessions})`,
    ...ALEMBIC,
    // The ORM, its driver, its migrations: in that order in pyproject.toml.
    requires: [],
    requiresFor: Object.fromEntries(
      interfaces.map((i) => [
        i,
        [i === 'wsgi' ? 'sqlalchemy' : 'sqlalchemy-asyncio', 'psycopg', 'alembic'],
      ]),
    ),
    shared: Object.fromEntries(
      interfaces.map((i) => [
        i,
        ['alembic', 'alembic-tests', i === 'wsgi' ? 'sqlalchemy-sync' : 'sqlalchemy-async'],
      ]),
    ),
  };
}
