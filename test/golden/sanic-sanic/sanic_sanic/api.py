"""The /api blueprint."""

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from .items import get_item, list_items

bp = Blueprint("api", url_prefix="/api")


@bp.get("/items")
async def items(request: Request) -> HTTPResponse:
    return json([item.as_dict() for item in list_items()])


@bp.get("/items/<item_id:int>")
async def item(request: Request, item_id: int) -> HTTPResponse:
    found = get_item(item_id)
    if found is None:
        return json({"detail": "item not found"}, status=404)
    return json(found.as_dict())


@bp.get("/whoami")
async def whoami(request: Request) -> HTTPResponse:
    # X-Forwarded-* count only from FORWARDED_ALLOW_IPS: see proxies.py.
    return json(
        {
            "client": request.client_ip,
            "scheme": request.scheme,
            "host": request.headers.get("host"),
        }
    )
