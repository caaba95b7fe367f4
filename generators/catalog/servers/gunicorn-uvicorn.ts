import { called, factoryFlag, target } from '../../serve/spec.js';
import type { Server } from '../types.js';

export const gunicornUvicorn: Server = {
  id: 'gunicorn-uvicorn',
  label: 'Gunicorn + Uvicorn workers',
  hint: 'gunicorn process management around uvicorn workers (uvicorn-worker)',
  serves: ['asgi'],
  websocket: ['asgi'],
  // The workers are uvicorn's, which speak HTTP/1.1 only.
  http2: false,
  http3: false,
  lifespan: true,
  // gunicorn is the parent: it imports fcntl, which Windows lacks.
  windows: false,
  apache: false,
  proxyHeaders: 'server',
  accessLogFormat:
    'uvicorn\'s own format (`address - "request" status`): its workers ignore gunicorn\'s `access_log_format`',
  gracefulTimeout: 30,
  // One uvicorn worker (an event loop) per CPU of the quota.
  workers: 'processes',
  requires: ['gunicorn', 'uvicorn', 'uvicorn-worker'],
  buildDeps: [],
  runtimeDeps: [],
  gunicorn: {
    workerClass: 'uvicorn_worker.UvicornWorker',
    note: 'uvicorn.workers is deprecated; the worker lives on in the uvicorn-worker package.',
  },
  sharedLayers: ['gunicorn'],
  callsFactory: true,
  detect: {
    worker: {
      base: 'gunicorn',
      marker: /uvicorn\.workers|uvicorn_worker|UvicornWorker/,
      dists: ['uvicorn-worker'],
      absorbs: ['uvicorn'],
    },
  },
  serve: (t) => ({
    // gunicorn calls a factory written as `module:create_app()`.
    cmd: ['gunicorn', '--config', 'gunicorn.conf.py', called(t)],
    dev: ['uvicorn', target(t), ...factoryFlag(t), '--reload'],
    config: ['gunicorn.conf.py'],
  }),
};
