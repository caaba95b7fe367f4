"""A Falcon {{interfaceUpper}} service.

The server in front applies X-Forwarded-* from trusted proxies (FORWARDED_ALLOW_IPS), so
req.remote_addr and req.scheme are already the client's here. Not req.access_route or
req.forwarded_scheme: those read the headers of any client, trusted or not.
"""

{{#if isAsgi}}
import falcon
import falcon.asgi
{{else}}
import falcon
{{/if}}

from .items import get_item, hello, list_items


class Index:
    {{#if isAsgi}}async {{/if}}def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = hello()


class Health:
    {{#if isAsgi}}async {{/if}}def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"status": "ok"}


class Items:
    {{#if isAsgi}}async {{/if}}def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = list_items()


class Item:
    {{#if isAsgi}}async {{/if}}def on_get(
        self, req: falcon.Request, resp: falcon.Response, item_id: int
    ) -> None:
        found = get_item(item_id)
        if found is None:
            raise falcon.HTTPNotFound(description="item not found")
        resp.media = found


class WhoAmI:
    {{#if isAsgi}}async {{/if}}def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        host = req.get_header("Host")
        resp.media = {"client": req.remote_addr, "scheme": req.scheme, "host": host}
{{#if websocket}}


class Echo:
    async def on_websocket(self, req: falcon.asgi.Request, ws: falcon.asgi.WebSocket) -> None:
        await ws.accept()
        try:
            while True:
                await ws.send_text(await ws.receive_text())
        except falcon.WebSocketDisconnected:
            pass
{{/if}}


def json_error(req: falcon.Request, resp: falcon.Response, error: falcon.HTTPError) -> None:
    # Falcon answers JSON or XML by the Accept header; a JSON API answers JSON, always.
    resp.media = {"detail": error.description or error.title}
    resp.content_type = falcon.MEDIA_JSON


app = falcon.{{#if isAsgi}}asgi.{{/if}}App()
app.set_error_serializer(json_error)
app.add_route("/", Index())
app.add_route("/healthz", Health())
app.add_route("/api/items", Items())
app.add_route("/api/items/{item_id:int}", Item())
app.add_route("/api/whoami", WhoAmI())
{{#if websocket}}
app.add_route("/ws", Echo())
{{/if}}
