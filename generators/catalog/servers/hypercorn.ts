import { called, proxied } from '../../serve/spec.js';
import type { Server } from '../types.js';

export const hypercorn: Server = {
  id: 'hypercorn',
  label: 'Hypercorn',
  hint: 'ASGI with HTTP/2, on asyncio or trio',
  serves: ['asgi'],
  websocket: ['asgi'],
  // h2c by Upgrade on plain HTTP, h2 over TLS.
  http2: true,
  http3: true,
  home: 'quart',
  lifespan: true,
  windows: true,
  apache: false,
  proxyHeaders: 'project',
  accessLogFormat:
    "the common log format (`host ident user [time] \"request\" status bytes`) as far as Hypercorn's fields go: the host is the peer's address and port (a proxy's behind one), and the request ends in the bare HTTP version (`1.1`)",
  gracefulTimeout: 30,
  // One worker process (an event loop) per CPU of the quota, from hypercorn_conf.py.
  workers: 'processes',
  requires: ['hypercorn'],
  buildDeps: [],
  runtimeDeps: [],
  callsFactory: true,
  detect: { dists: ['hypercorn'], commands: ['hypercorn'] },
  serve: (t) => ({
    // proxied.py wraps the app in proxy-header handling: hypercorn has no setting for it.
    cmd: ['hypercorn', '--config', 'file:hypercorn_conf.py', proxied(t)],
    dev: ['hypercorn', '--reload', called(t)],
    config: ['hypercorn_conf.py'],
  }),
};
