import type { FlagSince, Interface, Server } from '../catalog/types.js';

/** What a server needs to know about the app it serves. */
export interface ServeTarget {
  /** Import path of the module that holds the app: `shop.app`, `mysite.wsgi`, `app`. */
  app: string;
  /** The app's attribute in that module; with `factory`, a function that returns the app. */
  attr: string;
  factory: boolean;
  /** The package holding the serving glue (GLUE modules, forwarded.py): the project package when we made it. */
  glue: string;
  interface: Interface;
  /** A project create-pyweb made (Tornado's launcher is its package's __main__). */
  created: boolean;
  /** Flags the project's release of the server lacks: left out of its commands. */
  omit?: FlagSince[];
}

/** What a server's catalog entry builds for one app. */
export interface ServeCommand {
  /** Production argv; `"${VAR:-default}"` words make it run through a shell. */
  cmd: string[];
  /** Development command with auto-reload; a framework's own dev command may replace it. */
  dev: string[];
  /** Config files this server reads (relative to the project root). */
  config?: string[];
}

/** A server entry's `serve`: its commands for one app, given the seconds it drains on SIGTERM. */
export type ServeBuilder = (t: ServeTarget, gracefulTimeout: number) => ServeCommand;

/**
 * How one server runs one app. The single source for the README, the Dockerfile CMD, compose,
 * Kubernetes and the tests that boot the project: a command written in two places drifts.
 */
export interface ServeSpec {
  /** Exec-form production command. Shell-wrapped (`sh -c 'exec …'`) only where the server reads no env. */
  argv: string[];
  /** The same command as one line to paste into a shell. */
  line: string;
  /** Development command with auto-reload. */
  dev: string;
  /** Seconds between SIGTERM and a forced stop that the server needs to finish requests. */
  gracefulTimeout: number;
  /** Config files this server reads (relative to the project root). */
  configFiles: string[];
}

/**
 * The glue modules, named by role (in the glue package, beside forwarded.py): `proxied` is the app
 * behind trusted proxy headers, imported by a server that has no such setting of its own; `launch`
 * starts a server that reads no environment (`python -m <glue>.launch`).
 */
export const GLUE = { proxied: 'proxied', launch: 'launch' } as const;
/**
 * The glue module beside them that counts the worker processes of a server whose `workers` are
 * `processes`, when WEB_CONCURRENCY is unset (`python -m <glue>.workers` prints it).
 */
export const WORKERS_MODULE = 'workers';
/** What create-pyweb 0.1 named either glue module: projects made by it still have one. */
export const LEGACY_GLUE = 'serve';

export const DEFAULT_PORT = 8000;
/** Shell words with a default, for servers that read no environment themselves. */
export const HOST = '"${HOST:-0.0.0.0}"';
export const PORT = `"\${PORT:-${DEFAULT_PORT}}"`;
/**
 * Worker processes for servers that take the count as a flag: WEB_CONCURRENCY, else what the
 * glue's workers.py says the container's CPU quota allows (it never trusts os.cpu_count()).
 */
export const workers = (t: ServeTarget) =>
  `"\${WEB_CONCURRENCY:-$(python -m ${t.glue}.${WORKERS_MODULE})}"`;
/**
 * One shell word: `--access-log` unless ACCESS_LOG is 0, then `--no-access-log`, for the servers
 * whose access log is that pair of flags (uvicorn, granian). No inner quotes, so that the word
 * stays one for any quote-aware splitter; only the `no-` is switched, so that a README's or the
 * CLI's line that shows it still fits 80 columns.
 */
export const ACCESS_LOG_FLAG = '"--$(test ${ACCESS_LOG:-1} = 0 && echo no-)access-log"';
/** What a shell without `$(...)` (PowerShell) gets instead: the flag's default, on. */
export const ACCESS_LOG_ON = '--access-log';
/** Threads per WSGI worker process when WSGI_THREADS is unset: every WSGI server's default. */
export const WSGI_THREADS = 4;

/** `module:attr` for servers that import the app themselves. */
export const target = (t: ServeTarget) => `${t.app}:${t.attr}`;
/** `module:attr()` where the server calls a factory written that way. */
export const called = (t: ServeTarget) => `${t.app}:${t.attr}${t.factory ? '()' : ''}`;
export const factoryFlag = (t: ServeTarget) => (t.factory ? ['--factory'] : []);
/** The app as the glue's `proxied` module exports it. */
export const proxied = (t: ServeTarget, attr = 'app') => `${t.glue}.${GLUE.proxied}:${attr}`;
/** The glue's launcher, as `python -m` runs it. */
export const launcher = (t: ServeTarget) => `${t.glue}.${GLUE.launch}`;

/** argv as a shell line; words with no shell metacharacters stay bare. */
export function shellLine(argv: string[]): string {
  return argv
    .map((a) =>
      /^[\w@%+=:,./-]+$/.test(a) || /^"\$\{[A-Z_]+:-[^"]*\}"$/.test(a) || a === ACCESS_LOG_FLAG
        ? a
        : `'${a.replace(/'/g, `'\\''`)}'`,
    )
    .join(' ');
}

/** argv without the flags (and the value that follows each) an older release does not know. */
function without(argv: string[], omit: FlagSince[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const gone = omit.find((f) => f.flag === argv[i]);
    if (!gone) out.push(argv[i]);
    else if (gone.value) i++;
  }
  return out;
}

export function serveSpec(server: Server, t: ServeTarget): ServeSpec {
  const built = server.serve(t, server.gracefulTimeout);
  const { config = [] } = built;
  const cmd = without(built.cmd, t.omit);
  const dev = without(built.dev, t.omit);
  const line = shellLine(cmd);
  const needsShell = cmd.some((a) => a.includes('${'));
  return {
    argv: needsShell ? ['sh', '-c', `exec ${line}`] : cmd,
    line,
    dev: shellLine(dev),
    gracefulTimeout: server.gracefulTimeout,
    configFiles: config,
  };
}
