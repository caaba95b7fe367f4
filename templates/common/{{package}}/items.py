"""A tiny in-memory catalogue behind /api/items: replace it with your database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Item:
    id: int
    name: str
    price: float

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "price": self.price}


ITEMS: dict[int, Item] = {
    1: Item(id=1, name="keyboard", price=49.0),
    2: Item(id=2, name="mouse", price=19.5),
    3: Item(id=3, name="monitor", price=199.0),
}


def list_items() -> list[Item]:
    return list(ITEMS.values())


def get_item(item_id: int) -> Item | None:
    return ITEMS.get(item_id)


def hello() -> dict[str, str]:
    return {
        "message": {{helloLiteral}},
        "framework": "{{framework}}",
        "server": "{{server}}",
    }
