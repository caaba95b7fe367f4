"""The FastAPI application."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, WebSocket, WebSocketDisconnect

from .api import router as api_router
from .items import hello, list_items

logger = logging.getLogger(__name__)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Open what requests share (a database pool, an HTTP client) before the yield and close it
    # after. Some servers run no lifespan (Daphne), so keep requests working without it there.
    logger.info("%s: serving %d items", app.title, len(list_items()))
    yield
    logger.info("%s: stopped", app.title)


app = FastAPI(title="fastapi-uvicorn", lifespan=lifespan)
app.include_router(api_router)


@app.get("/")
async def index() -> dict[str, str]:
    return hello()


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/readyz")
async def readyz() -> dict[str, str]:
    # Can this process take traffic now (readiness); /healthz only says it is alive (liveness).
    # Ask here what requests need, a database for one, so that an outage takes the instance out
    # of the load balancer without restarting it.
    return {"status": "ready"}


@app.websocket("/ws")
async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            await websocket.send_text(await websocket.receive_text())
    except WebSocketDisconnect:
        pass
