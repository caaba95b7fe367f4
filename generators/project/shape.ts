import {
  unknownFlags,
  type Framework,
  type Held,
  type Pair,
  type Server,
} from '../catalog/index.js';
import type { ReadSetting } from '../catalog/env.js';
import type { ImageFacts } from '../detect/dockerfile.js';
import { serveSpec, type ServeSpec } from '../serve/spec.js';

/*
 * A project's shape and the serve command it gives: apart from stack.ts, whose names checks
 * (every dependency's modules) --help and --list have no use for.
 */

export type Manager = 'uv' | 'poetry' | 'pdm' | 'pip' | 'requirements';

/**
 * How the image and CI install a project: its manager's way, or, when the project cannot be
 * built as a package, its dependencies only. Each has its partial,
 * templates/partials/install/<method>.hbs.
 */
export const INSTALL_METHODS = [
  'uv',
  'uv-workspace',
  'poetry',
  'poetry-no-root',
  'pdm',
  'pip',
  'pip-dependencies',
  'requirements',
] as const;
export type InstallMethod = (typeof INSTALL_METHODS)[number];

export function installMethod(shape: ProjectShape): InstallMethod {
  if (shape.workspace) return 'uv-workspace';
  if (shape.dependenciesOnly && shape.manager === 'poetry') return 'poetry-no-root';
  if (shape.dependenciesOnly && shape.manager === 'pip') return 'pip-dependencies';
  return shape.manager;
}

/**
 * How the project is laid out and installed, and where its app is. A project made by
 * create-pyweb has one shape (a package named after it, PEP 621 with a dev group, locked by uv); a project
 * found on disk has whatever `detect` read from its files.
 */
export interface ProjectShape {
  /**
   * How a project it did not make reaches PostgreSQL (detect): the variable its settings read the
   * URL from, and its migration command as argv (absent: it has none we know of, and `add
   * postgres` says so). A created project's come from its framework's catalog entry.
   */
  database?: { urlVar: string; migrate?: string[]; migrations?: string };
  origin: 'created' | 'detected';
  /** The app: module import path and attribute; a factory is called with no arguments. */
  app: { module: string; attr: string; factory: boolean };
  /** The package that holds the serving glue (proxied.py or launch.py, forwarded.py): import name and folder. */
  glue: { pkg: string; dir: string };
  /** The glue package does not exist yet (a flat project): it gets an __init__.py. */
  glueIsNew?: boolean;
  /** Folder that is the import root: '' or 'src'. */
  importRoot: '' | 'src';
  manager: Manager;
  /** Why the project is not installed as a package, only its dependencies (Poetry's `package-mode = false`). */
  dependenciesOnly?: string;
  /** A member of a uv workspace: the root (from the project), the member (from the root), its name. */
  workspace?: { root: string; member: string; package: string };
  /** A route that answers 200 while the process runs: health checks and probes request it. */
  health: string;
  /**
   * A route that answers 200 only while the app can take traffic (its database answers): the
   * readiness probe's. Without one, the probe asks `health`.
   */
  ready?: string;
  /** A found app's WebSocket routes, as served: nginx gives them the long read timeout. */
  websocketPaths?: string[];
  /** Django: its settings read DJANGO_* from the environment (ours do); STATIC_ROOT is set. */
  django?: {
    settings: string;
    ownSettings: boolean;
    staticRoot: boolean;
    settingsEnv?: string;
    /** A found project's production module of ours, beside its development settings. */
    production?: { module: string; path: string };
  };
  /** The project has tests; a `dev` extra (with pytest); ruff and pytest come with it. */
  hasTests: boolean;
  devExtra: boolean;
  /** Its dev tools are a `dev` dependency group (PEP 735) rather than an extra. */
  devGroup?: boolean;
  lintTools: boolean;
  /** Settings a found app reads from its environment (its source, read by detect). */
  settings?: ReadSetting[];
  /**
   * The ruff CI installs where the dev tools do not bring it: the project's own pin (`ruff==0.4.1`
   * from its pre-commit hook or a requirements file), or `ruff` where only its config says it uses
   * ruff. Absent, with no lintTools: the project does not use ruff, and CI does not lint.
   */
  ruff?: string;
  /** Distributions (normalised names) the project depends on at run time: CI's service containers follow. */
  runtimeDists?: string[];
  /** The releases of servers the project pins or locks, by distribution: flags they lack are left out. */
  held?: Record<string, Held>;
  /** The project's folder below its git repository's root (`backend`), where it is not the root. */
  repoSubdir?: string;
  /** What a project without [project] dependencies installs from (requirements.txt, requirements/production.txt). */
  requirementsFile?: string;
  /**
   * The project's own Dockerfile, which `add` keeps: compose, nginx and Kubernetes follow what it
   * says (its port, user, HEALTHCHECK) instead of the image create-pyweb writes.
   */
  ownImage?: ImageFacts;
}

/** The shape of a project create-pyweb makes for this framework and interface. */
export function createdShape(pkg: string, framework: Framework, pair: Pair): ProjectShape {
  const [module, call] = framework.entry[pair.interface]!.split(':');
  const attr = call.replace(/\(\)$/, '');
  return {
    origin: 'created',
    app: { module: module === '__init__' ? pkg : `${pkg}.${module}`, attr, factory: attr !== call },
    glue: { pkg, dir: pkg },
    importRoot: '',
    // Always uv.lock's variant, whether or not uv made the lock at creation: the files do not
    // depend on the machine, and the README says how to make the lock without uv on PATH.
    manager: 'uv',
    health: '/healthz',
    ready: '/readyz',
    django: framework.settingsModule
      ? { settings: `${pkg}.${framework.settingsModule}`, ownSettings: true, staticRoot: true }
      : undefined,
    hasTests: true,
    devExtra: false,
    devGroup: true,
    lintTools: true,
  };
}

/**
 * What `docker build` takes after the tag, run in the project: `.`, or, for a member of a uv
 * workspace, its Dockerfile and the workspace's root as the build context (the lock is there).
 */
export function dockerBuildArgs(shape: ProjectShape): string {
  return shape.workspace ? `-f Dockerfile ${shape.workspace.root}` : '.';
}

/** The serve spec for a stack's server and shape: the one place its command is made. */
export function serveFor(server: Server, pair: Pair, shape: ProjectShape): ServeSpec {
  return serveSpec(server, {
    app: shape.app.module,
    attr: shape.app.attr,
    factory: shape.app.factory,
    glue: shape.glue.pkg,
    interface: pair.interface,
    created: shape.origin === 'created',
    omit: unknownFlags(server, shape.held),
  });
}
