import { HOST, PORT, WSGI_THREADS, ACCESS_LOG_FLAG, proxied, workers } from '../../serve/spec.js';
import type { Server } from '../types.js';

export const granian: Server = {
  id: 'granian',
  label: 'Granian',
  hint: 'Rust HTTP server for WSGI and ASGI; HTTP/2',
  serves: ['asgi', 'wsgi'],
  websocket: ['asgi'],
  http2: true,
  http3: false,
  lifespan: true,
  windows: true,
  apache: false,
  proxyHeaders: 'server',
  accessLogFormat:
    "the common log format's layout as far as granian's fields go: its own time format, the path without the query, and `-` for the size",
  gracefulTimeout: 30,
  // --workers: one process per CPU of the quota (its Rust runtime threads stay at granian's
  // defaults).
  workers: 'processes',
  requires: ['granian'],
  devRequires: ['granian-reload'],
  buildDeps: [],
  runtimeDeps: [],
  // Granian 2.8: shutdown() exits 1 if any worker ended before the main process marked it as
  // stopping, which a worker that heard the group's SIGTERM itself sometimes does first.
  groupStopRace: {
    exitCode: 1,
    marker: 'Unexpected exit from worker',
    why: "a worker's own SIGTERM ended it before Granian's main process stopped it",
  },
  callsFactory: true,
  detect: { dists: ['granian'], commands: ['granian'] },
  serve: (t, g) => ({
    // granian defaults to its own RSGI interface: the interface must always be named.
    // proxied.py wraps the app with granian's proxy-header middleware (granian has no flag for it).
    // On WSGI, blocking threads are the Python threads running requests: granian's default (half
    // the backpressure, 512 for one worker) is far more than a sync app should run at once.
    cmd: [
      'granian',
      '--interface',
      t.interface,
      '--host',
      HOST,
      '--port',
      PORT,
      '--workers',
      workers(t),
      ...(t.interface === 'wsgi'
        ? ['--blocking-threads', `"\${WSGI_THREADS:-${WSGI_THREADS}}"`]
        : []),
      ACCESS_LOG_FLAG,
      // The common log format as far as granian's atoms go: no response size, its own time.
      '--access-log-fmt',
      '%(addr)s - - [%(time)s] "%(method)s %(path)s %(protocol)s" %(status)d -',
      '--workers-kill-timeout',
      String(g),
      proxied(t),
    ],
    dev: ['granian', '--interface', t.interface, '--reload', proxied(t)],
  }),
};
