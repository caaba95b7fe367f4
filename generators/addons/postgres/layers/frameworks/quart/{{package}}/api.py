"""The JSON API under /api."""

from typing import Any

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from . import items

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/items")
async def list_items() -> list[dict[str, Any]]:
    return [item.as_dict() for item in await items.list_items()]


@bp.get("/items/<int:item_id>")
async def get_item(item_id: int) -> ResponseReturnValue:
    item = await items.get_item(item_id)
    if item is None:
        return {"detail": "item not found"}, 404
    return item.as_dict()


@bp.post("/items")
async def create_item() -> ResponseReturnValue:
    # A body that is not JSON is Quart's 400; JSON without a name and a price is ours to refuse.
    body = await request.get_json()
    fields = body if isinstance(body, dict) else {}
    name, price = fields.get("name"), fields.get("price")
    if not (
        isinstance(name, str)
        and name
        and isinstance(price, int | float)
        and not isinstance(price, bool)  # an int to Python, but no price
    ):
        return {"detail": 'expected {"name": string, "price": number}'}, 422
    item = await items.create_item(name, float(price))
    return item.as_dict(), 201


@bp.delete("/items/<int:item_id>")
async def delete_item(item_id: int) -> ResponseReturnValue:
    if not await items.delete_item(item_id):
        return {"detail": "item not found"}, 404
    return "", 204


@bp.get("/whoami")
async def whoami() -> dict[str, str | None]:
    # Proxy headers have already been applied, from FORWARDED_ALLOW_IPS peers only:
    # remote_addr and the scheme are the client's, not the proxy's.
    return {"client": request.remote_addr, "scheme": request.scheme, "host": request.host}
