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
