"""The JSON API under /api."""

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Path, Request

from . import items
from .models import Detail, Item, Whoami

router = APIRouter(prefix="/api")


@router.get("/items", tags=["items"])
async def list_items() -> list[Item]:
    return [Item.model_validate(item) for item in items.list_items()]


@router.get(
    "/items/{item_id}",
    tags=["items"],
    responses={404: {"model": Detail, "description": "No item has this id"}},
)
async def read_item(item_id: Annotated[int, Path(description="The item's id")]) -> Item:
    item = items.get_item(item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="item not found")
    return Item.model_validate(item)


@router.get("/whoami")
async def whoami(request: Request, host: Annotated[str | None, Header()] = None) -> Whoami:
    # Proxy headers have already been applied, from FORWARDED_ALLOW_IPS peers only:
    # request.client and the scheme are the client's, not the proxy's.
    client = request.client.host if request.client else None
    return Whoami(client=client, scheme=request.url.scheme, host=host)
