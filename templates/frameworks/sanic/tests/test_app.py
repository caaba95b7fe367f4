{{#if isAsgi}}
import asyncio
from typing import Any

from sanic_testing.testing import ASGI_HOST
from sanic_testing.testing import TestingResponse as Response

from {{package}}.app import app
{{#unless database}}
from {{package}}.items import list_items
{{/unless}}


def get(path: str, **kwargs: Any) -> Response:
    # The ASGI client drives the app as an ASGI server does.
    _, response = asyncio.run(app.asgi_client.get(path, **kwargs))
    return response
{{else}}
from typing import Any

import pytest
from sanic_testing.testing import TestingResponse as Response

from {{package}} import proxies
from {{package}}.app import app
{{#unless database}}
from {{package}}.items import list_items
{{/unless}}


def get(path: str, **kwargs: Any) -> Response:
    # The test client starts Sanic's own server, as production runs it.
    _, response = app.test_client.get(path, **kwargs)
    return response
{{/if}}


def test_index() -> None:
    response = get("/")
    assert response.status == 200
    assert response.json["framework"] == "sanic"


def test_healthz() -> None:
    assert get("/healthz").json == {"status": "ok"}


def test_readyz() -> None:
    response = get("/readyz")
    assert response.status == 200
    assert response.json == {"status": "ready"}
{{#if database}}


def test_items() -> None:
    assert get("/api/items").json[0] == {"id": 1, "name": "keyboard", "price": 49.0}
    assert get("/api/items/1").json["name"] == "keyboard"
{{else}}


def test_items() -> None:
    assert get("/api/items").json == [item.as_dict() for item in list_items()]
    assert get("/api/items/1").json["name"] == "keyboard"
{{/if}}


def test_missing_item_is_404() -> None:
    response = get("/api/items/999")
    assert response.status == 404
    assert response.json == {"detail": "item not found"}


def test_unknown_path_is_json_404() -> None:
    response = get("/nowhere")
    assert response.status == 404
    assert response.content_type == "application/json"
    assert response.json == {"detail": "not found"}
{{#if isAsgi}}


def test_whoami_reports_what_the_server_saw() -> None:
    seen = get("/api/whoami").json
    assert (seen["client"], seen["scheme"]) == (ASGI_HOST, "http")


async def ws_exchange(text: str) -> list[dict[str, Any]]:
    # A request first starts the app in this loop, as a server's lifespan start-up does.
    await app.asgi_client.get("/healthz")
    inbox: list[dict[str, Any]] = [
        {"type": "websocket.connect"},
        {"type": "websocket.receive", "text": text},
        {"type": "websocket.disconnect", "code": 1000},
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return inbox.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "scheme": "ws",
        "path": "/ws",
        "raw_path": b"/ws",
        "query_string": b"",
        "headers": [(b"host", b"test")],
        "subprotocols": [],
    }
    await app(scope, receive, send)
    return sent


def test_websocket_echo() -> None:
    sent = asyncio.run(ws_exchange("ping"))
    assert {"type": "websocket.send", "text": "ping"} in sent
{{else}}


FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}


def test_whoami_believes_a_trusted_proxy() -> None:
    # The test client connects from 127.0.0.1, which FORWARDED_ALLOW_IPS trusts by default.
    seen = get("/api/whoami", headers=FORWARDED).json
    assert (seen["client"], seen["scheme"]) == ("203.0.113.7", "https")


def test_whoami_ignores_other_peers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(proxies, "TRUSTED", proxies.AllowList("10.0.0.0/8"))
    seen = get("/api/whoami", headers=FORWARDED).json
    assert (seen["client"], seen["scheme"]) == ("127.0.0.1", "http")


def test_websocket_echo() -> None:
    async def ping(ws: Any) -> None:
        await ws.send("ping")
        await ws.recv()

    _, response = app.test_client.websocket("/ws", mimic=ping)
    assert response.client_received == ["ping"]
{{/if}}
