import logging

import pytest
from fastapi.testclient import TestClient

from {{package}}.app import app


def test_index(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.json()["framework"] == "fastapi"


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


{{#if database}}
def test_readyz_is_503_while_the_database_is_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing listens on port 1: the app still starts, /readyz says why and /healthz is fine.
    monkeypatch.setenv("DATABASE_URL", "postgresql://app@127.0.0.1:1/app")
    with TestClient(app) as client:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["status"] == "unavailable"
        assert response.json()["detail"]
        assert client.get("/healthz").status_code == 200


def test_app_starts_without_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL")
    with TestClient(app) as client:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "detail": "DATABASE_URL is not set"}


{{/if}}
def test_unknown_path_is_json_404(client: TestClient) -> None:
    response = client.get("/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_lifespan_runs_around_the_app(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="{{package}}.app"):
        with TestClient(app):
{{#if database}}
            assert "serving items from PostgreSQL" in caplog.text
{{else}}
            assert "serving 3 items" in caplog.text
{{/if}}
        assert "stopped" in caplog.text


def test_websocket_echo(client: TestClient) -> None:
    with client.websocket_connect("/ws") as ws:
        ws.send_text("ping")
        assert ws.receive_text() == "ping"
