from typing import Any

from litestar import Litestar
from litestar.testing import TestClient


def test_items(client: TestClient[Litestar]) -> None:
    items = client.get("/api/items").json()
    assert len(items) == 3
    assert items[0] == {"id": 1, "name": "keyboard", "price": 49.0}


def test_item(client: TestClient[Litestar]) -> None:
    assert client.get("/api/items/1").json()["name"] == "keyboard"


def test_missing_item_is_404(client: TestClient[Litestar]) -> None:
    response = client.get("/api/items/999")
    assert response.status_code == 404
    assert response.json()["detail"] == "item not found"


def test_create_item(client: TestClient[Litestar]) -> None:
    response = client.post("/api/items", json={"name": "webcam", "price": 59.9})
    assert response.status_code == 201
    item = response.json()
    assert item == {"id": item["id"], "name": "webcam", "price": 59.9}
    assert item["id"] > 3
    assert client.get(f"/api/items/{item['id']}").json() == item
    assert client.delete(f"/api/items/{item['id']}").status_code == 204


def test_create_item_needs_a_name_and_a_price(client: TestClient[Litestar]) -> None:
    assert client.post("/api/items", json={"name": "webcam"}).status_code == 400


def test_delete_item(client: TestClient[Litestar]) -> None:
    item = client.post("/api/items", json={"name": "cable", "price": 5.0}).json()
    response = client.delete(f"/api/items/{item['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert client.get(f"/api/items/{item['id']}").status_code == 404
    assert len(client.get("/api/items").json()) == 3


def test_delete_missing_item_is_404(client: TestClient[Litestar]) -> None:
    response = client.delete("/api/items/999")
    assert response.status_code == 404
    assert response.json()["detail"] == "item not found"


def test_whoami(client: TestClient[Litestar]) -> None:
    body = client.get("/api/whoami").json()
    assert body == {"client": "testclient", "scheme": "http", "host": "testserver.local"}


def json_schema(operation: dict[str, Any]) -> Any:
    return operation["responses"]["200"]["content"]["application/json"]["schema"]


def test_openapi_documents_the_item_schema(client: TestClient[Litestar]) -> None:
    document = client.get("/schema/openapi.json").json()
    item = document["components"]["schemas"]["Item"]
    assert set(item["properties"]) == {"id", "name", "price"}
    ref = {"$ref": "#/components/schemas/Item"}
    assert json_schema(document["paths"]["/api/items"]["get"])["items"] == ref
    assert json_schema(document["paths"]["/api/items/{item_id}"]["get"]) == ref
