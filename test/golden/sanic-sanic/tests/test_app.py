from typing import Any

import pytest
from sanic_testing.testing import TestingResponse as Response

from sanic_sanic import proxies
from sanic_sanic.app import app
from sanic_sanic.items import list_items


def get(path: str, **kwargs: Any) -> Response:
    # The test client starts Sanic's own server, as production runs it.
    _, response = app.test_client.get(path, **kwargs)
    return response


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


def test_items() -> None:
    assert get("/api/items").json == [item.as_dict() for item in list_items()]
    assert get("/api/items/1").json["name"] == "keyboard"


def test_missing_item_is_404() -> None:
    response = get("/api/items/999")
    assert response.status == 404
    assert response.json == {"detail": "item not found"}


def test_unknown_path_is_json_404() -> None:
    response = get("/nowhere")
    assert response.status == 404
    assert response.content_type == "application/json"
    assert response.json == {"detail": "not found"}


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
