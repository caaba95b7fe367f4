import pytest
from litestar.testing import TestClient
from sqlalchemy.ext.asyncio import create_async_engine

from {{package}}.app import app
from {{package}}.db import alchemy, make_engine


def test_readyz_is_503_while_the_database_is_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing listens on port 1: the app still starts, /readyz says why and /healthz is fine.
    unreachable = create_async_engine("postgresql+psycopg://app@127.0.0.1:1/app")
    monkeypatch.setattr(alchemy, "engine_instance", unreachable)
    with TestClient(app=app) as client:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["status"] == "unavailable"
        assert response.json()["detail"]
        assert client.get("/healthz").status_code == 200


def test_app_starts_without_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.setattr(alchemy, "engine_instance", make_engine())
    with TestClient(app=app) as client:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "detail": "DATABASE_URL is not set"}
