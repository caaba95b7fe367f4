import { HOST, PORT, ACCESS_LOG_FLAG, factoryFlag, target, workers } from '../../serve/spec.js';
import type { Server } from '../types.js';

export const uvicorn: Server = {
  id: 'uvicorn',
  label: 'Uvicorn',
  hint: 'the standard ASGI server; --workers for processes',
  serves: ['asgi'],
  websocket: ['asgi'],
  http2: false,
  http3: false,
  lifespan: true,
  windows: true,
  apache: false,
  proxyHeaders: 'server',
  accessLogFormat:
    'uvicorn\'s own format (`address - "request" status`): it takes another only as a whole logging configuration',
  gracefulTimeout: 30,
  // --workers: one process (an event loop) per CPU of the quota. At 1, uvicorn runs without its
  // supervisor process.
  workers: 'processes',
  requires: ['uvicorn'],
  buildDeps: [],
  runtimeDeps: [],
  callsFactory: true,
  detect: { dists: ['uvicorn'], commands: ['uvicorn'] },
  // uvicorn's release notes: --factory came in 0.13.0 (#875), --timeout-graceful-shutdown in 0.22.0 (#1950).
  flagsSince: {
    dist: 'uvicorn',
    flags: [
      {
        flag: '--timeout-graceful-shutdown',
        since: '0.22.0',
        value: true,
        what: 'open connections are not cut after the grace period; the container stop timeout ends them',
      },
      {
        flag: '--factory',
        since: '0.13.0',
        value: false,
        what: 'the factory would be taken for the app',
        essential: true,
      },
    ],
  },
  serve: (t, g) => ({
    // uvicorn reads FORWARDED_ALLOW_IPS itself. It reads WEB_CONCURRENCY too, but with 1 for
    // unset: --workers gives it the container's CPUs then.
    cmd: [
      'uvicorn',
      target(t),
      ...factoryFlag(t),
      '--host',
      HOST,
      '--port',
      PORT,
      '--workers',
      workers(t),
      '--proxy-headers',
      // Its own format (address, request line, status): uvicorn takes no format but a whole
      // logging config file.
      ACCESS_LOG_FLAG,
      '--timeout-keep-alive',
      '75',
      '--timeout-graceful-shutdown',
      String(g),
    ],
    dev: ['uvicorn', target(t), ...factoryFlag(t), '--reload'],
  }),
};
