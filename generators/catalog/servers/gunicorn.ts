import { proxied } from '../../serve/spec.js';
import type { Server } from '../types.js';

export const gunicorn: Server = {
  id: 'gunicorn',
  label: 'Gunicorn',
  hint: 'the standard pre-fork WSGI server (sync or threaded workers)',
  serves: ['wsgi'],
  websocket: [],
  // Beta since gunicorn 25: h2 over TLS with gunicorn[http2] and gthread workers.
  http2: true,
  http3: false,
  lifespan: false,
  // gunicorn is a UNIX server: it imports fcntl, which Windows lacks.
  windows: false,
  apache: false,
  proxyHeaders: 'project',
  gracefulTimeout: 30,
  // gthread workers: one process per CPU of the quota, each with WSGI_THREADS threads, rather
  // than gunicorn's 2 x CPUs + 1 for single-threaded sync workers (threads already overlap I/O,
  // and each process is another copy of the app in memory).
  workers: 'processes',
  requires: ['gunicorn'],
  buildDeps: [],
  runtimeDeps: [],
  gunicorn: {
    workerClass: 'gthread',
    threads: true,
    note: 'Threaded workers: a request waiting on I/O no longer blocks the whole process.',
  },
  sharedLayers: ['gunicorn'],
  callsFactory: true,
  detect: { dists: ['gunicorn'], commands: ['gunicorn'], configs: ['gunicorn.conf.py'] },
  serve: (t) => ({
    // proxied.py wraps the app: gunicorn's own proxy trust fixes the scheme but not REMOTE_ADDR.
    cmd: ['gunicorn', '--config', 'gunicorn.conf.py', proxied(t)],
    dev: ['gunicorn', '--config', 'gunicorn.conf.py', '--reload', proxied(t)],
    config: ['gunicorn.conf.py'],
  }),
};
