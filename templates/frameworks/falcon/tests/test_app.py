{{#if websocket}}
import asyncio

{{else if database.async}}
import asyncio

{{/if}}
from falcon import testing

{{#if websocket}}
from {{package}}.app import create_app
{{/if}}
from {{package}}.items import list_items


def test_index(client: testing.TestClient) -> None:
    response = client.simulate_get("/")
    assert response.status_code == 200
    assert response.json["framework"] == "falcon"


def test_healthz(client: testing.TestClient) -> None:
    assert client.simulate_get("/healthz").json == {"status": "ok"}


def test_items(client: testing.TestClient) -> None:
{{#if database.async}}
    stored = asyncio.run(list_items())
    assert client.simulate_get("/api/items").json == [item.as_dict() for item in stored]
{{else}}
    assert client.simulate_get("/api/items").json == [item.as_dict() for item in list_items()]
{{/if}}
    assert client.simulate_get("/api/items/1").json["name"] == "keyboard"


def test_missing_item_is_404(client: testing.TestClient) -> None:
    response = client.simulate_get("/api/items/999")
    assert response.status_code == 404
    assert response.json == {"detail": "item not found"}


def test_unknown_path_is_json_404(client: testing.TestClient) -> None:
    response = client.simulate_get("/nowhere", headers={"Accept": "application/xml"})
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"


def test_whoami_reports_what_the_server_saw(client: testing.TestClient) -> None:
    response = client.simulate_get("/api/whoami", remote_addr="203.0.113.7", protocol="https")
    assert response.json["client"] == "203.0.113.7"
    assert response.json["scheme"] == "https"


def test_readyz(client: testing.TestClient) -> None:
    response = client.simulate_get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ready"}
{{#if database}}


def test_create_item(client: testing.TestClient) -> None:
    response = client.simulate_post("/api/items", json={"name": "pen", "price": 1.5})
    assert response.status_code == 201
    created = response.json
    assert created["name"] == "pen" and created["price"] == 1.5
    assert response.headers["Location"] == f"/api/items/{created['id']}"
    assert client.simulate_get(f"/api/items/{created['id']}").json == created
    assert created in client.simulate_get("/api/items").json


def test_create_item_needs_a_name_and_a_price(client: testing.TestClient) -> None:
    for body in ({"name": "pen"}, {"name": "", "price": 1}, {"name": "pen", "price": "cheap"}):
        assert client.simulate_post("/api/items", json=body).status_code == 422
    response = client.simulate_post("/api/items", body="{", content_type="application/json")
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"


def test_delete_item(client: testing.TestClient) -> None:
    created = client.simulate_post("/api/items", json={"name": "eraser", "price": 0.5}).json
    response = client.simulate_delete(f"/api/items/{created['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert client.simulate_get(f"/api/items/{created['id']}").status_code == 404
    response = client.simulate_delete(f"/api/items/{created['id']}")
    assert response.status_code == 404
    assert response.json == {"detail": "item not found"}
{{/if}}
{{#if websocket}}


def test_websocket_echo() -> None:
    async def echo() -> str:
        async with testing.ASGIConductor(create_app()) as conductor:
            async with conductor.simulate_ws("/ws") as ws:
                await ws.send_text("ping")
                reply = await ws.receive_text()
        return reply

    assert asyncio.run(echo()) == "ping"
{{/if}}
