"""Falcon resources: one class per route, one responder per method.

The server in front applies X-Forwarded-* from trusted proxies (FORWARDED_ALLOW_IPS), so
req.remote_addr and req.scheme are already the client's here. Not req.access_route or
req.forwarded_scheme: those read the headers of any client, trusted or not.
"""

{{#if database}}
from typing import Any

{{/if}}
import falcon
{{#if isAsgi}}
from falcon.asgi import Request, Response{{#if websocket}}, WebSocket{{/if}}
{{else}}
from falcon import Request, Response
{{/if}}

{{#if database}}
from . import db
from .items import create_item, delete_item, get_item, hello, list_items
{{else}}
from .items import get_item, hello, list_items
{{/if}}


class IndexResource:
    {{#if isAsgi}}async {{/if}}def on_get(self, req: Request, resp: Response) -> None:
        resp.media = hello()


class HealthResource:
    {{#if isAsgi}}async {{/if}}def on_get(self, req: Request, resp: Response) -> None:
        resp.media = {"status": "ok"}


class ReadyResource:
    """Can this process take traffic now (readiness); /healthz only says it is alive."""

    {{#if isAsgi}}async {{/if}}def on_get(self, req: Request, resp: Response) -> None:
{{#if database}}
        problem = {{#if database.async}}await {{/if}}db.ready()
        if problem is not None:
            resp.status = falcon.HTTP_503
            resp.media = {"status": "unavailable", "detail": problem}
            return
{{/if}}
        resp.media = {"status": "ready"}
{{#if database}}


def new_item(body: Any) -> tuple[str, float]:
    """The name and price from a body like {"name": "pen", "price": 1.5}, else a 422."""
    name = body.get("name") if isinstance(body, dict) else None
    price = body.get("price") if isinstance(body, dict) else None
    if not isinstance(name, str) or not 0 < len(name) <= 200:
        raise falcon.HTTPUnprocessableEntity(
            description="name: text of 1 to 200 characters is required"
        )
    if isinstance(price, bool) or not isinstance(price, int | float):
        raise falcon.HTTPUnprocessableEntity(description="price: a number is required")
    return name, float(price)
{{/if}}


class ItemsResource:
    {{#if isAsgi}}async {{/if}}def on_get(self, req: Request, resp: Response) -> None:
        resp.media = [item.as_dict() for item in {{#if database.async}}await {{/if}}list_items()]
{{#if database}}

    {{#if isAsgi}}async {{/if}}def on_post(self, req: Request, resp: Response) -> None:
        # A body that is not JSON is Falcon's own 400.
        name, price = new_item({{#if isAsgi}}await {{/if}}req.get_media())
        item = {{#if database.async}}await {{/if}}create_item(name, price)
        resp.status = falcon.HTTP_201
        resp.location = f"/api/items/{item.id}"
        resp.media = item.as_dict()
{{/if}}


class ItemResource:
    {{#if isAsgi}}async {{/if}}def on_get(self, req: Request, resp: Response, item_id: int) -> None:
        found = {{#if database.async}}await {{/if}}get_item(item_id)
        if found is None:
            raise falcon.HTTPNotFound(description="item not found")
        resp.media = found.as_dict()
{{#if database}}

    {{#if isAsgi}}async {{/if}}def on_delete(self, req: Request, resp: Response, item_id: int) -> None:
        if not {{#if database.async}}await {{/if}}delete_item(item_id):
            raise falcon.HTTPNotFound(description="item not found")
        resp.status = falcon.HTTP_204
{{/if}}


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
