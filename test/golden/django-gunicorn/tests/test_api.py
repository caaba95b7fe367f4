"""The API app: its routes through the project's URLconf."""

from django.test import Client
from django.urls import reverse


def test_index(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.json()["framework"] == "django"


def test_items(client: Client) -> None:
    assert reverse("api:items") == "/api/items"
    response = client.get("/api/items")
    assert [item["name"] for item in response.json()] == ["keyboard", "mouse", "monitor"]


def test_item(client: Client) -> None:
    response = client.get(reverse("api:item", args=[1]))
    assert response.json() == {"id": 1, "name": "keyboard", "price": 49.0}


def test_missing_item_is_404(client: Client) -> None:
    response = client.get("/api/items/999")
    assert response.status_code == 404
    assert response.json() == {"detail": "item not found"}


def test_unknown_path_is_json_404(client: Client) -> None:
    response = client.get("/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "not found"}


def test_only_get(client: Client) -> None:
    assert client.post("/api/items").status_code == 405


def test_whoami(client: Client) -> None:
    response = client.get("/api/whoami", REMOTE_ADDR="192.0.2.1")
    assert response.json() == {"client": "192.0.2.1", "scheme": "https", "host": "testserver"}
