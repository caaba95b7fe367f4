"""The FastAPI application."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

{{#if database}}
from fastapi import FastAPI, Response, WebSocket, WebSocketDisconnect, status

from . import db
from .api import router as api_router
from .items import hello
{{else}}
from fastapi import FastAPI, WebSocket, WebSocketDisconnect

from .api import router as api_router
from .items import hello, list_items
{{/if}}

logger = logging.getLogger(__name__)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
{{#if database}}
    # The engine is made here and connects on first use: the app starts while PostgreSQL is
    # down, and /readyz says so. Servers without a lifespan (Daphne) make it on the first request.
    db.get_engine()
    logger.info("%s: serving items from PostgreSQL", app.title)
    yield
    await db.dispose_engine()
    logger.info("%s: stopped", app.title)
{{else}}
    # Open what requests share (a database pool, an HTTP client) before the yield and close it
    # after. Some servers run no lifespan (Daphne), so keep requests working without it there.
    logger.info("%s: serving %d items", app.title, len(list_items()))
    yield
    logger.info("%s: stopped", app.title)
{{/if}}


app = FastAPI(title={{titleLiteral}}, lifespan=lifespan)
app.include_router(api_router)


@app.get("/")
async def index() -> dict[str, str]:
    return hello()


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


{{#if database}}
@app.get("/readyz", responses={503: {"description": "PostgreSQL does not answer"}})
async def readyz(response: Response) -> dict[str, str]:
    # Readiness asks the database; liveness (/healthz) does not, so an outage restarts nothing.
    try:
        await db.ping(db.get_engine())
    except Exception as error:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        return {"status": "unavailable", "detail": db.unavailable(error)}
    return {"status": "ready"}
{{else}}
@app.get("/readyz")
async def readyz() -> dict[str, str]:
    # Can this process take traffic now (readiness); /healthz only says it is alive (liveness).
    # Ask here what requests need, a database for one, so that an outage takes the instance out
    # of the load balancer without restarting it.
    return {"status": "ready"}
{{/if}}


@app.websocket("/ws")
async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            await websocket.send_text(await websocket.receive_text())
    except WebSocketDisconnect:
        pass
