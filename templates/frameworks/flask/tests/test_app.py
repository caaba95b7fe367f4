from {{package}}.app import app

client = app.test_client()


def test_index() -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.get_json()["framework"] == "flask"


def test_healthz() -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_items() -> None:
    assert len(client.get("/api/items").get_json()) == 3
    assert client.get("/api/items/1").get_json()["name"] == "keyboard"


def test_missing_item_is_404() -> None:
    response = client.get("/api/items/999")
    assert response.status_code == 404
    assert response.get_json() == {"detail": "item not found"}


def test_unknown_path_is_json_404() -> None:
    response = client.get("/nope")
    assert response.status_code == 404
    assert response.is_json


def test_whoami() -> None:
    body = client.get("/api/whoami", environ_base={"REMOTE_ADDR": "192.0.2.1"}).get_json()
    assert body == {"client": "192.0.2.1", "scheme": "http", "host": "localhost"}
