import type { Server } from '../types.js';

export const uwsgi: Server = {
  id: 'uwsgi',
  label: 'uWSGI',
  hint: 'the C WSGI server with many knobs; speaks uwsgi to nginx',
  serves: ['wsgi'],
  websocket: [],
  http2: false,
  http3: false,
  lifespan: false,
  // Builds on Windows only under Cygwin.
  windows: false,
  apache: false,
  proxyHeaders: 'project',
  gracefulTimeout: 30,
  // processes: one per CPU of the quota, each with WSGI_THREADS threads (uwsgi.ini).
  workers: 'processes',
  requires: ['uwsgi'],
  buildDeps: ['build-essential'],
  runtimeDeps: [],
  // nginx speaks uWSGI's binary protocol (uwsgi_pass) to a second socket; the HTTP one stays for
  // health checks and for running without nginx.
  upstream: { protocol: 'uwsgi', port: 3031, socketEnv: 'UWSGI_SOCKET' },
  // uwsgi.ini names the app (the glue's proxied:application).
  callsFactory: true,
  detect: { dists: ['uwsgi', 'pyuwsgi'], commands: ['uwsgi'], configs: ['uwsgi.ini'] },
  serve: () => ({
    cmd: ['uwsgi', '--ini', 'uwsgi.ini'],
    dev: ['uwsgi', '--ini', 'uwsgi.ini', '--py-autoreload', '1'],
    config: ['uwsgi.ini'],
  }),
};
