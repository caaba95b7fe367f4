"""The API app: its routes through the project's URLconf{{#if websocket}}, and its WebSocket consumer{{/if}}."""

{{#if database}}
import pytest
{{/if}}
{{#if websocket}}
from asgiref.testing import ApplicationCommunicator
{{/if}}
from django.test import Client
from django.urls import reverse
{{#if websocket}}

from {{package}}.asgi import application
{{/if}}


def test_index(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.json()["framework"] == "django"


{{#if database}}
@pytest.mark.django_db
{{/if}}
def test_items(client: Client) -> None:
    assert reverse("api:items") == "/api/items"
    response = client.get("/api/items")
    assert [item["name"] for item in response.json()] == ["keyboard", "mouse", "monitor"]


{{#if database}}
@pytest.mark.django_db
{{/if}}
def test_item(client: Client) -> None:
    response = client.get(reverse("api:item", args=[1]))
    assert response.json() == {"id": 1, "name": "keyboard", "price": 49.0}


{{#if database}}
@pytest.mark.django_db
{{/if}}
def test_missing_item_is_404(client: Client) -> None:
    response = client.get("/api/items/999")
    assert response.status_code == 404
    assert response.json() == {"detail": "item not found"}


def test_unknown_path_is_json_404(client: Client) -> None:
    response = client.get("/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "not found"}


{{#if database}}
@pytest.mark.django_db
def test_create_item(client: Client) -> None:
    response = client.post("/api/items", {"name": "desk", "price": 250}, "application/json")
    assert response.status_code == 201
    created = response.json()
    assert created == {"id": created["id"], "name": "desk", "price": 250.0}
    assert created["id"] > 3, "the seed's ids are taken: the identity goes on after them"
    assert client.get(f"/api/items/{created['id']}").json() == created


@pytest.mark.django_db
def test_invalid_item_is_400(client: Client) -> None:
    response = client.post("/api/items", {"name": "desk", "price": "free"}, "application/json")
    assert response.status_code == 400
    assert "price" in response.json()["detail"]


@pytest.mark.django_db
def test_delete_item(client: Client) -> None:
    response = client.delete("/api/items/2")
    assert response.status_code == 204
    assert response.content == b""
    assert client.get("/api/items/2").status_code == 404
    assert client.delete("/api/items/2").json() == {"detail": "item not found"}


def test_only_get_post_and_delete(client: Client) -> None:
    assert client.put("/api/items/1").status_code == 405
{{else}}
def test_only_get(client: Client) -> None:
    assert client.post("/api/items").status_code == 405
{{/if}}


def test_whoami(client: Client) -> None:
    response = client.get("/api/whoami", REMOTE_ADDR="192.0.2.1")
    assert response.json() == {"client": "192.0.2.1", "scheme": "https", "host": "testserver"}
{{#if websocket}}


def websocket(origin: str) -> ApplicationCommunicator:
    # asgiref's communicator: channels.testing imports daphne (django/channels#1942).
    scope = {
        "type": "websocket",
        "path": "/ws",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"origin", origin.encode())],
        "subprotocols": [],
    }
    return ApplicationCommunicator(application, scope)


async def test_websocket_echo() -> None:
    ws = websocket("https://testserver")
    await ws.send_input({"type": "websocket.connect"})
    assert (await ws.receive_output(1))["type"] == "websocket.accept"
    await ws.send_input({"type": "websocket.receive", "text": "ping"})
    assert await ws.receive_output(1) == {"type": "websocket.send", "text": "ping"}
    await ws.send_input({"type": "websocket.disconnect", "code": 1000})
    await ws.wait(1)


async def test_websocket_from_another_origin_is_refused() -> None:
    ws = websocket("https://evil.example")
    await ws.send_input({"type": "websocket.connect"})
    assert (await ws.receive_output(1))["type"] == "websocket.close"
{{/if}}
