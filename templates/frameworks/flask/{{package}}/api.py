"""The /api blueprint.

The server in front applies X-Forwarded-* from trusted proxies (FORWARDED_ALLOW_IPS), so
request.remote_addr and request.scheme are already the client's here.
"""

from typing import Any

from flask import Blueprint, abort, request
{{#if database}}
from flask.typing import ResponseReturnValue

from .items import create_item, delete_item, get_item, list_items
{{else}}

from .items import get_item, list_items
{{/if}}

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/items")
def items() -> list[dict[str, Any]]:
    return [item.as_dict() for item in list_items()]


{{#if database}}
@bp.post("/items")
def add_item() -> ResponseReturnValue:
    match request.get_json(silent=True):
        case {"name": str(name), "price": int(price) | float(price)} if not isinstance(price, bool):
            return create_item(name, float(price)).as_dict(), 201
    abort(400, 'expected a JSON object {"name": string, "price": number}')


{{/if}}
@bp.get("/items/<int:item_id>")
def item(item_id: int) -> dict[str, Any]:
    found = get_item(item_id)
    if found is None:
        abort(404, "item not found")
    return found.as_dict()


{{#if database}}
@bp.delete("/items/<int:item_id>")
def remove_item(item_id: int) -> ResponseReturnValue:
    if not delete_item(item_id):
        abort(404, "item not found")
    return "", 204


{{/if}}
@bp.get("/whoami")
def whoami() -> dict[str, str | None]:
    return {"client": request.remote_addr, "scheme": request.scheme, "host": request.host}
