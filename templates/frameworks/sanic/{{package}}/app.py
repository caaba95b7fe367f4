{{#if isAsgi}}
"""A Sanic service, served over ASGI.

The ASGI server applies X-Forwarded-* from trusted proxies (FORWARDED_ALLOW_IPS) to the scope,
so the scope's client and scheme are already the client's here.
"""

from sanic import Request, Sanic{{#if websocket}}, Websocket{{/if}}
from sanic.response import HTTPResponse, json

from .items import get_item, hello, list_items

# Sanic app names must match [A-Za-z_][A-Za-z0-9_-]*, as a package name does.
app = Sanic("{{package}}")
{{else}}
"""A Sanic service on Sanic's own server."""

from sanic import Request, Sanic{{#if websocket}}, Websocket{{/if}}
from sanic.config import Config
from sanic.response import HTTPResponse, json

from .items import get_item, hello, list_items
from .proxies import ignore_untrusted_proxy_headers
from .shutdown import stop_cleanly

# Defaults only: SANIC_<NAME> environment variables (SANIC_ACCESS_LOG=false ...) override them.
config = Config(
    defaults={
        "ACCESS_LOG": True,
        # Seconds in-flight requests get after SIGTERM; the orchestrator's grace period is longer.
        "GRACEFUL_SHUTDOWN_TIMEOUT": {{gracefulTimeout}},
        # One proxy hop, and only from FORWARDED_ALLOW_IPS: see proxies.py.
        "PROXIES_COUNT": 1,
    }
)
# Sanic app names must match [A-Za-z_][A-Za-z0-9_-]*, as a package name does.
app = Sanic("{{package}}", config=config)
# Before any other middleware reads the client's address.
app.on_request(ignore_untrusted_proxy_headers, priority=100)
stop_cleanly(app)
{{/if}}


@app.get("/")
async def index(request: Request) -> HTTPResponse:
    return json(hello())


@app.get("/healthz")
async def healthz(request: Request) -> HTTPResponse:
    return json({"status": "ok"})


@app.get("/api/items")
async def items(request: Request) -> HTTPResponse:
    return json(list_items())


@app.get("/api/items/<item_id:int>")
async def item(request: Request, item_id: int) -> HTTPResponse:
    found = get_item(item_id)
    if found is None:
        return json({"detail": "item not found"}, status=404)
    return json(found)


@app.get("/api/whoami")
async def whoami(request: Request) -> HTTPResponse:
{{#if isAsgi}}
    # From the scope, as the server set it: Sanic's request.scheme ignores the scope's scheme.
    client = request.scope.get("client")
    return json({
        "client": client[0] if client else None,
        "scheme": request.scope["scheme"],
        "host": request.headers.get("host"),
    })
{{else}}
    return json({
        "client": request.client_ip,
        "scheme": request.scheme,
        "host": request.headers.get("host"),
    })
{{/if}}
{{#if websocket}}


@app.websocket("/ws")
async def echo(request: Request, ws: Websocket) -> None:
    # recv() returns None once an ASGI client has gone; Sanic's own server raises instead.
    while (message := await ws.recv()) is not None:
        await ws.send(message)
{{/if}}
