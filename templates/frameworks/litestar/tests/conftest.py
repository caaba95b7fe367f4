from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from {{package}}.app import app


@pytest.fixture
def client() -> Iterator[TestClient[Litestar]]:
    # Entered as a context manager, the client runs startup and shutdown as a server does.
    with TestClient(app=app) as client:
        yield client
