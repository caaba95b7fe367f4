"""The project around the app: probes, HTTPS hardening, static files, production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
from pytest_django import Settings

PROJECT = Path(__file__).resolve().parent.parent


def test_healthz_answers_any_host_over_plain_http() -> None:
    # What a Kubernetes probe sends: the pod IP as Host, no TLS.
    response = Client().get("/healthz", headers={"Host": "10.1.2.3:8000"})
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_answers_any_host_over_plain_http() -> None:
    response = Client().get("/readyz", headers={"Host": "10.1.2.3:8000"})
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_plain_http_redirects_to_https() -> None:
    response = Client().get("/api/items")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/api/items"


def test_unknown_host_is_rejected(client: Client) -> None:
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_security_headers(client: Client) -> None:
    response = client.get("/")
    assert response["Strict-Transport-Security"] == "max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_collected_static_files_are_served(
    client: Client, settings: Settings, tmp_path: Path
) -> None:
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", interactive=False, verbosity=0)
    name = "django_gunicorn/hello.txt"
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


SECRET = "a-long-random-looking-secret-for-the-deploy-checklist-0123456789"


def test_refuses_to_start_without_a_secret_key() -> None:
    result = manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in result.stderr


def test_deploy_checklist_only_reminds_of_hsts_scope() -> None:
    # HSTS starts small: until subdomains and preloading are chosen, these two are the reminders.
    result = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=SECRET)
    assert result.returncode != 0
    found = set(re.findall(r"\(([a-z_.]+\.[EW]\d+)\)", result.stderr))
    assert found == {"security.W005", "security.W021"}, result.stderr


def test_deploy_checklist_passes_with_hsts_raised() -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_HSTS_SECONDS="31536000",
        DJANGO_HSTS_INCLUDE_SUBDOMAINS="1",
        DJANGO_HSTS_PRELOAD="1",
    )
    assert result.returncode == 0, result.stderr
