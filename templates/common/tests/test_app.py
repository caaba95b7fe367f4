{{#if webtestTests}}
import pytest
from webtest import TestApp

from {{package}}.app import app
from {{package}}.items import list_items


@pytest.fixture
def client() -> TestApp:
    return TestApp(app)


def test_index(client: TestApp) -> None:
    response = client.get("/")
    assert response.status_int == 200
    assert response.json["framework"] == "{{framework}}"


def test_healthz(client: TestApp) -> None:
    assert client.get("/healthz").json == {"status": "ok"}


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
{{/if}}
