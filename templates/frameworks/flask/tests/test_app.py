from flask.testing import FlaskClient
{{#unless database}}

from {{package}}.items import list_items
{{/unless}}


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


{{#if database}}
def test_items(client: FlaskClient) -> None:
    # As the first migration seeds them.
    assert client.get("/api/items").json == [
        {"id": 1, "name": "keyboard", "price": 49.0},
        {"id": 2, "name": "mouse", "price": 19.5},
        {"id": 3, "name": "monitor", "price": 199.0},
    ]
    one = client.get("/api/items/1").json
    assert one is not None
    assert one["name"] == "keyboard"


def test_create_item(client: FlaskClient) -> None:
    response = client.post("/api/items", json={"name": "webcam", "price": 59.9})
    assert response.status_code == 201
    created = response.json
    assert created is not None
    assert created["id"] > 3
    assert created == {"id": created["id"], "name": "webcam", "price": 59.9}
    assert client.get(f"/api/items/{created['id']}").json == created
    client.delete(f"/api/items/{created['id']}")


def test_invalid_item_is_400(client: FlaskClient) -> None:
    assert client.post("/api/items", json={"name": "webcam"}).status_code == 400
    assert client.post("/api/items", json={"name": "webcam", "price": "cheap"}).status_code == 400
    assert client.post("/api/items", data="not json").status_code == 400


def test_delete_item(client: FlaskClient) -> None:
    created = client.post("/api/items", json={"name": "cable", "price": 5}).json
    assert created is not None
    response = client.delete(f"/api/items/{created['id']}")
    assert response.status_code == 204
    assert response.data == b""
    assert client.get(f"/api/items/{created['id']}").status_code == 404
    response = client.delete(f"/api/items/{created['id']}")
    assert response.status_code == 404
    assert response.json == {"detail": "item not found"}
{{else}}
def test_items(client: FlaskClient) -> None:
    assert client.get("/api/items").json == [item.as_dict() for item in list_items()]
    assert len(list_items()) == 3
    one = client.get("/api/items/1").json
    assert one is not None
    assert one["name"] == "keyboard"
{{/if}}


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
