import {
  ADDONS, DEFAULTS, FRAMEWORKS, SERVERS, explainRefusal, findFramework, findServer, pairOf, serversFor,
  type Framework, type Pair, type Server,
} from '../catalog/index.js';
import { UsageError } from '../cli/errors.js';
import { serveSpec, type ServeSpec } from '../serve/spec.js';
import { projectNames, type ProjectNames } from './names.js';

/** Which add-ons a project carries (by add-on id), and the container's Python. */
export interface DeployOptions {
  python: string;
  [addon: string]: boolean | string;
}

export type Manager = 'uv' | 'poetry' | 'pip' | 'requirements';

/**
 * How the project is laid out and installed, and where its app is. A project made by
 * create-pyweb has one shape (a package named after it, PEP 621 with a dev extra); a project
 * found on disk has whatever `detect` read from its files.
 */
export interface ProjectShape {
  origin: 'created' | 'detected';
  /** The app: module import path and attribute; a factory is called with no arguments. */
  app: { module: string; attr: string; factory: boolean };
  /** The package that holds the serving glue (serve.py, forwarded.py): import name and folder. */
  glue: { pkg: string; dir: string };
  /** The glue package does not exist yet (a flat project): it gets an __init__.py. */
  glueIsNew?: boolean;
  /** Folder that is the import root: '' or 'src'. */
  importRoot: '' | 'src';
  manager: Manager;
  /** A route that answers 200 while the process runs: health checks and probes request it. */
  health: string;
  /** Django: its settings read DJANGO_* from the environment (ours do); STATIC_ROOT is set. */
  django?: { settings: string; ownSettings: boolean; staticRoot: boolean; settingsEnv?: string };
  /** The project has tests; a `dev` extra (with pytest); ruff and pytest come with it. */
  hasTests: boolean;
  devExtra: boolean;
  lintTools: boolean;
  /** What a project without [project] dependencies installs from (requirements.txt, requirements/production.txt). */
  requirementsFile?: string;
}

/** Everything a project is generated from, after questions and validation. */
export interface Stack {
  names: ProjectNames;
  framework: Framework;
  server: Server;
  pair: Pair;
  deploy: DeployOptions;
  serve: ServeSpec;
  shape: ProjectShape;
}

export function frameworkOrThrow(id: string): Framework {
  const f = findFramework(id);
  if (!f) {
    throw new UsageError(`unknown framework "${id}"; choose one of ${FRAMEWORKS.map((x) => x.id).join(', ')}`);
  }
  return f;
}

export function serverOrThrow(id: string, framework?: Framework): Server {
  const s = findServer(id);
  if (!s) {
    const fits = framework ? serversFor(framework) : SERVERS;
    const scope = framework ? ` for ${framework.id}` : '';
    throw new UsageError(`unknown server "${id}"; servers${scope}: ${fits.map((x) => x.id).join(', ')}`);
  }
  return s;
}

export function defaultServer(framework: Framework): Server {
  return serversFor(framework)[0];
}

/** Framework and server ids (either may be missing) to a checked pair. */
export function resolvePair(frameworkId: string | undefined, serverId: string | undefined): { framework: Framework; server: Server; pair: Pair } {
  const framework = frameworkOrThrow(frameworkId ?? DEFAULTS.framework);
  const server = serverId ? serverOrThrow(serverId, framework) : defaultServer(framework);
  const pair = pairOf(framework, server);
  if (!pair) throw new UsageError(explainRefusal(framework, server));
  return { framework, server, pair };
}

export function defaultDeploy(server: Server): DeployOptions {
  const d: DeployOptions = { python: DEFAULTS.python };
  for (const a of ADDONS) d[a.id] = a.byDefault(server);
  return d;
}

/** Add-ons this project carries: its deploy/ layers, as recorded in pyproject.toml. */
export function addons(stack: Pick<Stack, 'deploy' | 'server'>): string[] {
  return ADDONS.filter((a) => stack.deploy[a.id] === true && !a.unfit?.(stack.server)).map((a) => a.id);
}

/** Defaults, then what was asked; an add-on that needs another follows it when that is turned off. */
export function deployFor(server: Server, asked: Partial<DeployOptions>): DeployOptions {
  for (const a of ADDONS) {
    const why = asked[a.id] === true ? a.unfit?.(server) : undefined;
    if (why) throw new UsageError(`--${a.id} ${why}`);
  }
  const d = { ...defaultDeploy(server), ...asked } as DeployOptions;
  for (const a of ADDONS) {
    for (const need of a.requires) {
      if (d[a.id] !== true || d[need] === true) continue;
      if (asked[a.id] === true) throw new UsageError(`${a.title} needs the ${need} add-on: --${a.id} needs --${need} (or add --no-${a.id})`);
      d[a.id] = false;
    }
  }
  return d;
}

/** The shape of a project create-pyweb makes for this framework and interface. */
export function createdShape(pkg: string, framework: Framework, pair: Pair): ProjectShape {
  const [module, attr] = framework.entry[pair.interface]!.split(':');
  return {
    origin: 'created',
    app: { module: `${pkg}.${module}`, attr, factory: false },
    glue: { pkg, dir: pkg },
    importRoot: '',
    manager: 'pip',
    health: '/healthz',
    django: framework.id === 'django' ? { settings: `${pkg}.settings`, ownSettings: true, staticRoot: true } : undefined,
    hasTests: true,
    devExtra: true,
    lintTools: true,
  };
}

/** The serve spec for a stack's server and shape: the one place its command is made. */
export function serveFor(server: Server, pair: Pair, shape: ProjectShape): ServeSpec {
  return serveSpec(server.id, {
    app: shape.app.module, attr: shape.app.attr, factory: shape.app.factory,
    glue: shape.glue.pkg, interface: pair.interface, created: shape.origin === 'created',
  }, server.gracefulTimeout);
}

export function buildStack(dirArg: string, frameworkId: string | undefined, serverId: string | undefined,
  deploy?: Partial<DeployOptions>, cwd?: string): Stack {
  const names = projectNames(dirArg, cwd);
  const { framework, server, pair } = resolvePair(frameworkId, serverId);
  const shape = createdShape(names.pkg, framework, pair);
  return { names, framework, server, pair, deploy: deployFor(server, deploy ?? {}), serve: serveFor(server, pair, shape), shape };
}
