{{#if websocket}}
import asyncio

{{/if}}
from falcon import testing

from {{package}}.app import app

client = testing.TestClient(app)


def test_index() -> None:
    response = client.simulate_get("/")
    assert response.status_code == 200
    assert response.json["framework"] == "falcon"


def test_healthz() -> None:
    assert client.simulate_get("/healthz").json == {"status": "ok"}


def test_items() -> None:
    assert len(client.simulate_get("/api/items").json) == 3
    assert client.simulate_get("/api/items/1").json["name"] == "keyboard"


def test_missing_item_is_404() -> None:
    response = client.simulate_get("/api/items/999")
    assert response.status_code == 404
    assert response.json == {"detail": "item not found"}


def test_whoami_reports_what_the_server_saw() -> None:
    response = client.simulate_get("/api/whoami", remote_addr="203.0.113.7", protocol="https")
    assert response.json["client"] == "203.0.113.7"
    assert response.json["scheme"] == "https"
{{#if websocket}}


def test_websocket_echo() -> None:
    async def echo() -> str:
        async with testing.ASGIConductor(app) as conductor:
            async with conductor.simulate_ws("/ws") as ws:
                await ws.send_text("ping")
                return await ws.receive_text()

    assert asyncio.run(echo()) == "ping"
{{/if}}
