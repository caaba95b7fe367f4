import logging

import pytest
from starlette.testclient import TestClient

from {{package}}.app import app


def test_index(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.json()["framework"] == "starlette"


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_unknown_path_is_json_404(client: TestClient) -> None:
    response = client.get("/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_readyz(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


{{#if database}}
def test_lifespan_runs_around_the_app(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="{{package}}.app"):
        with TestClient(app):
            assert "database ready" in caplog.text
        assert "stopped" in caplog.text
{{else}}
def test_lifespan_runs_around_the_app(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="{{package}}.app"):
        with TestClient(app):
            assert "serving 3 items" in caplog.text
        assert "stopped" in caplog.text
{{/if}}


def test_websocket_echo(client: TestClient) -> None:
    with client.websocket_connect("/ws") as ws:
        ws.send_text("ping")
        assert ws.receive_text() == "ping"
