from starlette.testclient import TestClient


def test_items(client: TestClient) -> None:
    items = client.get("/api/items").json()
    assert len(items) == 3
    assert items[0] == {"id": 1, "name": "keyboard", "price": 49.0}


def test_item(client: TestClient) -> None:
    assert client.get("/api/items/1").json()["name"] == "keyboard"


def test_missing_item_is_404(client: TestClient) -> None:
    response = client.get("/api/items/999")
    assert response.status_code == 404
    assert response.json() == {"detail": "item not found"}


def test_whoami(client: TestClient) -> None:
    body = client.get("/api/whoami").json()
    assert body == {"client": "testclient", "scheme": "http", "host": "testserver"}
{{#if database}}


def test_create_item(client: TestClient) -> None:
    response = client.post("/api/items", json={"name": "webcam", "price": 59.9})
    assert response.status_code == 201
    item = response.json()
    assert item == {"id": item["id"], "name": "webcam", "price": 59.9}
    assert client.get(f"/api/items/{item['id']}").json() == item
    client.delete(f"/api/items/{item['id']}")


def test_invalid_item_is_422(client: TestClient) -> None:
    assert client.post("/api/items", json={"name": "webcam"}).status_code == 422


def test_delete_item(client: TestClient) -> None:
    item = client.post("/api/items", json={"name": "cable", "price": 5}).json()
    response = client.delete(f"/api/items/{item['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert client.get(f"/api/items/{item['id']}").status_code == 404


def test_delete_missing_item_is_404(client: TestClient) -> None:
    response = client.delete("/api/items/999")
    assert response.status_code == 404
    assert response.json() == {"detail": "item not found"}
{{/if}}
