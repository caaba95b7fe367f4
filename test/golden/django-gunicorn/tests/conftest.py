import pytest
from django.test import Client


@pytest.fixture
def client() -> Client:
    """A client behind the TLS-terminating proxy, as in production."""
    return Client(headers={"Host": "testserver", "X-Forwarded-Proto": "https"})
