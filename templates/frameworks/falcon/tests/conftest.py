import pytest
from falcon import testing

from {{package}}.app import create_app


@pytest.fixture
def client() -> testing.TestClient:
    return testing.TestClient(create_app())
