{{#if database}}
from collections.abc import AsyncIterator, Iterator
{{else}}
from collections.abc import AsyncIterator
{{/if}}

import pytest
from quart.typing import TestClientProtocol

from {{package}}.app import app
{{#if database}}

from .database import migrated_database


@pytest.fixture(scope="session", autouse=True)
def database() -> Iterator[str]:
    with migrated_database() as url:
        yield url
{{/if}}


@pytest.fixture
async def client() -> AsyncIterator[TestClientProtocol]:
    # test_app() runs the app's startup and shutdown around the tests, as a server does.
    async with app.test_app() as test_app:
        yield test_app.test_client()
