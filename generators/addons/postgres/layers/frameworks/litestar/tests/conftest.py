import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import create_engine, make_url, text

from {{package}}.app import app
from {{package}}.db import alchemy, database_url, make_engine

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
    # The plugin's engine was made at import, from the URL given: the app gets one on the tests'.
    engine = alchemy.engine_instance
    alchemy.engine_instance = make_engine()
    try:
        config = Config(ALEMBIC_INI)
        config.attributes["configure_logger"] = False
        command.upgrade(config, "head")
        yield
    finally:
        alchemy.engine_instance = engine
        os.environ["DATABASE_URL"] = given
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def client() -> Iterator[TestClient[Litestar]]:
    # Entered as a context manager, the client runs startup and shutdown as a server does.
    with TestClient(app=app) as client:
        yield client
