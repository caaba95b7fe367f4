from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from {{package}}.app import app


@pytest.fixture
def client() -> Iterator[TestClient]:
    # Entered as a context manager, the client runs the lifespan as a server does.
    with TestClient(app) as client:
        yield client
