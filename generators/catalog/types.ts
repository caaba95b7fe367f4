import type { ProjectShape } from '../project/shape.js';
import type { DevelopStep } from '../serve/develop.js';
import type { ServeBuilder } from '../serve/spec.js';
import type { EnvVar } from './env.js';

/**
 * How an app is handed to a server. `sanic` and `tornado` are the frameworks' own servers:
 * modelling them as interfaces lets one rule (a pair works when both sides speak the same
 * interface) cover every pair, with no hand-written list.
 */
export type Interface = 'wsgi' | 'asgi' | 'sanic' | 'tornado';

export const INTERFACE_LABEL: Record<Interface, string> = {
  wsgi: 'WSGI',
  asgi: 'ASGI',
  sanic: "Sanic's own server",
  tornado: "Tornado's own server",
};

/**
 * Whether the interface runs the app on an event loop. WSGI has none: the server calls the app
 * once per request, in a worker thread or process.
 */
export const EVENT_LOOP: Record<Interface, boolean> = {
  wsgi: false,
  asgi: true,
  sanic: true,
  tornado: true,
};

export interface Framework {
  id: string;
  label: string;
  /** One line for prompts and --help: what it is good for. */
  hint: string;
  /** How the generated app is laid out, after the framework's own docs: the README's table. */
  layout: string;
  /** Whether handlers are written as blocking functions or coroutines. */
  style: 'sync' | 'async';
  /**
   * Interfaces on which a handler may be a plain blocking function without stalling the others:
   * WSGI (the server's threads and processes run it), and ASGI only where the framework itself
   * runs sync handlers in threads. Elsewhere handlers are coroutines on the event loop, and the
   * generated ones are written `async def` there (Falcon's `falcon.asgi.App`).
   */
  blockingHandlers: Interface[];
  /** Interfaces the generated app can be served through, best first. */
  interfaces: Interface[];
  /** Interfaces on which the generated app offers the /ws echo. */
  websocket: Interface[];
  /** App start-up depends on the ASGI lifespan protocol (servers without it cannot run it). */
  needsLifespan: boolean;
  /**
   * The app inside the project package, per interface: `module:attr`, `__init__` for the package
   * itself, and `attr()` for a factory the serving glue calls once per process.
   */
  entry: Partial<Record<Interface, string>>;
  /** Runtime requirements (keys of VERSIONS), per interface where it differs. */
  requires: string[];
  requiresFor?: Partial<Record<Interface, string[]>>;
  /** What the project's own tests need besides pytest. */
  testRequires: string[];
  testRequiresFor?: Partial<Record<Interface, string[]>>;
  /** Modules the generated code imports that ship no type information (mypy: ignore_missing_imports). */
  untypedImports?: string[];
  /**
   * The framework's own development server (debugger, reloader), per interface, for a project
   * create-pyweb made. Where it has none, the project's server runs it with reload.
   */
  develop?: Partial<Record<Interface, DevServer>>;
  /**
   * Commands, run from the project's folder in its venv, that ready a checkout to serve before its
   * server starts. The image runs the `build` ones when it is built; the README's production
   * steps and the CLI's next steps run them all, in order.
   */
  prepare?: PrepareStep[];
  /** Batteries included: ORM, admin, auth. Used by `recommend`. */
  batteries: boolean;
  /**
   * How a created project keeps its items in PostgreSQL with the postgres add-on, the way the
   * framework's maintainers recommend: the ORM, the driver, the migration tool and its commands.
   */
  database: DatabaseSupport;
  /**
   * The module of the project package that holds a created project's settings (Django's
   * `settings`): they read the framework's variables from the environment and set its static root.
   */
  settingsModule?: string;
  /** What those settings read and need: their variables, develop steps, and text for the templates. */
  settings?: FrameworkSettings;
  /**
   * What the image needs for those settings: a folder under its WORKDIR (/app) that its user
   * owns and compose mounts a volume on, the database file the settings keep there and the
   * variable that moves it, the variables the image sets given that file's path, the commands
   * (with a comment) that ready the data folder in a fresh compose stack, and whether static files are baked in
   * for the proxy to serve (collectstatic).
   */
  image?: {
    dataDir: string;
    dataFile: string;
    dataVar: string;
    /** Given the database file's path in the image; none where PostgreSQL holds the data. */
    env: (dataPath?: string) => string[];
    /** Given whether PostgreSQL holds the data (the postgres add-on), which migrates itself. */
    firstRun: (postgres: boolean) => string[];
    staticFiles: boolean;
  };
  /** How `detect` recognises it in a project create-pyweb did not make. */
  detect: FrameworkDetect;
}

/**
 * A framework's signature in someone else's project. A file counts for it only when it imports
 * one of `imports`; test files never count.
 */
