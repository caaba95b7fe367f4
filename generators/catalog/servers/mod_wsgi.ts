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
  productionNote:
    "Started as root, the launcher has httpd run the app as another user (httpd refuses root): `MOD_WSGI_USER` and `MOD_WSGI_GROUP`, else the invoking user under sudo, else the image's user 10001. That user must be able to read Python, the venv and the project: with any of them under `/root` (mode 700) every request would time out, so the launcher stops and says so. Run it as an ordinary user, as the image does.",
  shutdownNote:
    "httpd finishes requests in flight only on SIGWINCH and stops at once on SIGTERM, so the launcher turns the SIGTERM it gets into SIGWINCH. It runs httpd in a session of its own, so that `kill -- -PGID` reaches the launcher alone; systemd signals every process of the service's cgroup whatever its session, so under systemd set `KillMode=mixed` (SIGTERM to the launcher only) and `TimeoutStopSec` above 30 s.",
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
