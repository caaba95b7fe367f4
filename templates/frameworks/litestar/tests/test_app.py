from litestar import Litestar
from litestar.testing import TestClient


def test_index(client: TestClient[Litestar]) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.json()["framework"] == "litestar"


def test_healthz(client: TestClient[Litestar]) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz(client: TestClient[Litestar]) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_unknown_path_is_json_404(client: TestClient[Litestar]) -> None:
    response = client.get("/nope")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_websocket_echo(client: TestClient[Litestar]) -> None:
    with client.websocket_connect("/ws") as ws:
        ws.send_text("ping")
        assert ws.receive_text() == "ping"
