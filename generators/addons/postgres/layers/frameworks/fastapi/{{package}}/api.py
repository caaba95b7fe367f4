"""The JSON API under /api."""

from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Path, Request, status
from sqlmodel import col, select

from .db import SessionDep
from .models import Detail, Item, ItemCreate, ItemPublic, Whoami

router = APIRouter(prefix="/api")

ItemId = Annotated[int, Path(description="The item's id")]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Detail, "description": "No item has this id"}
}


@router.get("/items", tags=["items"])
async def list_items(session: SessionDep) -> list[ItemPublic]:
    items = await session.exec(select(Item).order_by(col(Item.id)))
    return [ItemPublic.model_validate(item) for item in items]


@router.get("/items/{item_id}", tags=["items"], responses=NOT_FOUND)
async def read_item(item_id: ItemId, session: SessionDep) -> ItemPublic:
    item = await session.get(Item, item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="item not found")
    return ItemPublic.model_validate(item)


@router.post("/items", tags=["items"], status_code=status.HTTP_201_CREATED)
async def create_item(item_in: ItemCreate, session: SessionDep) -> ItemPublic:
    item = Item.model_validate(item_in)
    session.add(item)
    await session.commit()
    await session.refresh(item)
    return ItemPublic.model_validate(item)


@router.delete(
    "/items/{item_id}", tags=["items"], status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND
)
async def delete_item(item_id: ItemId, session: SessionDep) -> None:
    item = await session.get(Item, item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="item not found")
    await session.delete(item)
    await session.commit()


@router.get("/whoami")
async def whoami(request: Request, host: Annotated[str | None, Header()] = None) -> Whoami:
    # Proxy headers have already been applied, from FORWARDED_ALLOW_IPS peers only:
    # request.client and the scheme are the client's, not the proxy's.
    client = request.client.host if request.client else None
    return Whoami(client=client, scheme=request.url.scheme, host=host)
