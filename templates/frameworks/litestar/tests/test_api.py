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
