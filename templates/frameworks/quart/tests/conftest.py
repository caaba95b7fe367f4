from collections.abc import AsyncIterator

import pytest
from quart.typing import TestClientProtocol

from {{package}}.app import app


@pytest.fixture
async def client() -> AsyncIterator[TestClientProtocol]:
    # test_app() runs the app's startup and shutdown around the tests, as a server does.
    async with app.test_app() as test_app:
        yield test_app.test_client()
