"""The catalogue behind /api/items, kept in PostgreSQL (db.py)."""

from sqlalchemy import select

from .db import Item, session

__all__ = ["Item", "create_item", "delete_item", "get_item", "hello", "list_items"]


def list_items() -> list[Item]:
    with session() as s:
        return list(s.scalars(select(Item).order_by(Item.id)))


def get_item(item_id: int) -> Item | None:
    with session() as s:
        return s.get(Item, item_id)


def create_item(name: str, price: float) -> Item:
    item = Item(name=name, price=price)
    with session() as s:
        s.add(item)
    return item


def delete_item(item_id: int) -> bool:
    """False when there was no such item."""
    with session() as s:
        item = s.get(Item, item_id)
        if item is None:
            return False
        s.delete(item)
    return True


def hello() -> dict[str, str]:
    return {
        "message": {{helloLiteral}},
        "framework": "{{framework}}",
        "server": "{{server}}",
    }
