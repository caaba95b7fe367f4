"""The JSON API, mounted at /api."""

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import items


async def list_items(request: Request) -> JSONResponse:
    return JSONResponse([item.as_dict() for item in await items.list_items()])


async def get_item(request: Request) -> JSONResponse:
    item = await items.get_item(request.path_params["item_id"])
    if item is None:
        raise HTTPException(status_code=404, detail="item not found")
    return JSONResponse(item.as_dict())


def item_fields(body: Any) -> tuple[str, float]:
    """The name and price of a new item, or a 422 that says what a body must be."""
    fields = body if isinstance(body, dict) else {}
    name, price = fields.get("name"), fields.get("price")
    if (
        isinstance(name, str)
        and name
        and isinstance(price, int | float)
        and not isinstance(price, bool)  # an int to Python, but no price
    ):
        return name, float(price)
    raise HTTPException(status_code=422, detail='expected {"name": string, "price": number}')


async def create_item(request: Request) -> JSONResponse:
    try:
        body = await request.json()
    except ValueError:
        raise HTTPException(status_code=400, detail="the body is not JSON") from None
    item = await items.create_item(*item_fields(body))
    return JSONResponse(item.as_dict(), status_code=201)


async def delete_item(request: Request) -> Response:
    if not await items.delete_item(request.path_params["item_id"]):
        raise HTTPException(status_code=404, detail="item not found")
    return Response(status_code=204)


async def whoami(request: Request) -> JSONResponse:
    # Proxy headers have already been applied, from FORWARDED_ALLOW_IPS peers only:
    # request.client and the scheme are the client's, not the proxy's.
    client = request.client.host if request.client else None
    return JSONResponse(
        {"client": client, "scheme": request.url.scheme, "host": request.headers.get("host")}
    )


routes = [
    Route("/items", list_items, methods=["GET"]),
    Route("/items", create_item, methods=["POST"]),
    Route("/items/{item_id:int}", get_item, methods=["GET"]),
    Route("/items/{item_id:int}", delete_item, methods=["DELETE"]),
    Route("/whoami", whoami),
]
