"""The Quart application."""

from quart import Quart, websocket
from quart.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from .api import bp as api
from .items import hello

app = Quart(__name__)
app.register_blueprint(api)


@app.get("/")
async def index() -> dict[str, str]:
    return hello()


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.websocket("/ws")
async def echo() -> None:
    while True:
        await websocket.send(await websocket.receive())


@app.errorhandler(NotFound)
async def not_found(_error: NotFound) -> ResponseReturnValue:
    # A JSON API answers JSON, also for paths it does not know.
    return {"detail": "not found"}, 404
