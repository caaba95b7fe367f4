"""The catalogue behind /api/items, kept in PostgreSQL (db.py)."""

from sqlalchemy import select

from .db import Item, session

__all__ = ["Item", "create_item", "delete_item", "get_item", "hello", "list_items"]


async def list_items() -> list[Item]:
    async with session() as s:
        return list(await s.scalars(select(Item).order_by(Item.id)))


async def get_item(item_id: int) -> Item | None:
    async with session() as s:
        return await s.get(Item, item_id)


async def create_item(name: str, price: float) -> Item:
    item = Item(name=name, price=price)
    async with session() as s:
        s.add(item)
    return item


async def delete_item(item_id: int) -> bool:
    """False when there was no such item."""
    async with session() as s:
        item = await s.get(Item, item_id)
        if item is None:
            return False
        await s.delete(item)
    return True


def hello() -> dict[str, str]:
    return {
        "message": {{helloLiteral}},
        "framework": "{{framework}}",
        "server": "{{server}}",
    }
