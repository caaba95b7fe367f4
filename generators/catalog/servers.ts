import { daphne } from './servers/daphne.js';
import { granian } from './servers/granian.js';
import { gunicornUvicorn } from './servers/gunicorn-uvicorn.js';
import { gunicorn } from './servers/gunicorn.js';
import { hypercorn } from './servers/hypercorn.js';
import { modWsgi } from './servers/mod_wsgi.js';
import { sanic } from './servers/sanic.js';
import { tornado } from './servers/tornado.js';
import { uvicorn } from './servers/uvicorn.js';
import { uwsgi } from './servers/uwsgi.js';
import { waitress } from './servers/waitress.js';
import type { Server } from './types.js';

/**
 * Every server, best first within an interface: one module each (its entry and its serve
 * command) beside its template folder, templates/servers/<id>/.
 */
export const SERVERS: Server[] = [
  uvicorn,
  gunicornUvicorn,
  hypercorn,
  daphne,
  gunicorn,
  uwsgi,
  waitress,
  modWsgi,
  granian,
  sanic,
  tornado,
];
