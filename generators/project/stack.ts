import {
  DEFAULTS, FRAMEWORKS, SERVERS, explainRefusal, findFramework, findServer, pairOf, serversFor,
  type Framework, type Pair, type Server,
} from '../catalog/index.js';
import { UsageError } from '../cli/errors.js';
import { serveSpec, type ServeSpec } from '../serve/spec.js';
import { projectNames, type ProjectNames } from './names.js';

/** The deployment add-ons, each a flag, a question and a template layer. */
export const DEPLOY_ADDONS = ['docker', 'compose', 'nginx', 'k8s', 'apache'] as const;
export type DeployAddon = (typeof DEPLOY_ADDONS)[number];

export interface DeployOptions {
  docker: boolean;
  compose: boolean;
  nginx: boolean;
  k8s: boolean;
  apache: boolean;
  python: string;
}

/** Everything a project is generated from, after questions and validation. */
export interface Stack {
  names: ProjectNames;
  framework: Framework;
  server: Server;
  pair: Pair;
  deploy: DeployOptions;
  serve: ServeSpec;
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
  return { docker: true, compose: true, nginx: true, k8s: false, apache: server.apache, python: DEFAULTS.python };
}

/** Deployment add-ons this project carries: its deploy/ layers, as recorded in pyproject.toml. */
export function addons(stack: Stack): DeployAddon[] {
  return DEPLOY_ADDONS.filter((k) => stack.deploy[k] && (k !== 'apache' || stack.server.apache));
}

/** Defaults, then what was asked; compose builds the Dockerfile, so it follows --no-docker. */
export function deployFor(server: Server, asked: Partial<DeployOptions>): DeployOptions {
  if (asked.apache && !server.apache) {
    throw new UsageError(`--apache applies to mod_wsgi only; ${server.id} does not run inside Apache`);
  }
  const d = { ...defaultDeploy(server), ...asked };
  if (!d.docker && d.compose) {
    if (asked.compose) throw new UsageError('compose.yaml builds the Dockerfile: --compose needs --docker (or add --no-compose)');
    d.compose = false;
  }
  return d;
}

export function buildStack(dirArg: string, frameworkId: string | undefined, serverId: string | undefined,
  deploy?: Partial<DeployOptions>, cwd?: string): Stack {
  const names = projectNames(dirArg, cwd);
  const { framework, server, pair } = resolvePair(frameworkId, serverId);
  const entry = framework.entry[pair.interface]!;
  const serve = serveSpec(server.id, { pkg: names.pkg, entry, interface: pair.interface }, server.gracefulTimeout);
  return { names, framework, server, pair, deploy: deployFor(server, deploy ?? {}), serve };
}
