"""The tests run against a real PostgreSQL: a database of their own beside DATABASE_URL's,
migrated as a release would (Flask-Migrate's upgrade), and dropped at the end."""

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade  # type: ignore[import-untyped]
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from {{package}} import create_app
from {{package}}.db import db, sqlalchemy_url

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


@pytest.fixture(scope="session")
def database_url() -> Iterator[URL]:
    url = os.environ.get("DATABASE_URL")
    if not url:
        pytest.fail("set DATABASE_URL, e.g. docker compose up -d db", pytrace=False)
    server = sqlalchemy_url(url)
    name = f"{server.database}_test_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def app(database_url: URL) -> Iterator[Flask]:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
