# Imported as Client: pytest would try to collect a class named Test*.
from quart.typing import TestClientProtocol as Client


async def test_items(client: Client) -> None:
    items = await (await client.get("/api/items")).get_json()
    assert len(items) == 3
    assert items[0] == {"id": 1, "name": "keyboard", "price": 49.0}


async def test_item(client: Client) -> None:
    assert (await (await client.get("/api/items/1")).get_json())["name"] == "keyboard"


async def test_missing_item_is_404(client: Client) -> None:
    response = await client.get("/api/items/999")
    assert response.status_code == 404
    assert await response.get_json() == {"detail": "item not found"}


async def test_whoami(client: Client) -> None:
    response = await client.get("/api/whoami", scope_base={"client": ("192.0.2.1", 50000)})
    body = await response.get_json()
    assert body == {"client": "192.0.2.1", "scheme": "http", "host": "localhost"}
