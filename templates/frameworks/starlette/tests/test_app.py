from starlette.testclient import TestClient

from {{package}}.app import app

client = TestClient(app)


def test_index() -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.json()["framework"] == "starlette"


def test_healthz() -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_items() -> None:
    assert len(client.get("/api/items").json()) == 3
    assert client.get("/api/items/1").json()["name"] == "keyboard"


def test_missing_item_is_404() -> None:
    response = client.get("/api/items/999")
    assert response.status_code == 404
    assert response.json() == {"detail": "item not found"}


def test_unknown_path_is_json_404() -> None:
    response = client.get("/nope")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_whoami() -> None:
    body = client.get("/api/whoami").json()
    assert body == {"client": "testclient", "scheme": "http", "host": "testserver"}
{{#if websocket}}


def test_websocket_echo() -> None:
    with client.websocket_connect("/ws") as ws:
        ws.send_text("ping")
        assert ws.receive_text() == "ping"
{{/if}}
