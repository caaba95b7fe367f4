import { launcher } from '../../serve/spec.js';
import type { Server } from '../types.js';

export const waitress: Server = {
  id: 'waitress',
  label: 'Waitress',
  hint: 'pure-Python threaded WSGI server; runs on Windows',
  serves: ['wsgi'],
  websocket: [],
  http2: false,
  http3: false,
  lifespan: false,
  windows: true,
  apache: false,
  proxyHeaders: 'project',
  gracefulTimeout: 30,
  // One process with WSGI_THREADS threads: waitress has no worker processes, so WEB_CONCURRENCY
  // does not apply. The GIL keeps one process near one CPU: more CPUs mean more containers.
  workers: 'none',
  requires: ['waitress'],
  buildDeps: [],
  runtimeDeps: [],
  untypedImports: ['waitress', 'waitress.*'],
  callsFactory: true,
  detect: { dists: ['waitress'], commands: ['waitress', 'waitress-serve'] },
  serve: (t) => ({
    // A small launcher: waitress reads no environment and, as PID 1, would ignore SIGTERM.
    cmd: ['python', '-m', launcher(t)],
    dev: ['python', '-m', launcher(t)],
  }),
};
