import type { Interface } from '../catalog/index.js';

/** What a server needs to know about the app it serves. */
export interface ServeTarget {
  /** Python import package of the project. */
  pkg: string;
  /** `module:callable` inside the package, e.g. `app:app`, `asgi:application`. */
  entry: string;
  interface: Interface;
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

const target = (t: ServeTarget) => `${t.pkg}.${t.entry}`;

const BUILDERS: Record<string, Builder> = {
  uvicorn: (t, g) => ({
    // uvicorn reads WEB_CONCURRENCY and FORWARDED_ALLOW_IPS itself; only host and port need the shell.
    cmd: ['uvicorn', target(t), '--host', HOST, '--port', PORT, '--proxy-headers',
      '--timeout-keep-alive', '75', '--timeout-graceful-shutdown', String(g)],
    dev: ['uvicorn', target(t), '--reload'],
  }),
  'gunicorn-uvicorn': (t) => ({
    cmd: ['gunicorn', '--config', 'gunicorn.conf.py', target(t)],
    dev: ['uvicorn', target(t), '--reload'],
    config: ['gunicorn.conf.py'],
  }),
  gunicorn: (t) => ({
    cmd: ['gunicorn', '--config', 'gunicorn.conf.py', target(t)],
    dev: ['gunicorn', '--config', 'gunicorn.conf.py', '--reload', target(t)],
    config: ['gunicorn.conf.py'],
  }),
  hypercorn: (t) => ({
    cmd: ['hypercorn', '--config', 'file:hypercorn_conf.py', target(t)],
    dev: ['hypercorn', '--reload', target(t)],
    config: ['hypercorn_conf.py'],
  }),
  daphne: (t, g) => ({
    // daphne's --proxy-headers trusts any peer: keep it behind the proxy, never public.
    cmd: ['daphne', '--bind', HOST, '--port', PORT, '--proxy-headers', '--access-log', '-',
      '--application-close-timeout', String(g), target(t)],
    dev: ['daphne', target(t)],
  }),
  granian: (t, g) => ({
    // granian defaults to its own RSGI interface: the interface must always be named.
    cmd: ['granian', '--interface', t.interface, '--host', HOST, '--port', PORT,
      '--workers', WORKERS, '--access-log', '--workers-kill-timeout', String(g), target(t)],
    dev: ['granian', '--interface', t.interface, '--reload', target(t)],
  }),
  uwsgi: () => ({
    cmd: ['uwsgi', '--ini', 'uwsgi.ini'],
    dev: ['uwsgi', '--ini', 'uwsgi.ini', '--py-autoreload', '1'],
    config: ['uwsgi.ini'],
  }),
  waitress: (t) => ({
    // A small launcher: waitress reads no environment and, as PID 1, would ignore SIGTERM.
    cmd: ['python', '-m', `${t.pkg}.serve`],
    dev: ['python', '-m', `${t.pkg}.serve`],
  }),
  mod_wsgi: (t, g) => ({
    cmd: ['mod_wsgi-express', 'start-server', `${t.pkg}/wsgi_entry.py`, '--host', HOST, '--port', PORT,
      '--processes', WORKERS, '--threads', '"${WSGI_THREADS:-8}"', '--server-root', '"${MOD_WSGI_SERVER_ROOT:-/tmp/mod_wsgi}"',
      '--log-to-terminal', '--access-log', '--graceful-timeout', String(g),
      '--trust-proxy', '"${FORWARDED_ALLOW_IPS:-127.0.0.1}"', '--trust-proxy-header', 'X-Forwarded-For',
      '--trust-proxy-header', 'X-Forwarded-Proto', '--trust-proxy-header', 'X-Forwarded-Host'],
    dev: ['mod_wsgi-express', 'start-server', `${t.pkg}/wsgi_entry.py`, '--reload-on-changes'],
  }),
  sanic: (t) => ({
    cmd: ['sanic', target(t), '--host', HOST, '--port', PORT, '--workers', WORKERS],
    dev: ['sanic', target(t), '--dev'],
  }),
  tornado: (t) => ({
    cmd: ['python', '-m', t.pkg],
    dev: ['python', '-m', t.pkg, '--debug'],
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
