"""The /api blueprint."""

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, empty, json

from . import items

bp = Blueprint("api", url_prefix="/api")


@bp.get("/items")
async def list_items(request: Request) -> HTTPResponse:
    return json([item.as_dict() for item in await items.list_items()])


@bp.get("/items/<item_id:int>")
async def get_item(request: Request, item_id: int) -> HTTPResponse:
    item = await items.get_item(item_id)
    if item is None:
        return json({"detail": "item not found"}, status=404)
    return json(item.as_dict())


@bp.post("/items")
async def create_item(request: Request) -> HTTPResponse:
    # A body that is not JSON is Sanic's 400; JSON without a name and a price is ours to refuse.
    fields = request.json if isinstance(request.json, dict) else {}
    name, price = fields.get("name"), fields.get("price")
    if not (
        isinstance(name, str)
        and name
        and isinstance(price, int | float)
        and not isinstance(price, bool)  # an int to Python, but no price
    ):
        return json({"detail": 'expected {"name": string, "price": number}'}, status=422)
    item = await items.create_item(name, float(price))
    return json(item.as_dict(), status=201)


@bp.delete("/items/<item_id:int>")
async def delete_item(request: Request, item_id: int) -> HTTPResponse:
    if not await items.delete_item(item_id):
        return json({"detail": "item not found"}, status=404)
    return empty()


@bp.get("/whoami")
async def whoami(request: Request) -> HTTPResponse:
{{#if isAsgi}}
    # From the scope, as the ASGI server set it from trusted proxy headers: Sanic's
    # request.scheme ignores the scope's scheme.
    client = request.scope.get("client")
    return json(
        {
            "client": client[0] if client else None,
            "scheme": request.scope["scheme"],
            "host": request.headers.get("host"),
        }
    )
{{else}}
    # X-Forwarded-* count only from FORWARDED_ALLOW_IPS: see proxies.py.
    return json(
        {
            "client": request.client_ip,
            "scheme": request.scheme,
            "host": request.headers.get("host"),
        }
    )
{{/if}}
