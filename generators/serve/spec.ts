import type { Interface } from '../catalog/index.js';

/** What a server needs to know about the app it serves. */
export interface ServeTarget {
  /** Import path of the module that holds the app: `shop.app`, `mysite.wsgi`, `app`. */
  app: string;
  /** The app's attribute in that module; with `factory`, a function that returns the app. */
  attr: string;
  factory: boolean;
  /** The package holding the serving glue (serve.py): the project package when we made it. */
  glue: string;
  interface: Interface;
  /** A project create-pyweb made (Tornado's launcher is its package's __main__). */
  created: boolean;
}

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

export const DEFAULT_PORT = 8000;
const HOST = '"${HOST:-0.0.0.0}"';
const PORT = `"\${PORT:-${DEFAULT_PORT}}"`;
const WORKERS = '"${WEB_CONCURRENCY:-1}"';

type Builder = (t: ServeTarget, graceful: number) => { cmd: string[]; dev: string[]; config?: string[] };

/** `module:attr` for servers that import the app themselves; a factory is called where they can call it. */
const target = (t: ServeTarget) => `${t.app}:${t.attr}`;
const called = (t: ServeTarget) => `${t.app}:${t.attr}${t.factory ? '()' : ''}`;
const factoryFlag = (t: ServeTarget) => (t.factory ? ['--factory'] : []);

const BUILDERS: Record<string, Builder> = {
  uvicorn: (t, g) => ({
    // uvicorn reads WEB_CONCURRENCY and FORWARDED_ALLOW_IPS itself; only host and port need the shell.
    cmd: ['uvicorn', target(t), ...factoryFlag(t), '--host', HOST, '--port', PORT, '--proxy-headers',
      '--timeout-keep-alive', '75', '--timeout-graceful-shutdown', String(g)],
    dev: ['uvicorn', target(t), ...factoryFlag(t), '--reload'],
  }),
  'gunicorn-uvicorn': (t) => ({
    // gunicorn calls a factory written as `module:create_app()`.
    cmd: ['gunicorn', '--config', 'gunicorn.conf.py', called(t)],
    dev: ['uvicorn', target(t), ...factoryFlag(t), '--reload'],
    config: ['gunicorn.conf.py'],
  }),
  gunicorn: (t) => ({
    // serve.py wraps the app: gunicorn's own proxy trust fixes the scheme but not REMOTE_ADDR.
    cmd: ['gunicorn', '--config', 'gunicorn.conf.py', `${t.glue}.serve:app`],
    dev: ['gunicorn', '--config', 'gunicorn.conf.py', '--reload', `${t.glue}.serve:app`],
    config: ['gunicorn.conf.py'],
  }),
  hypercorn: (t) => ({
    // serve.py wraps the app in proxy-header handling: hypercorn has no setting for it.
    cmd: ['hypercorn', '--config', 'file:hypercorn_conf.py', `${t.glue}.serve:app`],
    dev: ['hypercorn', '--reload', called(t)],
    config: ['hypercorn_conf.py'],
  }),
  daphne: (t, g) => ({
    // Not daphne's --proxy-headers: it believes any peer and takes the FIRST X-Forwarded-For
    // entry, which the client writes. serve.py applies FORWARDED_ALLOW_IPS instead.
    // On SIGTERM it exits 0 at once, cancelling in-flight requests: daphne has no drain.
    cmd: ['daphne', '--bind', HOST, '--port', PORT, '--access-log', '-',
      '--application-close-timeout', String(g), `${t.glue}.serve:app`],
    dev: ['daphne', t.factory ? `${t.glue}.serve:app` : target(t)],
  }),
  granian: (t, g) => ({
    // granian defaults to its own RSGI interface: the interface must always be named.
    // serve.py wraps the app with granian's proxy-header middleware (granian has no flag for it).
    // On WSGI, blocking threads are the Python threads running requests: granian's default (half
    // the backpressure, 512 for one worker) is far more than a sync app should run at once.
    cmd: ['granian', '--interface', t.interface, '--host', HOST, '--port', PORT,
      '--workers', WORKERS, ...(t.interface === 'wsgi' ? ['--blocking-threads', '"${WSGI_THREADS:-4}"'] : []),
      '--access-log', '--workers-kill-timeout', String(g), `${t.glue}.serve:app`],
    dev: ['granian', '--interface', t.interface, '--reload', `${t.glue}.serve:app`],
  }),
  uwsgi: () => ({
    cmd: ['uwsgi', '--ini', 'uwsgi.ini'],
    dev: ['uwsgi', '--ini', 'uwsgi.ini', '--py-autoreload', '1'],
    config: ['uwsgi.ini'],
  }),
  waitress: (t) => ({
    // A small launcher: waitress reads no environment and, as PID 1, would ignore SIGTERM.
    cmd: ['python', '-m', `${t.glue}.serve`],
    dev: ['python', '-m', `${t.glue}.serve`],
  }),
  mod_wsgi: (t) => ({
    // A launcher in front of mod_wsgi-express: FORWARDED_ALLOW_IPS ("a,b" or "*") must become one
    // --trust-proxy per address (or none), root needs --user/--group, and httpd finishes requests
    // in flight only on SIGWINCH, so the launcher turns SIGTERM into it.
    cmd: ['python', '-m', `${t.glue}.serve`],
    dev: ['python', '-m', `${t.glue}.serve`, '--reload-on-changes'],
  }),
  sanic: (t) => ({
    // Access log, graceful timeout and proxy trust are app config (app.py), so SANIC_* env vars
    // can still override them; a flag here would win over both.
    cmd: ['sanic', target(t), ...factoryFlag(t), '--host', HOST, '--port', PORT, '--workers', WORKERS],
    dev: ['sanic', target(t), ...factoryFlag(t), '--dev'],
  }),
  tornado: (t) => ({
    // The package's __main__ reads HOST, PORT, WEB_CONCURRENCY and FORWARDED_ALLOW_IPS itself.
    // A project of its own runs as its app module, which starts its own server.
    cmd: ['python', '-m', t.created ? t.glue : t.app],
    dev: ['python', '-m', t.created ? t.glue : t.app, ...(t.created ? ['--debug'] : [])],
  }),
};

export function hasServeSpec(serverId: string): boolean {
  return serverId in BUILDERS;
}

/** argv as a shell line; words with no shell metacharacters stay bare. */
export function shellLine(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) || /^"\$\{[A-Z_]+:-[^"]*\}"$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function serveSpec(serverId: string, t: ServeTarget, gracefulTimeout: number): ServeSpec {
  const build = BUILDERS[serverId];
  if (!build) throw new Error(`no serve spec for server ${serverId}`);
  const { cmd, dev, config = [] } = build(t, gracefulTimeout);
  const line = shellLine(cmd);
  const needsShell = cmd.some((a) => a.includes('${'));
  return {
    argv: needsShell ? ['sh', '-c', `exec ${line}`] : cmd,
    line,
    dev: shellLine(dev),
    gracefulTimeout,
    configFiles: config,
  };
}
