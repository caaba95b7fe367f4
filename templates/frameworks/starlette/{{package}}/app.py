"""The Starlette application."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

{{#if database}}
from . import api, db
from .items import hello
{{else}}
from . import api
from .items import hello, list_items
{{/if}}

logger = logging.getLogger(__name__)


async def index(request: Request) -> JSONResponse:
    return JSONResponse(hello())


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
{{#if database}}
    # Readiness, unlike /healthz: while the database does not answer the app leaves the load
    # balancer, and is not restarted.
    problem = await db.ready()
    if problem:
        return JSONResponse({"status": "unavailable", "detail": problem}, status_code=503)
{{else}}
    # Can this process take traffic now (readiness); /healthz only says it is alive (liveness).
    # Ask here what requests need, a database for one, so that an outage takes the instance out
    # of the load balancer without restarting it.
{{/if}}
    return JSONResponse({"status": "ready"})


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            await websocket.send_text(await websocket.receive_text())
    except WebSocketDisconnect:
        pass


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    # A JSON API answers JSON, also for paths it does not know.
    assert isinstance(exc, HTTPException)  # the one class it is registered for
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
{{#if database}}
    # The pool's first connection: a database that is down is logged, not fatal, since the
    # pool connects again at first use and /readyz says why meanwhile. Some servers run no
    # lifespan (Daphne), so requests work without it there.
    problem = await db.ready()
    if problem:
        logger.warning("database not ready yet: %s", problem)
    else:
        logger.info("database ready")
    yield
    await db.dispose()
    logger.info("stopped")
{{else}}
    # Open what requests share (a database pool, an HTTP client) before the yield and close it
    # after. Some servers run no lifespan (Daphne), so keep requests working without it there.
    logger.info("serving %d items", len(list_items()))
    yield
    logger.info("stopped")
{{/if}}


routes = [
    Route("/", index),
    Route("/healthz", healthz),
    Route("/readyz", readyz),
    Mount("/api", routes=api.routes),
    WebSocketRoute("/ws", echo),
]

app = Starlette(
    routes=routes,
    exception_handlers={HTTPException: http_error},
    lifespan=lifespan,
)
