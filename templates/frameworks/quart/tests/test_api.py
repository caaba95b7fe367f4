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
{{#if database}}


async def test_create_item(client: Client) -> None:
    response = await client.post("/api/items", json={"name": "webcam", "price": 59.9})
    assert response.status_code == 201
    item = await response.get_json()
    assert item == {"id": item["id"], "name": "webcam", "price": 59.9}
    assert await (await client.get(f"/api/items/{item['id']}")).get_json() == item
    await client.delete(f"/api/items/{item['id']}")


async def test_invalid_item_is_422(client: Client) -> None:
    assert (await client.post("/api/items", json={"name": "webcam"})).status_code == 422


async def test_delete_item(client: Client) -> None:
    item = await (await client.post("/api/items", json={"name": "cable", "price": 5})).get_json()
    response = await client.delete(f"/api/items/{item['id']}")
    assert response.status_code == 204
    assert await response.get_data() == b""
    assert (await client.get(f"/api/items/{item['id']}")).status_code == 404


async def test_delete_missing_item_is_404(client: Client) -> None:
    response = await client.delete("/api/items/999")
    assert response.status_code == 404
    assert await response.get_json() == {"detail": "item not found"}
{{/if}}
