"""The catalogue behind /api/items: a PostgreSQL table the first migration makes and seeds."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Double, Identity, Text
from sqlalchemy.orm import Mapped, mapped_column

from .db import db


# mypy cannot check a base class held in an attribute (python/mypy#8603): Flask-SQLAlchemy
# says to ignore the line.
class Item(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "items"

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    price: Mapped[float] = mapped_column(Double)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "price": self.price}


def list_items() -> list[Item]:
    return list(db.session.execute(db.select(Item).order_by(Item.id)).scalars())


def get_item(item_id: int) -> Item | None:
    return db.session.get(Item, item_id)


def create_item(name: str, price: float) -> Item:
    item = Item(name=name, price=price)
    db.session.add(item)
    db.session.commit()
    return item


def delete_item(item_id: int) -> bool:
    item = db.session.get(Item, item_id)
    if item is None:
        return False
    db.session.delete(item)
    db.session.commit()
    return True


def hello() -> dict[str, str]:
    return {
        "message": {{helloLiteral}},
        "framework": "{{framework}}",
        "server": "{{server}}",
    }
