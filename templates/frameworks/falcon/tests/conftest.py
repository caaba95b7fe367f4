{{#if database}}
from collections.abc import Iterator

{{/if}}
import pytest
from falcon import testing

from {{package}}.app import create_app
{{#if database}}

from .database import migrated_database


@pytest.fixture(scope="session", autouse=True)
def database() -> Iterator[str]:
    with migrated_database() as url:
        yield url
{{/if}}


@pytest.fixture
def client() -> testing.TestClient:
    return testing.TestClient(create_app())