export interface FrameworkDetect {
  /** Top-level packages whose import means the framework. */
  imports: string[];
  /** Distributions (normalised names) whose presence among the dependencies means it. */
  dists: string[];
  /**
   * Callables whose result is the app object (`Flask(` or `default_app(`), assigned at module
   * level or returned by a factory. Absent where the app is found through `settings`.
   */
  ctors?: string[];
  /** Must also match somewhere in a file that constructs the app (Pyramid's Configurator). */
  also?: RegExp;
  /** Frameworks built under this one: when both are found, this one wins (FastAPI over Starlette). */
  over?: string[];
  /**
   * Where the app's interface shows in its constructor: the module it is imported from
   * (`falcon.asgi.App` is ASGI, `falcon.App` WSGI). Absent: the app speaks every interface of the
   * framework, or (with `settings`) the modules it has say which.
   */
  ctorInterfaces?: Array<{ module: string; interface: Interface }>;
  /**
   * The app is named by a settings module rather than constructed: the variable that names it
   * (`DJANGO_SETTINGS_MODULE`), the launcher that sets it first, the settings file's name, the
   * attribute its wsgi/asgi modules export, and the setting that gives the build step
   * (collectstatic) a folder to write.
   */
  settings?: { variable: string; launcher: string; file: string; attr: string; staticRoot: string };
  /**
   * It can serve itself: the server of that id, shown by a file that imports the framework and
   * runs it (`run` matches), or by a Procfile that runs a Python file.
   */
  ownServer?: { server: string; run: RegExp };
}

/**
 * A created project's own settings (the module `settingsModule` names), as generic templates and
 * code ask for them: a template says `settings.secretKey`, never the framework's name.
 */
export interface FrameworkSettings {
  /** The variable they refuse to start without, which no default can stand for: .env gets one per checkout. */
  secretKey: string;
  /** The variable that lists the host names the site answers to. */
  allowedHosts: string;
  /** The variable a production module added to a found project reads the pod's IP from (k8s probes). */
  podIpVar?: string;
  /** The variables they read, after the table's own (env.ts). */
  env: EnvVar[];
  /**
   * Steps before the development server (a variable to set, a migration), given whether the data
   * lives in PostgreSQL (the postgres add-on) rather than in SQLite.
   */
  develop: (postgres: boolean) => DevelopStep[];
  /**
   * pyproject.toml lines: in [tool.pytest.ini_options], given whether PostgreSQL holds the data
   * (the postgres add-on); in [tool.mypy], given whether the app
   * has a WebSocket; and tables of their own after mypy's.
   */
  pyproject: {
    pytest: (postgres: boolean) => string[];
    mypy: (websocket: boolean) => string[];
    tables: string[];
  };
  /** Markdown lines after the README's settings table. */
  readme: string[];
}

/** How `detect` recognises a server a project already uses. */
export interface ServerDetect {
  /** Distributions (normalised names) whose presence among the dependencies means it. */
  dists?: string[];
  /** First words of a command line (a Procfile's web:) that run it, `python -m` stripped. */
  commands?: string[];
  /** Config files whose presence means it. */
  configs?: string[];
  /**
   * It is another server run with a worker of its own: `base` with this worker, shown by `marker`
   * in the base's command line or config file, or by `dists`. Then servers in `absorbs` (the
   * worker's own) are not told apart from it.
   */
  worker?: { base: string; marker: RegExp; dists: string[]; absorbs: string[] };
}

/** One command that readies a checkout to serve (a framework's `prepare`). */
export interface PrepareStep {
  cmd: string;
  /** Why it runs, said beside it; given whether PostgreSQL holds the data (the postgres add-on). */
  what: string | ((postgres: boolean) => string);
  /**
   * `build` needs only the code, so the image runs it when built; `release` needs the deployment's
   * own data (a database), so it runs where the app runs.
   */
  stage: 'build' | 'release';
  /** Variables the image sets for the command alone: settings that must load, unused by it. */
  buildEnv?: Record<string, string>;
  /** Whether the project has what the command needs; always when absent. */
  when?: (shape: ProjectShape) => boolean;
}

/** The app as a development command names it. */
export interface DevApp {
  /** The project package: `shop`. */
  pkg: string;
  /** Import path of the app's module: `shop.app`. */
  module: string;
  attr: string;
}

export interface DevServer {
  argv: (app: DevApp) => string[];
  /** How to move it off its default port: arguments to append, or a variable it reads. */
  port: { args: (port: number) => string[] } | { env: string };
  /** What it needs besides the runtime requirements (keys of VERSIONS): dev requirements. */
  requires?: string[];
  /** What the README and the CLI say it does, where more than reloading. */
  what?: string;
}

