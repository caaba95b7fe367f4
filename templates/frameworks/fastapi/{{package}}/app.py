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


app = FastAPI(title={{titleLiteral}}, lifespan=lifespan)
app.include_router(api_router)


@app.get("/")
async def index() -> dict[str, str]:
    return hello()


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.websocket("/ws")
async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            await websocket.send_text(await websocket.receive_text())
    except WebSocketDisconnect:
        pass
