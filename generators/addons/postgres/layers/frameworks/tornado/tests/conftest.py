from collections.abc import Iterator

import pytest

from .database import migrated_database


@pytest.fixture(scope="session", autouse=True)
def database() -> Iterator[str]:
    with migrated_database() as url:
        yield url
