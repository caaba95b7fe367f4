import os
import subprocess
import sys
from pathlib import Path

import pytest
{{#if websocket}}
from asgiref.testing import ApplicationCommunicator
{{/if}}
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
{{#if websocket}}

from {{package}}.asgi import application
{{/if}}

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def client() -> Client:
    """A client behind the TLS-terminating proxy, as in production."""
    return Client(headers={"Host": "testserver", "X-Forwarded-Proto": "https"})


def test_index(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.json()["framework"] == "django"


def test_healthz_answers_any_host_over_plain_http() -> None:
    # What a Kubernetes probe sends: the pod IP as Host, no TLS.
    response = Client().get("/healthz", headers={"Host": "10.1.2.3:8000"})
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_items(client: Client) -> None:
    assert len(client.get("/api/items").json()) == 3
    assert client.get("/api/items/1").json()["name"] == "keyboard"


def test_missing_item_is_404(client: Client) -> None:
    response = client.get("/api/items/999")
    assert response.status_code == 404
    assert response.json() == {"detail": "item not found"}


def test_unknown_path_is_json_404(client: Client) -> None:
    response = client.get("/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "not found"}


def test_whoami(client: Client) -> None:
    response = client.get("/api/whoami", REMOTE_ADDR="192.0.2.1")
    assert response.json() == {"client": "192.0.2.1", "scheme": "https", "host": "testserver"}


def test_plain_http_redirects_to_https() -> None:
    response = Client().get("/api/items")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/api/items"


def test_unknown_host_is_rejected(client: Client) -> None:
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_security_headers(client: Client) -> None:
    response = client.get("/")
    assert response["Strict-Transport-Security"].startswith("max-age=")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_collected_static_files_are_served(client: Client, settings, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", interactive=False, verbosity=0)
    name = "{{package}}/hello.txt"
    url = static(name)
    assert url != f"/static/{name}", "collectstatic names files by content hash"
    response = client.get(url)
    assert response.status_code == 200
    assert b"WhiteNoise" in response.getvalue()
    assert "immutable" in response["Cache-Control"]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs manage.py with only the given DJANGO_* variables, whatever the shell exports."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_refuses_to_start_without_a_secret_key() -> None:
    result = manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in result.stderr


def test_deploy_checklist_passes() -> None:
    secret = "a-long-random-looking-secret-for-the-deploy-checklist-0123456789"
    result = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=secret)
    assert result.returncode == 0, result.stderr
{{#if websocket}}


def websocket(origin: str) -> ApplicationCommunicator:
    # asgiref's communicator: channels.testing imports daphne (django/channels#1942).
    scope = {
        "type": "websocket",
        "path": "/ws",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"origin", origin.encode())],
        "subprotocols": [],
    }
    return ApplicationCommunicator(application, scope)


async def test_websocket_echo() -> None:
    ws = websocket("https://testserver")
    await ws.send_input({"type": "websocket.connect"})
    assert (await ws.receive_output(1))["type"] == "websocket.accept"
    await ws.send_input({"type": "websocket.receive", "text": "ping"})
    assert await ws.receive_output(1) == {"type": "websocket.send", "text": "ping"}
    await ws.send_input({"type": "websocket.disconnect", "code": 1000})
    await ws.wait(1)


async def test_websocket_from_another_origin_is_refused() -> None:
    ws = websocket("https://evil.example")
    await ws.send_input({"type": "websocket.connect"})
    assert (await ws.receive_output(1))["type"] == "websocket.close"
{{/if}}
