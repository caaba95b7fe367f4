import { isTestPath } from './detect.js';
import { mounts } from './mounts.js';
import type { ProjectFiles } from './types.js';

/**
 * What declares a WebSocket endpoint in the frameworks of the catalog: a `.websocket(` route
 * (FastAPI, Starlette, Quart, Sanic), Starlette's WebSocketRoute and WebSocketEndpoint, Litestar's
 * @websocket and listeners, Tornado's WebSocketHandler, Channels' consumers and routing, Falcon's
 * on_websocket, flask-sock and Socket.IO.
 */
const WEBSOCKET =
  /@[\w.]+\.websocket(?:_route)?\s*\(|\.add_websocket(?:_route)?\s*\(|\bWebSocketRoute\s*\(|\bWebSocketEndpoint\b|@websocket(?:_listener)?\b|\bWebsocketListener\b|\bWebSocketHandler\b|\bwebsocket_urlpatterns\b|\b(?:Async)?(?:Json)?WebsocketConsumer\b|\bdef on_websocket\s*\(|\bflask_sock\b|\bsocketio\b/;

/** The first place the project's code declares a WebSocket endpoint ("path:line"), if any. */
export function webSocketIn(files: ProjectFiles): string | undefined {
  for (const [path, text] of Object.entries(files.text)) {
    if (!path.endsWith('.py')) continue;
    const m = WEBSOCKET.exec(text);
    if (m) return `${path}:${text.slice(0, m.index).split('\n').length}`;
  }
  return undefined;
}

/** A path literal that declares a WebSocket route: `.websocket("/x")`, `WebSocketRoute("/x")`, Litestar's `@websocket("/x")`. */
const ROUTE_PATH =
  /(?:\.(?:add_)?websocket(?:_route)?|\bWebSocketRoute|@websocket(?:_listener)?)\s*\(\s*(?:path\s*=\s*)?[rR]?(["'])([^"'\n]*)\1/g;
/** Channels: the paths in `websocket_urlpatterns`, which Django writes without a leading slash. */
const CHANNELS_PATH = /\b(?:re_)?path\s*\(\s*[rR]?(["'])([^"'\n]*)\1/g;

const moduleOf = (path: string) =>
  path
    .replace(/^src\//, '')
    .replace(/(?:\/__init__)?\.py$/, '')
    .replace(/\//g, '.');

/**
 * The paths of the project's WebSocket routes, as served: a route on a router gets the
 * prefixes it is included with; one whose prefix cannot be read is left out.
 */
export function webSocketPaths(files: ProjectFiles): string[] {
  const py = Object.entries(files.text)
    .filter(([path]) => path.endsWith('.py'))
    .map(([path, code]) => ({ path, module: moduleOf(path), test: isTestPath(path), code }));
  const mountOf = mounts(py);
  const paths: string[] = [];
  for (const f of py) {
    if (f.test) continue;
    for (const m of f.code.matchAll(ROUTE_PATH)) {
      const mount = mountOf(f, m.index + m[0].length - m[2]!.length - 2);
      if (mount && 'unread' in mount) continue;
      paths.push((mount?.prefix ?? '') + m[2]!);
    }
    const channels = f.code.indexOf('websocket_urlpatterns');
    if (channels >= 0)
      for (const m of f.code.slice(channels).matchAll(CHANNELS_PATH))
        paths.push(`/${m[2]!.replace(/^\^?\/?/, '')}`);
  }
  return [...new Set(paths.filter((p) => p.startsWith('/')))];
}

/**
 * nginx's location for a WebSocket path: exact where the path is literal, the prefix before
 * the first parameter (`{room}`, `<room>`, `<str:room>`, a regex) where it is not.
 */
export function webSocketLocation(path: string): string {
  const param = path.search(/[{<(:$\\[*+?]/);
  if (param < 0) return `= ${path}`;
  const prefix = path.slice(0, param);
  return `^~ ${prefix.slice(0, prefix.lastIndexOf('/') + 1)}`;
}
