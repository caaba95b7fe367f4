from fastapi.testclient import TestClient

from {{package}}.app import app

client = TestClient(app)


def test_index() -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.json()["framework"] == "fastapi"


def test_healthz() -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_items() -> None:
    assert len(client.get("/api/items").json()) == 3
    assert client.get("/api/items/1").json()["name"] == "keyboard"


def test_missing_item_is_404() -> None:
    assert client.get("/api/items/999").status_code == 404
{{#if websocket}}


def test_websocket_echo() -> None:
    with client.websocket_connect("/ws") as ws:
        ws.send_text("ping")
        assert ws.receive_text() == "ping"
{{/if}}
