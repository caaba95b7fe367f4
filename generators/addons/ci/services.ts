import { DRIVERS } from '../../catalog/drivers.js';
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
}

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
  },
  {
    id: 'redis',
    port: 6379,
    env: [],
    health:
      '--health-cmd "redis-cli ping" --health-interval 5s --health-timeout 5s --health-retries 10',
    url: { name: 'REDIS_URL', value: 'redis://localhost:6379/0' },
  },
];

/** The services whose drivers are among `dists` (normalised names), in the table's order. */
export function ciServicesFor(dists: string[]): CiService[] {
  return CI_SERVICES.filter((s) => dists.some((d) => DRIVERS[d] === s.id));
}
