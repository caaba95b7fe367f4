import type { ServiceId } from '../catalog/drivers.js';
import type { ReadSetting } from '../catalog/env.js';
import type { Interface } from '../catalog/types.js';
import type { FoundDatabase } from './database.js';

/**
 * What `detect` reads from a project create-pyweb did not make, and what it concludes.
 * Pure data: `read.ts` fills a ProjectFiles from disk, `detect.ts` turns it into a Detected.
 */

/** Relative POSIX path -> file text, for the files detection reads. `present` lists other paths that exist (lock files, dirs). */
export interface ProjectFiles {
  text: Record<string, string>;
  present: string[];
  dirName: string;
  /** The folder where the walk ran out of time: it and what came after it were not read. */
  stoppedAt?: string;
}

/**
 * uv: uv.lock present; poetry: [tool.poetry] or poetry.lock; pip: PEP 621 pyproject [project]
 * without those; requirements: requirements.txt only (no pyproject [project]).
 */
export type Manager = 'uv' | 'poetry' | 'pdm' | 'pip' | 'requirements';

/** flat: app module is a top-level .py file; package: a top-level package dir; src: src/<pkg>/ */
export type Layout = 'flat' | 'package' | 'src';

export interface AppRef {
  /** import path from the import root: "app", "flaskr", "app.main", "mysite.wsgi", "hello.app" */
  module: string;
  /** "app", "application", "create_app", "api" */
  attr: string;
  /** attr is a zero-argument function returning the app (Flask create_app, FastAPI factory) */
  factory: boolean;
}

export interface DjangoInfo {
  /** "mysite.settings" (from manage.py's DJANGO_SETTINGS_MODULE default) */
  settings: string;
  /** "mysite.wsgi" module path if <proj>/wsgi.py exists */
  wsgi?: string;
  /** "mysite.asgi" */
  asgi?: string;
  /** settings.py sets STATIC_ROOT (so collectstatic can run) */
  staticRoot: boolean;
  /**
   * What a single settings file hard-codes that production must not run with, as written
   * (`DEBUG = True`, a literal SECRET_KEY, `ALLOWED_HOSTS = []`): a stock `startproject`.
   */
  unsafe?: string[];
}

/** e.g. { what: 'framework flask', where: 'app.py:3: app = Flask(__name__)' } */
export interface Evidence {
  what: string;
  where: string;
}

export interface Question {
  flag: '--framework' | '--app' | '--server';
  message: string;
  choices?: string[];
}

/** A variable the app reads from its environment, found in its source (the table's type). */
export type AppSetting = ReadSetting;

/** A service a driver among the dependencies talks to. */
export interface ServiceNeed {
  service: ServiceId;
  /** the driver's distribution name */
  dist: string;
  where: string;
}

export interface Detected {
  /** [project].name or [tool.poetry].name, else the folder name */
  name: string;
  /** a catalog id: fastapi django flask starlette litestar quart falcon bottle pyramid sanic tornado */
  framework?: string;
  /** for django: the wsgi module's `application` (or asgi when only asgi.py exists) */
  app?: AppRef;
  django?: DjangoInfo;
  /**
   * The interfaces the app itself can be served through, where that is fewer than the
   * framework's: a `falcon.App` is WSGI only, a Django project with only wsgi.py too.
   */
  interfaces?: Interface[];
  layout: Layout;
  /** the import root relative to the project root */
  srcDir: '' | 'src';
  manager: Manager;
  /**
   * a catalog server id already in use: gunicorn, uvicorn, gunicorn-uvicorn (gunicorn +
   * uvicorn-worker or uvicorn.workers), hypercorn, daphne, uwsgi, waitress, mod_wsgi, granian;
   * sanic/tornado only when the app is served by its own server
   */
  server?: string;
  /** a route found in the source that looks like a health check, under any prefix: /healthz, /api/health-check/, /livez, /ping, /status */
  healthPath?: string;
  /** a health route on a router whose prefix could not be read: not claimed, --health names it */
  healthUnread?: { where: string; prefix: string };
  /** settings the app reads from its environment */
  settings?: AppSetting[];
  /** services its drivers need (a database, a cache) */
  services?: ServiceNeed[];
  /** how it reaches PostgreSQL: its migration tool and the variable of the URL (`add postgres`) */
  database?: FoundDatabase;
  /** everything detected, with where: printed to the user before writing */
  evidence: Evidence[];
  /** ambiguities or failures, each settled by the named flag; empty when detection is certain */
  questions: Question[];
}

export interface Overrides {
  framework?: string;
  /** "module:attr" or "module:create_app()" */
  app?: string;
  server?: string;
}
