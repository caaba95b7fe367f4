import { LOCAL_DATABASE_URL } from '../addons/postgres/index.js';
import type { DevServer } from '../catalog/index.js';
import { addons, dataInPostgres } from '../project/carried.js';
import type { Stack } from '../project/stack.js';
import { shellLine } from './spec.js';

/**
 * How to run a project on one's own machine, in an active virtual environment: the one place
 * these steps are written. The CLI's "Next steps" print them and the project README's "Develop"
 * block renders the same list (`developLines`), so the two cannot drift.
 */

/** One step: a variable to set, or a command to run; `what` says why. */
export type DevelopStep = ({ env: string; value: string } | { cmd: string }) & { what: string };

export interface DevelopTarget {
  /** The development command: the framework's own server, or the project's server with reload. */
  dev: string;
  /** A database the tests and the server need first (the postgres add-on's): before `pytest` too. */
  database?: DevelopStep[];
  /** What comes first: the created settings' own steps (catalog `settings.develop`). */
  before: DevelopStep[];
  /** What the command is for, said beside it. */
  what?: string;
}

/**
 * The framework's development server for a project create-pyweb made. A project found on disk
 * keeps its server's dev command: its layout (a manage.py, an app module) is not ours to assume.
 */
export function frameworkDevServer(stack: Stack): DevServer | undefined {
  if (stack.shape.origin !== 'created') return undefined;
  return stack.framework.develop?.[stack.pair.interface];
}

/** The development command as argv, when it is the framework's (what the develop test runs). */
export function frameworkDevArgv(stack: Stack): string[] | undefined {
  const dev = frameworkDevServer(stack);
  if (!dev) return undefined;
  const { module, attr } = stack.shape.app;
  return dev.argv({ pkg: stack.shape.glue.pkg, module, attr });
}

/**
 * With the postgres add-on's code the tests and the server need a database, and the server needs
 * its tables: compose's db (else one of the user's, .env.example's URL either way) in DATABASE_URL.
 */
function databaseSteps(stack: Stack): DevelopStep[] {
  if (!dataInPostgres(stack)) return [];
  const compose = addons(stack).includes('compose');
  return [
    ...(compose
      ? [{ cmd: 'docker compose up -d db', what: "PostgreSQL on localhost:5432: compose's db" }]
      : []),
    {
      env: 'DATABASE_URL',
      value: LOCAL_DATABASE_URL,
      what: compose
        ? "compose's db, as in .env.example"
        : 'a PostgreSQL of yours (README: "PostgreSQL on this machine"), as in .env.example',
    },
  ];
}

/** The migrations before the development server, where the framework's own steps do not run them. */
function migrateStep(stack: Stack, before: DevelopStep[]): DevelopStep[] {
  if (!dataInPostgres(stack)) return [];
  const cmd = shellLine(stack.framework.database.migrate(stack.shape.glue.pkg));
  if (before.some((s) => 'cmd' in s && s.cmd === cmd)) return [];
  return [{ cmd, what: "the tables and their first rows, in DATABASE_URL's database" }];
}

export function developTarget(stack: Stack): DevelopTarget {
  const argv = frameworkDevArgv(stack);
  const own =
    (stack.shape.django?.ownSettings && stack.framework.settings?.develop(dataInPostgres(stack))) ||
    [];
  const before = [...own, ...migrateStep(stack, own)];
  const database = databaseSteps(stack);
  if (argv)
    return { dev: shellLine(argv), database, before, what: frameworkDevServer(stack)!.what };
  // Pyramid (pserve wants a PasteDeploy .ini and app factory) and Falcon on WSGI have no development
  // server of their own: the project's server runs them, with reload where it has one.
  const what =
    stack.shape.origin === 'created'
      ? `develop: ${stack.framework.label} has no development server, so its server runs it`
      : undefined;
  return { dev: stack.serve.dev, database, before, what };
}

/** Dev requirements the development command brings (keys of VERSIONS). */
export function developRequires(stack: Stack): string[] {
  const own = frameworkDevServer(stack);
  return own ? (own.requires ?? []) : (stack.server.devRequires ?? []);
}

export function developSteps(t: DevelopTarget): DevelopStep[] {
  return [
    ...(t.database ?? []),
    ...t.before,
    { cmd: t.dev, what: t.what ?? 'develop: reloads on code changes' },
  ];
}

export type Shell = 'sh' | 'powershell';

/** A step as typed in a shell. */
export function stepLine(step: DevelopStep, shell: Shell = 'sh'): string {
  if ('cmd' in step) return step.cmd;
  return shell === 'sh' ? `export ${step.env}=${step.value}` : `$env:${step.env} = '${step.value}'`;
}

/**
 * The README's Develop block, after the venv lines: each step with its reason as a comment in one
 * column, the last (the server itself) bare.
 */
export function developLines(t: DevelopTarget): string[] {
  const steps = developSteps(t);
  return steps.map((s, i) =>
    i === steps.length - 1 ? stepLine(s) : `${stepLine(s).padEnd(34)} # ${s.what}`,
  );
}
