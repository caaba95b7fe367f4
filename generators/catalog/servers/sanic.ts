import { HOST, PORT, factoryFlag, target, workers } from '../../serve/spec.js';
import type { Server } from '../types.js';

export const sanic: Server = {
  id: 'sanic',
  label: 'Sanic server',
  hint: "Sanic's own multi-process server",
  serves: ['sanic'],
  websocket: ['sanic'],
  http2: false,
  http3: false,
  lifespan: true,
  // Several workers on Windows too since Sanic 22.9, which starts them with spawn.
  windows: true,
  apache: false,
  proxyHeaders: 'project',
  accessLogFormat: "Sanic's own format (time, host, method and URL, status, size)",
  gracefulTimeout: 15,
  // --workers: one per CPU of the quota (Sanic's --fast would use os.cpu_count(), the host's).
  workers: 'processes',
  requires: [],
  buildDeps: [],
  runtimeDeps: [],
  callsFactory: true,
  // Its distribution is the framework's: only a command line says its own server runs.
  detect: { commands: ['sanic'] },
  serve: (t) => ({
    // Access log, graceful timeout and proxy trust are app config (app.py), so SANIC_* env vars
    // can still override them; a flag here would win over both.
    cmd: [
      'sanic',
      target(t),
      ...factoryFlag(t),
      '--host',
      HOST,
      '--port',
      PORT,
      '--workers',
      workers(t),
    ],
    dev: ['sanic', target(t), ...factoryFlag(t), '--dev'],
  }),
};
