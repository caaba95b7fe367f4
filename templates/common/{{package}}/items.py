"""A tiny in-memory catalogue behind /api/items: replace it with your database."""

from __future__ import annotations

ITEMS: dict[int, dict[str, object]] = {
    1: {"id": 1, "name": "keyboard", "price": 49.0},
    2: {"id": 2, "name": "mouse", "price": 19.5},
    3: {"id": 3, "name": "monitor", "price": 199.0},
}


def list_items() -> list[dict[str, object]]:
    return list(ITEMS.values())


def get_item(item_id: int) -> dict[str, object] | None:
    return ITEMS.get(item_id)


def hello() -> dict[str, str]:
    return {
        "message": "Hello from " + {{{titleLiteral}}},
        "framework": "{{framework}}",
        "server": "{{server}}",
    }
