import type { DevServer } from '../catalog/index.js';
import { dataInPostgres } from '../project/carried.js';
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

export function developTarget(stack: Stack): DevelopTarget {
  const argv = frameworkDevArgv(stack);
  const before =
    (stack.shape.django?.ownSettings && stack.framework.settings?.develop(dataInPostgres(stack))) ||
    [];
  if (argv) return { dev: shellLine(argv), before, what: frameworkDevServer(stack)!.what };
  // Pyramid (pserve wants a PasteDeploy .ini and app factory) and Falcon on WSGI have no development
  // server of their own: the project's server runs them, with reload where it has one.
  const what =
    stack.shape.origin === 'created'
      ? `develop: ${stack.framework.label} has no development server, so its server runs it`
      : undefined;
  return { dev: stack.serve.dev, before, what };
}

/** Dev requirements the development command brings (keys of VERSIONS). */
export function developRequires(stack: Stack): string[] {
  const own = frameworkDevServer(stack);
  return own ? (own.requires ?? []) : (stack.server.devRequires ?? []);
}

export function developSteps(t: DevelopTarget): DevelopStep[] {
  return [...t.before, { cmd: t.dev, what: t.what ?? 'develop: reloads on code changes' }];
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