export interface Server {
  id: string;
  label: string;
  hint: string;
  /** Interfaces this server can host, best first. */
  serves: Interface[];
  /** Interfaces on which it carries WebSocket connections. */
  websocket: Interface[];
  /**
   * Speaks HTTP/2 itself (h2c, or h2 over TLS). What the server can do: no generated project sets
   * it up, and the generated nginx speaks HTTP/1.1 to it.
   */
  http2: boolean;
  /** HTTP/3 over QUIC (with TLS). What the server can do: no generated project sets it up. */
  http3: boolean;
  /** The framework whose project makes this server, said as a reason only for that framework. */
  home?: string;
  /** Runs the ASGI lifespan protocol (startup/shutdown hooks). */
  lifespan: boolean;
  /** Runs on Windows as the generated project runs it, workers included. */
  windows: boolean;
  /** Runs inside Apache httpd. */
  apache: boolean;
  /** Seconds the server waits for in-flight requests on SIGTERM. */
  gracefulTimeout: number;
  /**
   * What WEB_CONCURRENCY sets. `processes`: its worker processes, which default, when it is
   * unset, to the CPUs the container may use (its CPU quota; the glue's workers.py), one process
   * per CPU. `none`: it runs one process whose concurrency is threads or an event loop, and more
   * CPUs mean more containers.
   */
  workers: 'processes' | 'none';
  /**
   * A known upstream race when every process of the group gets SIGTERM at once (systemd's
   * KillMode=control-group, `kill -- -PGID`): the exit code the server may end with instead of 0,
   * the log line that shows it was this race, and why. The matrix accepts only that.
   */
  groupStopRace?: { exitCode: number; marker: string; why: string };
  /**
   * Who applies X-Forwarded-* from FORWARDED_ALLOW_IPS: the server itself, or (servers with no
   * such setting) the project's forwarded.py.
   */
  proxyHeaders: 'server' | 'project';
  /** Said in the project README where SIGTERM does not simply drain requests. */
  shutdownNote?: string;
  /** Said in the project README under the production command: a way to run it that fails. */
  productionNote?: string;
  /**
   * How its access log (ACCESS_LOG=1) departs from the common log format every server writes
   * where it can, as the README says it: "in <this>".
   */
  accessLogFormat?: string;
  /** Runtime requirements (keys of VERSIONS). */
  requires: string[];
  /** What its development command needs besides (keys of VERSIONS). */
  devRequires?: string[];
  /** Modules the serving glue imports that ship no type information (mypy: ignore_missing_imports). */
  untypedImports?: string[];
  /** Debian packages needed to build (builder stage) and to run (final stage). */
  buildDeps: string[];
  runtimeDeps: string[];
  /** Its commands for one app: production argv, development command, config files it reads. */
  serve: ServeBuilder;
  /**
   * Template folders under templates/shared/ it has in common with servers of its family, laid
   * before its own templates/servers/<id>/ (gunicorn.conf.py for every gunicorn worker class).
   */
  sharedLayers?: string[];
  /**
   * gunicorn's worker class for the shared gunicorn.conf.py, the comment that says why, and
   * `threads` when each worker runs WSGI_THREADS threads.
   */
  gunicorn?: { workerClass: string; note: string; threads?: boolean };
  /**
   * How nginx reaches it when not over HTTP on the app's port: uWSGI's own protocol, on a second
   * socket the environment variable opens (compose sets it).
   */
  upstream?: { protocol: 'uwsgi'; port: number; socketEnv: string };
  /** What it writes under /tmp, the one writable place of a Kubernetes pod (said in deployment.yaml). */
  tmpUse?: string;
  /**
   * It can call an application factory itself (through its flag or the glue's `proxied`); where
   * not (mod_wsgi takes a module's attribute), a found project's factory needs an app object.
   */
  callsFactory: boolean;
  /** How `detect` recognises it in a project create-pyweb did not make. */
  detect: ServerDetect;
  /**
   * Flags of its commands that older releases of `dist` lack, with the release each first came
   * in (from the server's changelog) and whether a value follows it. A project that pins or locks
   * an older release is served without them, rather than by a server that exits with "No such
   * option".
   */
  flagsSince?: { dist: string; flags: FlagSince[] };
}

export interface FlagSince {
  flag: string;
  since: string;
  value: boolean;
  /** What the command loses without it, said when it is left out. */
  what: string;
  /** The command cannot run without it where it has it: the run is refused instead. */
  essential?: boolean;
}

export interface Pair {
  framework: string;
  server: string;
  interface: Interface;
  websocket: boolean;
  http2: boolean;
}

/** A framework's way to PostgreSQL (the postgres add-on, generators/addons/postgres). */
export interface DatabaseSupport {
  /** The README's words for it: "Django's ORM with psycopg 3", "SQLModel (SQLAlchemy 2.0, async sessions)". */
  orm: string;
  /** The migration tool, for the README: "Django's migrations", "Alembic", "Flask-Migrate (Alembic)". */
  migrations: string;
  /** Runtime requirements (keys of VERSIONS), per interface where they differ. */
  requires: string[];
  requiresFor?: Partial<Record<Interface, string[]>>;
  /** What the project's own tests need for it, besides the framework's test requirements. */
  testRequires?: string[];
  /**
   * The release step, as argv run from the project's folder in its environment (the image's
   * WORKDIR): the compose `migrate` service, the Kubernetes Job, CI and the README run it.
   */
  migrate: (pkg: string) => string[];
  /** The command that makes the next migration after a model changes (the README). */
  makeMigration: (pkg: string) => string;
  /**
   * Folders of the postgres add-on's layers/ the project takes before `frameworks/<id>`: code
   * that frameworks share (SQLAlchemy's models and Alembic), per interface where it differs.
   */
  shared?: Partial<Record<Interface, string[]>>;
}
