import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, text

from {{package}}.app import app
from {{package}}.db import database_url

ALEMBIC_INI = Path(__file__).parents[1] / "alembic.ini"


@pytest.fixture(scope="session", autouse=True)
def database() -> Iterator[None]:
    """A database of the tests' own beside DATABASE_URL's, migrated, and dropped at the end."""
    if not os.environ.get("DATABASE_URL"):
        pytest.fail("set DATABASE_URL, e.g. docker compose up -d db", pytrace=False)
    given = os.environ["DATABASE_URL"]
    url = make_url(database_url())
    name = f"{url.database}_test_{secrets.token_hex(4)}"
    # CREATE and DROP DATABASE run outside a transaction, from the database given.
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    os.environ["DATABASE_URL"] = url.set(database=name).render_as_string(hide_password=False)
    try:
        config = Config(ALEMBIC_INI)
        config.attributes["configure_logger"] = False
        command.upgrade(config, "head")
        yield
    finally:
        os.environ["DATABASE_URL"] = given
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def client() -> Iterator[TestClient]:
    # Entered as a context manager, the client runs the lifespan as a server does: each test
    # gets an engine on its own event loop, disposed after.
    with TestClient(app) as client:
        yield client
