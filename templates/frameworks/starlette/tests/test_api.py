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
