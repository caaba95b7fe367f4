"""The JSON API, mounted at /api."""

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from . import items


async def list_items(request: Request) -> JSONResponse:
    return JSONResponse([item.as_dict() for item in items.list_items()])


async def get_item(request: Request) -> JSONResponse:
    item = items.get_item(request.path_params["item_id"])
    if item is None:
        raise HTTPException(status_code=404, detail="item not found")
    return JSONResponse(item.as_dict())


async def whoami(request: Request) -> JSONResponse:
    # Proxy headers have already been applied, from FORWARDED_ALLOW_IPS peers only:
    # request.client and the scheme are the client's, not the proxy's.
    client = request.client.host if request.client else None
    return JSONResponse(
        {"client": client, "scheme": request.url.scheme, "host": request.headers.get("host")}
    )


routes = [
    Route("/items", list_items),
    Route("/items/{item_id:int}", get_item),
    Route("/whoami", whoami),
]
