import {
  ADDONS,
  DEFAULTS,
  FRAMEWORKS,
  SERVERS,
  explainRefusal,
  findFramework,
  findServer,
  pairOf,
  serversFor,
  type Framework,
  type Pair,
  type Server,
} from '../catalog/index.js';
import { UsageError } from '../cli/errors.js';
import type { ServeSpec } from '../serve/spec.js';
import { projectNames, type ProjectNames } from './names.js';
import { createdShape, serveFor, type ProjectShape } from './shape.js';

export { addons } from './carried.js';
export {
  createdShape,
  INSTALL_METHODS,
  type InstallMethod,
  serveFor,
  type Manager,
  type ProjectShape,
} from './shape.js';

/** Which add-ons a project carries (by add-on id), and the container's Python. */
export interface DeployOptions {
  python: string;
  [addon: string]: boolean | string;
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
    throw new UsageError(
      `unknown framework "${id}"; choose one of ${FRAMEWORKS.map((x) => x.id).join(', ')}`,
    );
  }
  return f;
}

export function serverOrThrow(id: string, framework?: Framework): Server {
  const s = findServer(id);
  if (!s) {
    const fits = framework ? serversFor(framework) : SERVERS;
    const scope = framework ? ` for ${framework.id}` : '';
    throw new UsageError(
      `unknown server "${id}"; servers${scope}: ${fits.map((x) => x.id).join(', ')}`,
    );
  }
  return s;
}

export function defaultServer(framework: Framework): Server {
  return serversFor(framework)[0];
}

/** Framework and server ids (either may be missing) to a checked pair. */
export function resolvePair(
  frameworkId: string | undefined,
  serverId: string | undefined,
): { framework: Framework; server: Server; pair: Pair } {
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
      if (asked[a.id] === true)
        throw new UsageError(
          `the ${a.id} add-on needs the ${need} add-on: --${a.id} needs --${need} (or add --no-${a.id})`,
        );
      d[a.id] = false;
    }
  }
  return d;
}

export function buildStack(
  dirArg: string,
  frameworkId: string | undefined,
  serverId: string | undefined,
  deploy?: Partial<DeployOptions>,
  cwd?: string,
): Stack {
  const names = projectNames(dirArg, cwd);
  const { framework, server, pair } = resolvePair(frameworkId, serverId);
  const shape = createdShape(names.pkg, framework, pair);
  return {
    names,
    framework,
    server,
    pair,
    deploy: deployFor(server, deploy ?? {}),
    serve: serveFor(server, pair, shape),
    shape,
  };
}
