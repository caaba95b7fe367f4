"""The JSON API under /api."""

from dataclasses import dataclass
from typing import Any

from litestar import Controller, Request, Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from . import items
from .items import Item


class ItemController(Controller):
    path = "/items"
    tags = ["items"]

    @get()
    async def list_items(self) -> list[Item]:
        return items.list_items()

    # FromPath because Litestar 2.25 deprecates inferring a parameter's source from its name.
    @get("/{item_id:int}", raises=[NotFoundException])
    async def get_item(self, item_id: FromPath[int]) -> Item:
        item = items.get_item(item_id)
        if item is None:
            raise NotFoundException(detail="item not found")
        return item


@dataclass(frozen=True, slots=True)
class Whoami:
    client: str | None
    scheme: str
    host: str | None


@get("/whoami")
async def whoami(request: Request[Any, Any, Any]) -> Whoami:
    # Proxy headers have already been applied, from FORWARDED_ALLOW_IPS peers only:
    # request.client and the scheme are the client's, not the proxy's.
    client = request.client.host if request.client else None
    return Whoami(client=client, scheme=request.url.scheme, host=request.headers.get("host"))


router = Router(path="/api", route_handlers=[ItemController, whoami])
