{{#if webtestTests}}
{{#if database}}
from collections.abc import Iterator

{{/if}}
import pytest
from webtest import TestApp

from {{package}}.app import app
from {{package}}.items import list_items
{{#if database}}

from .database import migrated_database


@pytest.fixture(scope="session", autouse=True)
def database() -> Iterator[str]:
    with migrated_database() as url:
        yield url
{{/if}}


@pytest.fixture
def client() -> TestApp:
    return TestApp(app)


def test_index(client: TestApp) -> None:
    response = client.get("/")
    assert response.status_int == 200
    assert response.json["framework"] == "{{framework}}"


def test_healthz(client: TestApp) -> None:
    assert client.get("/healthz").json == {"status": "ok"}


def test_readyz(client: TestApp) -> None:
    assert client.get("/readyz").json == {"status": "ready"}


def test_items(client: TestApp) -> None:
    assert client.get("/api/items").json == [item.as_dict() for item in list_items()]
    assert client.get("/api/items/1").json["name"] == "keyboard"


def test_missing_item_is_404(client: TestApp) -> None:
    response = client.get("/api/items/999", status=404)
    assert response.json == {"detail": "item not found"}


def test_unknown_path_is_json_404(client: TestApp) -> None:
    assert client.get("/nowhere", status=404).content_type == "application/json"


def test_whoami_reports_what_the_server_established(client: TestApp) -> None:
    response = client.get("/api/whoami", extra_environ={"REMOTE_ADDR": "203.0.113.7"})
    assert response.json["client"] == "203.0.113.7"
    assert response.json["scheme"] == "http"
{{#if database}}


def test_create_item(client: TestApp) -> None:
    response = client.post_json("/api/items", {"name": "pen", "price": 1.5}, status=201)
    created = response.json
    assert created["name"] == "pen" and created["price"] == 1.5
    assert client.get(f"/api/items/{created['id']}").json == created
    assert created in client.get("/api/items").json


def test_create_item_needs_a_name_and_a_price(client: TestApp) -> None:
    client.post_json("/api/items", {"name": "pen"}, status=422)
    client.post_json("/api/items", {"name": "", "price": 1}, status=422)
    client.post_json("/api/items", {"name": "pen", "price": "cheap"}, status=422)
    response = client.post("/api/items", "{", content_type="application/json", status=400)
    assert response.content_type == "application/json"


def test_delete_item(client: TestApp) -> None:
    created = client.post_json("/api/items", {"name": "eraser", "price": 0.5}).json
    assert client.delete(f"/api/items/{created['id']}", status=204).body == b""
    client.get(f"/api/items/{created['id']}", status=404)
    response = client.delete(f"/api/items/{created['id']}", status=404)
    assert response.json == {"detail": "item not found"}
{{/if}}
{{/if}}
