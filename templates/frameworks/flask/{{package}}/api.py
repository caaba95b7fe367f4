"""The /api blueprint.

The server in front applies X-Forwarded-* from trusted proxies (FORWARDED_ALLOW_IPS), so
request.remote_addr and request.scheme are already the client's here.
"""

from typing import Any

from flask import Blueprint, abort, request

from .items import get_item, list_items

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/items")
def items() -> list[dict[str, Any]]:
    return [item.as_dict() for item in list_items()]


@bp.get("/items/<int:item_id>")
def item(item_id: int) -> dict[str, Any]:
    found = get_item(item_id)
    if found is None:
        abort(404, "item not found")
    return found.as_dict()


@bp.get("/whoami")
def whoami() -> dict[str, str | None]:
    return {"client": request.remote_addr, "scheme": request.scheme, "host": request.host}
