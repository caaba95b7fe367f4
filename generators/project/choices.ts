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
import type { ProjectNames } from './naming.js';
import { createdShape, serveFor, type ProjectShape } from './shape.js';

/**
 * Choices to a Stack with no file system, so that a page in a browser and the server resolve them
 * exactly as the CLI does; stack.ts adds the folder the CLI writes to.
 */

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

/**
 * What the flags settle, checked before any question: the pair, and the add-ons against a server
 * that could run them (an add-on that needs another, one that fits no server left to choose).
 */
export function checkGiven(a: {
  framework?: string;
  server?: string;
  deploy: Partial<Record<string, boolean | string>>;
}): void {
  const fw = a.framework ? findFramework(a.framework) : undefined;
  const server = a.server ? findServer(a.server) : undefined;
  if (fw && server) resolvePair(fw.id, server.id);
  const candidates = server ? [server] : fw ? serversFor(fw) : SERVERS;
  const on = ADDONS.filter((x) => a.deploy[x.id] === true);
  const fit = candidates.find((s) => on.every((x) => !x.unfit?.(s)));
  deployFor(fit ?? candidates[0], a.deploy as Partial<DeployOptions>);
}

/** A server alone: the first framework it serves, not a default it may not serve (waitress). */
export function frameworkForServer(serverId: string): Framework | undefined {
  const server = findServer(serverId);
  return server && FRAMEWORKS.find((f) => pairOf(f, server));
}

/** The Stack of names already made and the ids chosen (either may be missing). */
export function stackOf(
  names: ProjectNames,
  frameworkId: string | undefined,
  serverId: string | undefined,
  deploy?: Partial<DeployOptions>,
): Stack {
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
