from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from {{package}}.app import app
{{#if database}}

from .database import migrated_database


@pytest.fixture(scope="session", autouse=True)
def database() -> Iterator[str]:
    with migrated_database() as url:
        yield url
{{/if}}


@pytest.fixture
def client() -> Iterator[TestClient]:
    # Entered as a context manager, the client runs the lifespan as a server does.
    with TestClient(app) as client:
        yield client
