"""The JSON API under /api."""

from dataclasses import dataclass
from typing import Any

from advanced_alchemy.extensions.litestar import repository
from litestar import Controller, Request, Router, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from .models import ItemModel


@dataclass(frozen=True, slots=True)
class Item:
    id: int
    name: str
    price: float

    @classmethod
    def of(cls, row: ItemModel) -> "Item":
        return cls(id=row.id, name=row.name, price=row.price)


@dataclass(frozen=True, slots=True)
class ItemCreate:
    name: str
    price: float


class ItemRepository(repository.SQLAlchemyAsyncRepository[ItemModel]):
    model_type = ItemModel


async def provide_items(db_session: NamedDependency[AsyncSession]) -> ItemRepository:
    # db_session is the plugin's: one per request, committed when the response is a success.
    return ItemRepository(session=db_session)


# The repository of the request's session, in each handler that names it.
Items = NamedDependency[ItemRepository]


class ItemController(Controller):
    path = "/items"
    tags = ["items"]
    dependencies = {"items": Provide(provide_items)}

    @get()
    async def list_items(self, items: Items) -> list[Item]:
        return [Item.of(row) for row in await items.get_many(order_by=ItemModel.id.asc())]

    # FromPath, JSONBody and NamedDependency because Litestar 2.25 deprecates inferring a
    # parameter's source from its name.
    @get("/{item_id:int}", raises=[NotFoundException])
    async def get_item(self, item_id: FromPath[int], items: Items) -> Item:
        row = await items.get_one_or_none(id=item_id)
        if row is None:
            raise NotFoundException(detail="item not found")
        return Item.of(row)

    @post()
    async def create_item(self, data: JSONBody[ItemCreate], items: Items) -> Item:
        return Item.of(await items.add(ItemModel(name=data.name, price=data.price)))

    @delete("/{item_id:int}", raises=[NotFoundException])
    async def delete_item(self, item_id: FromPath[int], items: Items) -> None:
        if await items.get_one_or_none(id=item_id) is None:
            raise NotFoundException(detail="item not found")
        await items.delete(item_id)


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
