import { FRAMEWORKS } from './frameworks.js';
import { SERVERS } from './servers.js';
import {
  INTERFACE_LABEL,
  type Framework,
  type Interface,
  type Pair,
  type Server,
} from './types.js';

export function findFramework(id: string): Framework | undefined {
  return FRAMEWORKS.find((f) => f.id === id);
}

export function findServer(id: string): Server | undefined {
  return SERVERS.find((s) => s.id === id);
}

/** Why a server cannot host a framework over an interface both speak, or undefined when it can. */
function blocker(framework: Framework, server: Server, via: Interface): string | undefined {
  if (via === 'asgi' && framework.needsLifespan && !server.lifespan) {
    return `${framework.id} needs the ASGI lifespan protocol, which ${server.id} does not run`;
  }
  return undefined;
}

/**
 * The interface a pair runs over: the framework's most preferred one that the server can host,
 * among `only` where an app of the framework speaks fewer (a `falcon.App` is WSGI only).
 */
export function pairOf(framework: Framework, server: Server, only?: Interface[]): Pair | undefined {
  for (const via of framework.interfaces) {
    if (only && !only.includes(via)) continue;
    if (!server.serves.includes(via) || blocker(framework, server, via)) continue;
    return {
      framework: framework.id,
      server: server.id,
      interface: via,
      websocket: framework.websocket.includes(via) && server.websocket.includes(via),
      http2: server.http2,
    };
  }
  return undefined;
}

/** Every framework × server pair that works, computed from what each side speaks. */
export function validPairs(): Pair[] {
  return FRAMEWORKS.flatMap((f) =>
    SERVERS.map((s) => pairOf(f, s)).filter((p): p is Pair => p !== undefined),
  );
}

/** Servers that host a framework (an app of it that speaks `only`), the recommended one first. */
export function serversFor(framework: Framework, only?: Interface[]): Server[] {
  const rank = (s: Server) => {
    const p = pairOf(framework, s, only)!;
    return framework.interfaces.indexOf(p.interface) * 100 + SERVERS.indexOf(s);
  };
  return SERVERS.filter((s) => pairOf(framework, s, only)).sort((a, b) => rank(a) - rank(b));
}

export function frameworksFor(server: Server): Framework[] {
  return FRAMEWORKS.filter((f) => pairOf(f, server));
}

function orList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function speaks(ifaces: Interface[]): string {
  return orList(ifaces.map((i) => INTERFACE_LABEL[i]));
}

/** One sentence: why the pair is impossible and what fits instead. */
export function explainRefusal(framework: Framework, server: Server): string {
  const shared = framework.interfaces.filter((i) => server.serves.includes(i));
  const reason = shared.length
    ? blocker(framework, server, shared[0])!
    : `${framework.id} speaks ${speaks(framework.interfaces)}; ${server.id} serves ${speaks(server.serves)} only`;
  return `${reason}; try ${orList(serversFor(framework).map((s) => s.id))}`;
}

/**
 * One sentence: why a server cannot run an app that speaks only `only` of its framework's
 * interfaces (found at `where`), naming the servers that can; undefined when it can run it.
 */
export function explainAppRefusal(
  framework: Framework,
  server: Server,
  only: Interface[],
  where: string,
): string | undefined {
  if (pairOf(framework, server, only)) return undefined;
  if (!pairOf(framework, server)) return explainRefusal(framework, server);
  const fits = serversFor(framework, only).map((s) => s.id);
  return `this ${framework.label} app is ${speaks(only)} (${where}) and ${server.id} serves ${speaks(server.serves)} only; servers that fit it: ${fits.join(', ')}`;
}
