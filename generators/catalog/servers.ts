import type { Server } from './types.js';

export const SERVERS: Server[] = [
  {
    id: 'uvicorn', label: 'Uvicorn', hint: 'the standard ASGI server; --workers for processes',
    serves: ['asgi'], websocket: ['asgi'], http2: false, http3: false, lifespan: true, windows: true, apache: false,
    proxyHeaders: 'server', gracefulTimeout: 30, requires: ['uvicorn'], buildDeps: [], runtimeDeps: [],
  },
  {
    id: 'gunicorn-uvicorn', label: 'Gunicorn + Uvicorn workers',
    hint: 'gunicorn process management around uvicorn workers (uvicorn-worker)',
    serves: ['asgi'], websocket: ['asgi'], http2: false, http3: false, lifespan: true, windows: false, apache: false,
    proxyHeaders: 'server', gracefulTimeout: 30, requires: ['gunicorn', 'uvicorn', 'uvicorn-worker'], buildDeps: [], runtimeDeps: [],
  },
  {
    id: 'hypercorn', label: 'Hypercorn', hint: 'ASGI with HTTP/2, on asyncio or trio',
    serves: ['asgi'], websocket: ['asgi'], http2: true, http3: true, home: 'quart', lifespan: true, windows: true, apache: false,
    proxyHeaders: 'project', gracefulTimeout: 30, requires: ['hypercorn'], buildDeps: [], runtimeDeps: [],
  },
  {
    id: 'daphne', label: 'Daphne', hint: 'the Django Channels ASGI server; no lifespan support',
    serves: ['asgi'], websocket: ['asgi'], http2: false, http3: false, lifespan: false, windows: true, apache: false,
    proxyHeaders: 'project', gracefulTimeout: 30,
    shutdownNote: 'Daphne does not drain: on SIGTERM it cancels requests in flight at once. Keep requests short, or move long work to a queue.',
    requires: ['daphne'], buildDeps: [], runtimeDeps: [],
  },
  {
    id: 'gunicorn', label: 'Gunicorn', hint: 'the standard pre-fork WSGI server (sync or threaded workers)',
    serves: ['wsgi'], websocket: [], http2: false, http3: false, lifespan: false, windows: false, apache: false,
    proxyHeaders: 'project', gracefulTimeout: 30, requires: ['gunicorn'], buildDeps: [], runtimeDeps: [],
  },
  {
    id: 'uwsgi', label: 'uWSGI', hint: 'the C WSGI server with many knobs; speaks uwsgi to nginx',
    serves: ['wsgi'], websocket: [], http2: false, http3: false, lifespan: false, windows: false, apache: false,
    proxyHeaders: 'project', gracefulTimeout: 30, requires: ['uwsgi'], buildDeps: ['build-essential'], runtimeDeps: [],
  },
  {
    id: 'waitress', label: 'Waitress', hint: 'pure-Python threaded WSGI server; runs on Windows',
    serves: ['wsgi'], websocket: [], http2: false, http3: false, lifespan: false, windows: true, apache: false,
    proxyHeaders: 'project', gracefulTimeout: 30, requires: ['waitress'], buildDeps: [], runtimeDeps: [],
  },
  {
    id: 'mod_wsgi', label: 'mod_wsgi (Apache)', hint: 'WSGI inside Apache httpd, via mod_wsgi-express or an existing Apache',
    serves: ['wsgi'], websocket: [], http2: false, http3: false, lifespan: false, windows: false, apache: true,
    proxyHeaders: 'server', gracefulTimeout: 30, requires: ['mod_wsgi'], buildDeps: ['build-essential', 'apache2-dev'], runtimeDeps: ['apache2'],
  },
  {
    id: 'granian', label: 'Granian', hint: 'Rust HTTP server for WSGI and ASGI; HTTP/2',
    serves: ['asgi', 'wsgi'], websocket: ['asgi'], http2: true, http3: false, lifespan: true, windows: true, apache: false,
    proxyHeaders: 'server', gracefulTimeout: 30, requires: ['granian'], devRequires: ['granian-reload'], buildDeps: [], runtimeDeps: [],
  },
  {
    id: 'sanic', label: 'Sanic server', hint: 'Sanic\'s own multi-process server',
    serves: ['sanic'], websocket: ['sanic'], http2: false, http3: false, lifespan: true, windows: true, apache: false,
    proxyHeaders: 'project', gracefulTimeout: 15, requires: [], buildDeps: [], runtimeDeps: [],
  },
  {
    id: 'tornado', label: 'Tornado server', hint: 'Tornado\'s own HTTPServer, one process per container',
    serves: ['tornado'], websocket: ['tornado'], http2: false, http3: false, lifespan: false, windows: true, apache: false,
    proxyHeaders: 'project', gracefulTimeout: 30, requires: [], buildDeps: [], runtimeDeps: [],
  },
];
