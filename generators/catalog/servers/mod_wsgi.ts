import { launcher } from '../../serve/spec.js';
import type { Server } from '../types.js';

export const modWsgi: Server = {
  id: 'mod_wsgi',
  label: 'mod_wsgi (Apache)',
  hint: 'WSGI inside Apache httpd, via mod_wsgi-express or an existing Apache',
  serves: ['wsgi'],
  websocket: [],
  http2: false,
  http3: false,
  lifespan: false,
  // mod_wsgi-express start-server, which the generated project runs, is not available on Windows.
  windows: false,
  apache: true,
  proxyHeaders: 'server',
  gracefulTimeout: 30,
  // mod_wsgi-express --processes: one per CPU of the quota, each with WSGI_THREADS threads
  // (launch.py).
  workers: 'processes',
  requires: ['mod_wsgi'],
  buildDeps: ['build-essential', 'apache2-dev'],
  runtimeDeps: ['apache2'],
  tmpUse: "mod_wsgi-express's server root",
  // mod_wsgi takes a module's attribute: it calls no factory (a created project's glue does).
  callsFactory: false,
  detect: { dists: ['mod-wsgi'], commands: ['mod_wsgi-express', 'mod_wsgi'] },
  serve: (t) => ({
    // A launcher in front of mod_wsgi-express: FORWARDED_ALLOW_IPS ("a,b" or "*") must become one
    // --trust-proxy per address (or none), root needs --user/--group, and httpd finishes requests
    // in flight only on SIGWINCH, so the launcher turns SIGTERM into it.
    cmd: ['python', '-m', launcher(t)],
    dev: ['python', '-m', launcher(t), '--reload-on-changes'],
  }),
};
