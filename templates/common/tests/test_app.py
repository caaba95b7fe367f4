{{#if webtestTests}}
from webtest import TestApp

from {{package}}.app import app

client = TestApp(app)


def test_index() -> None:
    response = client.get("/")
    assert response.status_int == 200
    assert response.json["framework"] == "{{framework}}"


def test_healthz() -> None:
    assert client.get("/healthz").json == {"status": "ok"}


def test_items() -> None:
    assert len(client.get("/api/items").json) == 3
    assert client.get("/api/items/1").json["name"] == "keyboard"


def test_missing_item_is_404() -> None:
    response = client.get("/api/items/999", status=404)
    assert response.json == {"detail": "item not found"}


def test_unknown_path_is_json_404() -> None:
    assert client.get("/nowhere", status=404).content_type == "application/json"


def test_whoami_reports_what_the_server_established() -> None:
    response = client.get("/api/whoami", extra_environ={"REMOTE_ADDR": "203.0.113.7"})
    assert response.json["client"] == "203.0.113.7"
    assert response.json["scheme"] == "http"
{{/if}}
