{{#if database}}
import os

{{/if}}
import pytest
from django.test import Client
{{#if database}}


def pytest_configure() -> None:
    # Never skipped: without a database the tests fail here, with what to do.
    if not os.environ.get("DATABASE_URL"):
        raise pytest.UsageError(
            "set DATABASE_URL to a PostgreSQL the tests may create a database in, "
            "e.g. `docker compose up -d db` and .env's DATABASE_URL"
        )
{{/if}}


@pytest.fixture
def client() -> Client:
    """A client behind the TLS-terminating proxy, as in production."""
    return Client(headers={"Host": "testserver", "X-Forwarded-Proto": "https"})
