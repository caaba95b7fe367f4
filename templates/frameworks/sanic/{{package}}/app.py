"""A Sanic service{{#if isAsgi}}, served over ASGI{{else}} on Sanic's own server{{/if}}: the app, its config and its blueprints."""

{{#unless isAsgi}}
import os
{{/unless}}
from http import HTTPStatus
{{#if database}}
from typing import Any
{{/if}}

from sanic import Request, Sanic, Websocket
{{#unless isAsgi}}
from sanic.config import Config
{{/unless}}
from sanic.exceptions import SanicException
{{#if database}}
from sanic.log import logger
{{/if}}
from sanic.response import HTTPResponse, json

{{#if database}}
from . import api, db
{{else}}
from . import api
{{/if}}
from .items import hello
{{#unless isAsgi}}
from .proxies import ignore_untrusted_proxy_headers
from .shutdown import stop_cleanly
{{/unless}}

{{#if isAsgi}}
# Sanic app names must match [A-Za-z_][A-Za-z0-9_-]*, as a package name does.
app = Sanic("{{package}}")
{{else}}
# Defaults only: SANIC_<NAME> environment variables (SANIC_ACCESS_LOG=false ...) override them.
config = Config(
    defaults={
        # ACCESS_LOG=0 turns it off, as for every server; Sanic keeps its own line format.
        "ACCESS_LOG": os.environ.get("ACCESS_LOG", "1") != "0",
        # Seconds in-flight requests get after SIGTERM; the orchestrator's grace period is longer.
        "GRACEFUL_SHUTDOWN_TIMEOUT": {{gracefulTimeout}},
        # One proxy hop, and only from FORWARDED_ALLOW_IPS: see proxies.py.
        "PROXIES_COUNT": 1,
    }
)
# Sanic app names must match [A-Za-z_][A-Za-z0-9_-]*, as a package name does.
app = Sanic("{{package}}", config=config)
{{/if}}
# Server errors, which json_error leaves to Sanic, answer JSON unless the client asks for HTML.
# Set here: Sanic ignores it among a Config's defaults.
app.config.FALLBACK_ERROR_FORMAT = "json"
app.blueprint(api.bp)
{{#unless isAsgi}}
# Before any other middleware reads the client's address.
app.on_request(ignore_untrusted_proxy_headers, priority=100)
stop_cleanly(app)
{{/unless}}
{{#if database}}


# In each worker process, whose event loop the pool's connections belong to.
@app.before_server_start
async def check_database(app: Sanic[Any, Any]) -> None:
    # The pool connects again at first use: a database that is down now is logged, not fatal,
    # and /readyz says why meanwhile.
    problem = await db.ready()
    if problem:
        logger.warning("database not ready yet: %s", problem)


@app.after_server_stop
async def close_database(app: Sanic[Any, Any]) -> None:
    await db.dispose()
{{/if}}


def json_error(request: Request, exception: Exception) -> HTTPResponse:
    """Client errors, unknown paths included, as the other APIs answer: {"detail": "not found"}."""
    status = exception.status_code if isinstance(exception, SanicException) else 500
    if status >= 500:
        # Sanic's own handler logs server errors with their traceback.
        return app.error_handler.default(request, exception)
    try:
        detail = HTTPStatus(status).phrase.lower()
    except ValueError:
        detail = "error"
    headers = exception.headers if isinstance(exception, SanicException) else {}
    return json({"detail": detail}, status=status, headers=headers)


# Not the @app.exception decorator: it is untyped, and would hide json_error's types.
app.error_handler.add(SanicException, json_error)


@app.get("/")
async def index(request: Request) -> HTTPResponse:
    return json(hello())


@app.get("/healthz")
async def healthz(request: Request) -> HTTPResponse:
    return json({"status": "ok"})


@app.get("/readyz")
async def readyz(request: Request) -> HTTPResponse:
{{#if database}}
    # Readiness, unlike /healthz: while the database does not answer the app leaves the load
    # balancer, and is not restarted.
    problem = await db.ready()
    if problem:
        return json({"status": "unavailable", "detail": problem}, status=503)
{{else}}
    # Can this process take traffic now (readiness); /healthz only says it is alive (liveness).
    # Ask here what requests need, a database for one, so that an outage takes the instance out
    # of the load balancer without restarting it.
{{/if}}
    return json({"status": "ready"})


async def echo(request: Request, ws: Websocket) -> None:
    # recv() returns None once an ASGI client has gone; Sanic's own server raises instead.
    while (message := await ws.recv()) is not None:
        await ws.send(message)


# Not the @app.websocket decorator: it is untyped, and would hide echo's types.
app.add_websocket_route(echo, "/ws")
