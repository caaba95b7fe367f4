from flask.testing import FlaskClient

from flask_mod_wsgi.items import list_items


def test_index(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.json is not None
    assert response.json["framework"] == "flask"


def test_healthz(client: FlaskClient) -> None:
    assert client.get("/healthz").json == {"status": "ok"}


def test_readyz(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ready"}


def test_items(client: FlaskClient) -> None:
    assert client.get("/api/items").json == [item.as_dict() for item in list_items()]
    assert len(list_items()) == 3
    one = client.get("/api/items/1").json
    assert one is not None
    assert one["name"] == "keyboard"


def test_missing_item_is_404(client: FlaskClient) -> None:
    response = client.get("/api/items/999")
    assert response.status_code == 404
    assert response.json == {"detail": "item not found"}


def test_unknown_path_is_json_404(client: FlaskClient) -> None:
    response = client.get("/nope")
    assert response.status_code == 404
    assert response.json == {"detail": "not found"}


def test_whoami(client: FlaskClient) -> None:
    body = client.get("/api/whoami", environ_base={"REMOTE_ADDR": "192.0.2.1"}).json
    assert body == {"client": "192.0.2.1", "scheme": "http", "host": "localhost"}
