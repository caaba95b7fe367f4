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

from . import api
from .items import hello, list_items

logger = logging.getLogger(__name__)


async def index(request: Request) -> JSONResponse:
    return JSONResponse(hello())


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


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
    # Open what requests share (a database pool, an HTTP client) before the yield and close it
    # after. Some servers run no lifespan (Daphne), so keep requests working without it there.
    logger.info("serving %d items", len(list_items()))
    yield
    logger.info("stopped")


routes = [
    Route("/", index),
    Route("/healthz", healthz),
    Mount("/api", routes=api.routes),
    WebSocketRoute("/ws", echo),
]

app = Starlette(
    routes=routes,
    exception_handlers={HTTPException: http_error},
    lifespan=lifespan,
)
