import type { Server } from '../types.js';

export const tornado: Server = {
  id: 'tornado',
  label: 'Tornado server',
  hint: "Tornado's own HTTPServer, forking WEB_CONCURRENCY worker processes",
  serves: ['tornado'],
  websocket: ['tornado'],
  http2: false,
  http3: false,
  lifespan: false,
  // The generated __main__ forks workers (os.fork) and stops on loop.add_signal_handler, neither
  // of which Windows has; Tornado's docs call Windows unsupported for production, multi-process
  // mode included.
  windows: false,
  apache: false,
  proxyHeaders: 'project',
  accessLogFormat:
    'the common log format (`host ident user [time] "request" status bytes`), with `-` for the size, which Tornado does not tell its log function',
  gracefulTimeout: 30,
  // The generated __main__ forks one process per CPU of the quota (fork_workers).
  workers: 'processes',
  requires: [],
  buildDeps: [],
  runtimeDeps: [],
  callsFactory: true,
  // Found as the framework's own server (the framework's detect.ownServer).
  detect: {},
  serve: (t) => ({
    // The package's __main__ reads HOST, PORT, WEB_CONCURRENCY and FORWARDED_ALLOW_IPS itself.
    // A project of its own runs as its app module, which starts its own server.
    cmd: ['python', '-m', t.created ? t.glue : t.app],
    dev: ['python', '-m', t.created ? t.glue : t.app, ...(t.created ? ['--debug'] : [])],
  }),
};
