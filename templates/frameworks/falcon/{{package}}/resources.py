"""Falcon resources: one class per route, one responder per method.

The server in front applies X-Forwarded-* from trusted proxies (FORWARDED_ALLOW_IPS), so
req.remote_addr and req.scheme are already the client's here. Not req.access_route or
req.forwarded_scheme: those read the headers of any client, trusted or not.
"""

import falcon
{{#if isAsgi}}
from falcon.asgi import Request, Response{{#if websocket}}, WebSocket{{/if}}
{{else}}
from falcon import Request, Response
{{/if}}

from .items import get_item, hello, list_items


class IndexResource:
    {{#if isAsgi}}async {{/if}}def on_get(self, req: Request, resp: Response) -> None:
        resp.media = hello()


class HealthResource:
    {{#if isAsgi}}async {{/if}}def on_get(self, req: Request, resp: Response) -> None:
        resp.media = {"status": "ok"}


class ItemsResource:
    {{#if isAsgi}}async {{/if}}def on_get(self, req: Request, resp: Response) -> None:
        resp.media = [item.as_dict() for item in list_items()]


class ItemResource:
    {{#if isAsgi}}async {{/if}}def on_get(self, req: Request, resp: Response, item_id: int) -> None:
        found = get_item(item_id)
        if found is None:
            raise falcon.HTTPNotFound(description="item not found")
        resp.media = found.as_dict()


class WhoAmIResource:
    {{#if isAsgi}}async {{/if}}def on_get(self, req: Request, resp: Response) -> None:
        host = req.get_header("Host")
        resp.media = {"client": req.remote_addr, "scheme": req.scheme, "host": host}
{{#if websocket}}


class EchoResource:
    async def on_websocket(self, req: Request, ws: WebSocket) -> None:
        await ws.accept()
        try:
            while True:
                await ws.send_text(await ws.receive_text())
        except falcon.WebSocketDisconnected:
            pass
{{/if}}
