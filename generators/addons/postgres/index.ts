import type { EnvPlace, EnvVar } from '../../catalog/env.js';
import { code } from '../../catalog/env.js';
import { FRAMEWORKS } from '../../catalog/frameworks.js';
import { section } from '../patch.js';
import { type AddonStack, defineAddon } from '../types.js';

/**
 * PostgreSQL for the items: the framework's own ORM and migrations in a project create-pyweb
 * makes (its layers/), and for every project the infrastructure around them: compose's `db` and
 * one-shot `migrate` services, the Kubernetes Secret and migration Job, CI's service container,
 * the settings and the README's data section.
 */

/** Connections one worker process holds: its threads on WSGI, a handful on an event loop. */
export const ASYNC_POOL_SIZE = 5;
export const poolSize = (p: Pick<EnvPlace, 'wsgi' | 'wsgiThreads'>) =>
  p.wsgi ? p.wsgiThreads : ASYNC_POOL_SIZE;

/** compose's db service: its user, database and (development) password, also in DATABASE_URL. */
export const COMPOSE_DB = { user: 'app', db: 'app', password: 'app', port: 5432 } as const;
/** That db from this machine: .env.example's URL, and the README's and next steps' export. */
export const LOCAL_DATABASE_URL = `postgresql://${COMPOSE_DB.user}:${COMPOSE_DB.password}@localhost:${COMPOSE_DB.port}/${COMPOSE_DB.db}`;

const SETTINGS: EnvVar[] = [
  {
    name: 'DATABASE_URL',
    secret: true,
    default: () => 'none: the app starts, and `/readyz` answers 503 until the database answers',
    what: 'PostgreSQL to keep the items in, as `postgresql://user:password@host:port/database`',
    example: (p) => ({
      value: LOCAL_DATABASE_URL,
      note: p.compose
        ? "PostgreSQL for the tests and the development server: compose's db service from this machine\n(`docker compose up -d db`). Inside compose the app reaches db by name: compose.yaml sets its own.\nThe tests make a database of their own beside this one, and drop it after."
        : 'PostgreSQL for the tests and the development server.\nThe tests make a database of their own beside this one, and drop it after.',
    }),
    compose: () => ({
      value: `postgresql://${COMPOSE_DB.user}:\${POSTGRES_PASSWORD:-${COMPOSE_DB.password}}@db:${COMPOSE_DB.port}/${COMPOSE_DB.db}`,
      note: "compose's own db service: not read from .env, where it names localhost.",
    }),
  },
  {
    name: 'DATABASE_POOL_SIZE',
    default: (p) =>
      `${code(String(poolSize(p)))}${p.wsgi ? ' (`WSGI_THREADS`: one connection per thread)' : ''}`,
    what: "connections each worker process keeps open; times the workers and replicas, it must stay under the server's `max_connections` (100 by default)",
    example: (p) => ({
      value: String(poolSize(p)),
      commented: true,
      note: 'Connections per worker process: times WEB_CONCURRENCY and the replicas, under max_connections.',
    }),
    // Not a secret, and the cluster's sum to keep in check: one worker process per pod.
    configMap: (p) => ({
      value: String(poolSize(p)),
      note: "Connections per pod (one worker process): times hpa.yaml's maxReplicas, plus the Job's,\nunder the database's max_connections.",
    }),
  },
  {
    name: 'POSTGRES_PASSWORD',
    applies: (p) => p.compose,
    default: () => code(COMPOSE_DB.password),
    what: "compose's db service password (and the app's, in compose): change it anywhere but your machine",
    example: () => ({
      value: COMPOSE_DB.password,
      commented: true,
      note: "compose's db password (the db service's and the app's): the db takes it when its volume is made.",
    }),
  },
];

export default defineAddon({
  id: 'postgres',
  servesApp: false,
  title: 'PostgreSQL (ORM, migrations, db service)',
  description:
    "PostgreSQL for the items: the framework's ORM and migrations, run as a release step (compose, Kubernetes Job, CI)",
  requires: [],
  byDefault: () => false,
  defaultLabel: 'off',
  next: (p) =>
    p.compose
      ? {
          cmd: 'docker compose up -d db',
          what: 'PostgreSQL for the tests and the development server',
        }
      : undefined,
  // A project it did not make keeps its own code and driver: `add` brings the infrastructure.
  dependencies: (stack: AddonStack) => {
    if (stack.shape.origin !== 'created') return {};
    const db = stack.framework.database;
    return {
      runtime: [...db.requires, ...(db.requiresFor?.[stack.pair.interface] ?? [])],
      dev: db.testRequires ?? [],
    };
  },
  settings: SETTINGS,
  layers: {
    all: () => [
      ...new Set(FRAMEWORKS.flatMap((f) => Object.values(f.database.shared ?? {}).flat())),
      ...FRAMEWORKS.map((f) => `frameworks/${f.id}`),
    ],
    for: (stack) => [
      ...(stack.framework.database.shared?.[stack.pair.interface] ?? []),
      `frameworks/${stack.framework.id}`,
    ],
  },
  // In the deploy block rather than beside the settings table: it says how compose, Kubernetes
  // and CI run the migrations, after their own sections, and `add postgres` rewrites that block
  // of a README create-pyweb wrote (the rest of the README is the user's by then).
  patches: [section('README.md', 'deploy', 'README.data.md')],
});
