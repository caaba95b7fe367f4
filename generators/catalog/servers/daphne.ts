import { HOST, PORT, launcher, proxied, target } from '../../serve/spec.js';
import type { Server } from '../types.js';

export const daphne: Server = {
  id: 'daphne',
  label: 'Daphne',
  hint: 'the Django Channels ASGI server; no lifespan support',
  serves: ['asgi'],
  websocket: ['asgi'],
  // Over TLS, with Twisted's http2 and tls extras (daphne's README).
  http2: true,
  http3: false,
  lifespan: false,
  windows: true,
  apache: false,
  proxyHeaders: 'project',
  accessLogFormat:
    "the common log format, Daphne's own, with the request line's method and path but not its protocol, and the proxy's address behind one",
  gracefulTimeout: 30,
  // One process on Twisted's reactor: daphne has no worker processes, so WEB_CONCURRENCY does not
  // apply. More CPUs mean more containers (replicas).
  workers: 'none',
  shutdownNote:
    'Daphne itself does not drain: on SIGTERM it cancels requests in flight at once. So the command runs it through the launcher (`launch.py`, the same options), which on SIGTERM stops listening, closes WebSockets (1001, going away) and lets requests in flight finish before it exits.',
  requires: ['daphne'],
  untypedImports: ['daphne', 'daphne.*'],
  buildDeps: [],
  runtimeDeps: [],
  callsFactory: true,
  detect: { dists: ['daphne'], commands: ['daphne'] },
  serve: (t, g) => ({
    // Not daphne's --proxy-headers: it believes any peer and takes the FIRST X-Forwarded-For
    // entry, which the client writes. proxied.py applies FORWARDED_ALLOW_IPS instead.
    // daphne's own command exits 0 at once on SIGTERM, cancelling in-flight requests: the
    // launcher runs daphne's command line with a server that drains first (launch.py).
    cmd: [
      'python',
      '-m',
      launcher(t),
      '--bind',
      HOST,
      '--port',
      PORT,
      // Daphne writes the common log format (the request without its protocol); the launcher
      // turns it off when ACCESS_LOG=0, so the command stays one plain line.
      '--access-log',
      '-',
      '--application-close-timeout',
      String(g),
      proxied(t),
    ],
    dev: ['daphne', t.factory ? proxied(t) : target(t)],
  }),
};
