"""A Litestar service.

The server in front applies X-Forwarded-* from trusted proxies (FORWARDED_ALLOW_IPS), so
request.client and request.url.scheme are already the client's here.
"""

from litestar import Litestar, Request, get{{#if websocket}}, websocket_listener{{/if}}
from litestar.exceptions import NotFoundException
from litestar.openapi import OpenAPIConfig
from litestar.params import FromPath

from .items import get_item, hello, list_items


@get("/")
async def index() -> dict[str, str]:
    return hello()


@get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@get("/api/items")
async def items() -> list[dict[str, object]]:
    return list_items()


@get("/api/items/{item_id:int}")
async def item(item_id: FromPath[int]) -> dict[str, object]:
    found = get_item(item_id)
    if found is None:
        raise NotFoundException(detail="item not found")
    return found


@get("/api/whoami")
async def whoami(request: Request) -> dict[str, str | None]:
    client = request.client.host if request.client else None
    return {"client": client, "scheme": request.url.scheme, "host": request.headers.get("host")}
{{#if websocket}}


@websocket_listener("/ws")
async def echo(data: str) -> str:
    return data
{{/if}}


app = Litestar(
    route_handlers=[index, healthz, items, item, whoami{{#if websocket}}, echo{{/if}}],
    openapi_config=OpenAPIConfig(title={{{titleLiteral}}}, version="0.1.0"),
)
