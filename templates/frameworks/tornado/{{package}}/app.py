"""The Tornado application: handlers and routes. __main__.py serves it."""

import json
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

import tornado.web
import tornado.websocket

{{#if database}}
from . import db, items
from .items import hello
{{else}}
from .items import get_item, hello, list_items
{{/if}}

# What a graceful stop waits for (plain requests) and closes (WebSockets), in this process.
IN_FLIGHT: set[tornado.web.RequestHandler] = set()
OPEN_SOCKETS: set[tornado.websocket.WebSocketHandler] = set()


class JsonHandler(tornado.web.RequestHandler):
    """Answers JSON, errors included, and counts itself in flight until the response is sent."""

    def prepare(self) -> None:
        IN_FLIGHT.add(self)

    def on_finish(self) -> None:
        IN_FLIGHT.discard(self)

    def send_json(self, data: object, status: int = 200) -> None:
        # RequestHandler.write() encodes dicts itself, but not lists.
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(data))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        try:
            detail = HTTPStatus(status_code).phrase.lower()
        except ValueError:
            detail = "error"
        self.send_json({"detail": detail}, status_code)


class Index(JsonHandler):
    def get(self) -> None:
        self.send_json(hello())


class Health(JsonHandler):
    def get(self) -> None:
        self.send_json({"status": "ok"})


{{#if database}}
class Ready(JsonHandler):
    async def get(self) -> None:
        # Readiness, unlike /healthz: while the database does not answer the app leaves the
        # load balancer, and is not restarted.
        problem = await db.ready()
        if problem:
            self.send_json({"status": "unavailable", "detail": problem}, 503)
        else:
            self.send_json({"status": "ready"})


class Items(JsonHandler):
    async def get(self) -> None:
        self.send_json([item.as_dict() for item in await items.list_items()])

    async def post(self) -> None:
        try:
            body = json.loads(self.request.body)
        except ValueError:
            raise tornado.web.HTTPError(400) from None
        fields = body if isinstance(body, dict) else {}
        name, price = fields.get("name"), fields.get("price")
        if not (
            isinstance(name, str)
            and name
            and isinstance(price, int | float)
            and not isinstance(price, bool)  # an int to Python, but no price
        ):
            self.send_json({"detail": 'expected {"name": string, "price": number}'}, 422)
            return
        item = await items.create_item(name, float(price))
        self.send_json(item.as_dict(), 201)


class Item(JsonHandler):
    async def get(self, item_id: str) -> None:
        found = await items.get_item(int(item_id))
        if found is None:
            self.send_json({"detail": "item not found"}, 404)
        else:
            self.send_json(found.as_dict())

    async def delete(self, item_id: str) -> None:
        if await items.delete_item(int(item_id)):
            self.set_status(204)
            self.finish()
        else:
            self.send_json({"detail": "item not found"}, 404)
{{else}}
class Ready(JsonHandler):
    def get(self) -> None:
        # Can this process take traffic now (readiness); /healthz only says it is alive
        # (liveness). Ask here what requests need, a database for one, so that an outage takes
        # the instance out of the load balancer without restarting it.
        self.send_json({"status": "ready"})


class Items(JsonHandler):
    def get(self) -> None:
        self.send_json([item.as_dict() for item in list_items()])


class Item(JsonHandler):
    def get(self, item_id: str) -> None:
        found = get_item(int(item_id))
        if found is None:
            self.send_json({"detail": "item not found"}, 404)
        else:
            self.send_json(found.as_dict())
{{/if}}


class WhoAmI(JsonHandler):
    def get(self) -> None:
        # remote_ip and protocol come from X-Forwarded-* only on connections from trusted
        # proxies (FORWARDED_ALLOW_IPS): the server decides that, see server.py.
        req = self.request
        self.send_json({"client": req.remote_ip, "scheme": req.protocol, "host": req.host})


class NotFound(JsonHandler):
    def prepare(self) -> None:
        super().prepare()
        raise tornado.web.HTTPError(404)


class Echo(tornado.websocket.WebSocketHandler):
    def check_origin(self, origin: str) -> bool:
        # Tornado's own check wants the Origin's host:port to equal the Host header, but a proxy
        # in front usually passes Host without the port (nginx's $host): pages of this very site
        # would be refused. Same host name, then; pages of other sites stay refused, so that
        # they cannot open sockets with the visitor's cookies. Clients that send no Origin
        # (not browsers) never get here.
        host = urlsplit(origin).hostname
        return host is not None and host == urlsplit(f"//{self.request.host}").hostname

    def open(self, *args: str, **kwargs: str) -> None:
        OPEN_SOCKETS.add(self)

    def on_message(self, message: str | bytes) -> None:
        self.write_message(message, binary=isinstance(message, bytes))

    def on_close(self) -> None:
        OPEN_SOCKETS.discard(self)


def make_app(debug: bool = False) -> tornado.web.Application:
    """The application; debug=True reloads on code changes and shows tracebacks."""
    routes: list[tuple[str, type[tornado.web.RequestHandler]]] = [
        (r"/", Index),
        (r"/healthz", Health),
        (r"/readyz", Ready),
        (r"/api/items", Items),
        (r"/api/items/([0-9]+)", Item),
        (r"/api/whoami", WhoAmI),
        (r"/ws", Echo),
    ]
    return tornado.web.Application(routes, default_handler_class=NotFound, debug=debug)
