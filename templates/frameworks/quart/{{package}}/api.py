"""The JSON API under /api."""

from typing import Any

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from . import items

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/items")
async def list_items() -> list[dict[str, Any]]:
    return [item.as_dict() for item in items.list_items()]


@bp.get("/items/<int:item_id>")
async def get_item(item_id: int) -> ResponseReturnValue:
    item = items.get_item(item_id)
    if item is None:
        return {"detail": "item not found"}, 404
    return item.as_dict()


@bp.get("/whoami")
async def whoami() -> dict[str, str | None]:
    # Proxy headers have already been applied, from FORWARDED_ALLOW_IPS peers only:
    # remote_addr and the scheme are the client's, not the proxy's.
    return {"client": request.remote_addr, "scheme": request.scheme, "host": request.host}
