/**
 * Drivers that need a service running beside the app, by distribution (normalised name): the
 * one table `add` reads to name a found app's services (detect) and CI to start them (the ci
 * add-on's service containers).
 */
export type ServiceId = 'postgres' | 'mysql' | 'redis' | 'mongodb';

export interface Driver {
  service: ServiceId;
  /**
   * The URL scheme SQLAlchemy needs to load this driver: its bare `postgresql://` means psycopg2
   * and `mysql://` mysqlclient, so a URL without the driver's suffix fails to import on a project
   * that installs another one. Absent: SQLAlchemy has no dialect for it.
   */
  sqlalchemy?: string;
}

export const DRIVERS: Record<string, Driver> = {
  psycopg: { service: 'postgres', sqlalchemy: 'postgresql+psycopg' },
  'psycopg-binary': { service: 'postgres', sqlalchemy: 'postgresql+psycopg' },
  psycopg2: { service: 'postgres', sqlalchemy: 'postgresql' },
  'psycopg2-binary': { service: 'postgres', sqlalchemy: 'postgresql' },
  asyncpg: { service: 'postgres', sqlalchemy: 'postgresql+asyncpg' },
  pg8000: { service: 'postgres', sqlalchemy: 'postgresql+pg8000' },
  redis: { service: 'redis' },
  aioredis: { service: 'redis' },
  hiredis: { service: 'redis' },
  valkey: { service: 'redis' },
  pymysql: { service: 'mysql', sqlalchemy: 'mysql+pymysql' },
  mysqlclient: { service: 'mysql', sqlalchemy: 'mysql' },
  aiomysql: { service: 'mysql', sqlalchemy: 'mysql+aiomysql' },
  asyncmy: { service: 'mysql', sqlalchemy: 'mysql+asyncmy' },
  'mysql-connector-python': { service: 'mysql', sqlalchemy: 'mysql+mysqlconnector' },
  pymongo: { service: 'mongodb' },
  motor: { service: 'mongodb' },
};

/**
 * Distributions through which the app opens its database by a SQLAlchemy URL (driver suffix
 * and all); without one of them (Django, dj-database-url, a driver used directly) the plain
 * `postgresql://` and `mysql://` are what the code expects.
 */
export const SQLALCHEMY_DISTS = ['sqlalchemy', 'sqlmodel', 'flask-sqlalchemy', 'alembic'];

/** The scheme of a URL to `service` for a project depending on `dists`, or undefined for the plain one. */
export function sqlalchemyScheme(service: ServiceId, dists: string[]): string | undefined {
  if (!dists.some((d) => SQLALCHEMY_DISTS.includes(d))) return undefined;
  // The first of the service's drivers, in the order the project lists them.
  const driver = dists.map((d) => DRIVERS[d]).find((x) => x?.service === service);
  return driver?.sqlalchemy;
}
