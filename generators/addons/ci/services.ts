import { DRIVERS, sqlalchemyScheme } from '../../catalog/drivers.js';
import type { ReadSetting } from '../../catalog/env.js';
import type { SERVICE_IMAGES } from '../../catalog/versions.js';

/**
 * A database or cache the project's tests may need, started by CI as a service container when
 * one of its drivers is among the project's dependencies. The job reaches it on localhost, by
 * the conventional variable `url` names (the app's own setting may have another name).
 */
export interface CiService {
  id: keyof typeof SERVICE_IMAGES;
  port: number;
  /** The container's own settings. */
  env: { name: string; value: string }[];
  /** docker run options: a health check, so that the job starts once the service answers. */
  health: string;
  url: { name: string; value: string };
  /**
   * Words of a setting's name (split at `_`) that say it holds this service's URL, beside one of
   * URL, URI or DSN: the app's own name for it (`SHOP_DATABASE_URL`, `SQLALCHEMY_DATABASE_URI`).
   */
  words: string[];
}

const URL_WORDS = ['URL', 'URI', 'DSN'];

export const CI_SERVICES: CiService[] = [
  {
    id: 'postgres',
    port: 5432,
    env: [
      { name: 'POSTGRES_USER', value: 'app' },
      { name: 'POSTGRES_PASSWORD', value: 'app' },
      { name: 'POSTGRES_DB', value: 'app' },
    ],
    health:
      '--health-cmd "pg_isready -U app" --health-interval 5s --health-timeout 5s --health-retries 10',
    url: { name: 'DATABASE_URL', value: 'postgresql://app:app@localhost:5432/app' },
    words: ['DATABASE', 'DB', 'POSTGRES', 'POSTGRESQL', 'PG'],
  },
  {
    id: 'mysql',
    port: 3306,
    env: [
      { name: 'MYSQL_USER', value: 'app' },
      { name: 'MYSQL_PASSWORD', value: 'app' },
      { name: 'MYSQL_DATABASE', value: 'app' },
      { name: 'MYSQL_ROOT_PASSWORD', value: 'root' },
    ],
    health:
      '--health-cmd "mysqladmin ping -h 127.0.0.1" --health-interval 5s --health-timeout 5s --health-retries 20',
    url: { name: 'DATABASE_URL', value: 'mysql://app:app@127.0.0.1:3306/app' },
    words: ['DATABASE', 'DB', 'MYSQL'],
  },
  {
    id: 'redis',
    port: 6379,
    env: [],
    health:
      '--health-cmd "redis-cli ping" --health-interval 5s --health-timeout 5s --health-retries 10',
    url: { name: 'REDIS_URL', value: 'redis://localhost:6379/0' },
    words: ['REDIS', 'CACHE'],
  },
];

/**
 * The services whose drivers are among `dists` (normalised names), and those an add-on brings
 * (`also`: postgres), once each, in the table's order.
 */
export function ciServicesFor(dists: string[], also: CiService['id'][] = []): CiService[] {
  return CI_SERVICES.filter(
    (s) => also.includes(s.id) || dists.some((d) => DRIVERS[d]?.service === s.id),
  );
}

/** Whether the setting `name` holds the URL of `service`, by the words of its name. */
export function readsUrlOf(service: CiService, name: string): boolean {
  const words = name.toUpperCase().split('_');
  return words.some((w) => service.words.includes(w)) && words.some((w) => URL_WORDS.includes(w));
}

/**
 * The test job's variables for its services: each URL under every name the app reads it by (the
 * conventional one where it reads none), with the scheme its ORM needs to load the installed
 * driver. A name two services could claim goes to the first.
 */
export function ciServiceEnv(
  services: CiService[],
  dists: string[],
  settings: readonly ReadSetting[],
  /** The name an add-on found the app reads a service's URL by (`DB_URL`), besides its settings'. */
  named: Partial<Record<CiService['id'], string>> = {},
): { name: string; value: string }[] {
  const out = new Map<string, string>();
  for (const s of services) {
    const scheme = sqlalchemyScheme(s.id, dists);
    const value = scheme ? s.url.value.replace(/^[\w+]+:/, `${scheme}:`) : s.url.value;
    const read = settings.map((x) => x.name).filter((n) => readsUrlOf(s, n));
    const own = named[s.id];
    const names = own && !read.includes(own) ? [own, ...read] : read;
    for (const name of names.length ? names : [s.url.name])
      if (!out.has(name)) out.set(name, value);
  }
  return [...out].map(([name, value]) => ({ name, value }));
}

/**
 * Stand-ins for the settings the app requires with no default and CI does not otherwise set, so
 * that its settings load when the tests import it. Values a test could mistake for real ones are
 * never made up: a secret says it is a placeholder, a URL points at nothing that answers.
 */
export function ciPlaceholders(
  settings: readonly ReadSetting[],
  taken: ReadonlySet<string>,
): { name: string; value: string }[] {
  return settings
    .filter((s) => s.required && !taken.has(s.name))
    .map((s) => ({ name: s.name, value: JSON.stringify(placeholder(s)) }));
}

function placeholder(s: ReadSetting): string {
  const words = s.name.toUpperCase().split('_');
  if (words.some((w) => URL_WORDS.includes(w))) {
    if (words.some((w) => ['DATABASE', 'DB'].includes(w))) return 'sqlite:///ci.db';
    if (words.includes('REDIS')) return 'redis://localhost:6379/0';
    return 'http://localhost';
  }
  if (s.secret) return 'ci-placeholder-not-secret';
  if (words.at(-1) === 'PORT') return '8000';
  if (words.includes('EMAIL') || words.includes('MAIL')) return 'ci@example.com';
  if (words.includes('HOST') || words.includes('SERVER')) return 'localhost';
  if (words.includes('DEBUG')) return 'false';
  return 'ci-placeholder';
}
