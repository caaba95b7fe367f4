import { HOST, PORT, accessLogSwitch, proxied, target } from '../../serve/spec.js';
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
    'Daphne does not drain: on SIGTERM it cancels requests in flight at once. Keep requests short, or move long work to a queue.',
  requires: ['daphne'],
  buildDeps: [],
  runtimeDeps: [],
  callsFactory: true,
  detect: { dists: ['daphne'], commands: ['daphne'] },
  serve: (t, g) => ({
    // Not daphne's --proxy-headers: it believes any peer and takes the FIRST X-Forwarded-For
    // entry, which the client writes. proxied.py applies FORWARDED_ALLOW_IPS instead.
    // On SIGTERM it exits 0 at once, cancelling in-flight requests: daphne has no drain.
    cmd: [
      'daphne',
      '--bind',
      HOST,
      '--port',
      PORT,
      // Daphne writes the common log format (the request without its protocol); with no
      // --access-log it logs to stdout anyway, so off is /dev/null.
      '--access-log',
      accessLogSwitch('-', '/dev/null'),
      '--application-close-timeout',
      String(g),
      proxied(t),
    ],
    dev: ['daphne', t.factory ? proxied(t) : target(t)],
  }),
};
