"""A Quart service.

The server in front applies X-Forwarded-* from trusted proxies (FORWARDED_ALLOW_IPS), so
request.remote_addr and request.scheme are already the client's here.
"""

from quart import Quart, request{{#if websocket}}, websocket{{/if}}
from quart.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from .items import get_item, hello, list_items

app = Quart(__name__)


@app.get("/")
async def index() -> dict[str, str]:
    return hello()


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/api/items")
async def items() -> list[dict[str, object]]:
    return list_items()


@app.get("/api/items/<int:item_id>")
async def item(item_id: int) -> ResponseReturnValue:
    found = get_item(item_id)
    if found is None:
        return {"detail": "item not found"}, 404
    return found


@app.get("/api/whoami")
async def whoami() -> dict[str, str | None]:
    return {
        "client": request.remote_addr,
        "scheme": request.scheme,
        "host": request.headers.get("host"),
    }
{{#if websocket}}


@app.websocket("/ws")
async def echo() -> None:
    while True:
        await websocket.send(await websocket.receive())
{{/if}}


@app.errorhandler(NotFound)
async def not_found(_error: NotFound) -> ResponseReturnValue:
    # A JSON API answers JSON, also for paths it does not know.
    return {"detail": "not found"}, 404
