"""A PostgreSQL database of the tests' own: made beside DATABASE_URL's, migrated, then dropped."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def migrated_database() -> Iterator[str]:
    """A fresh database with every migration applied: DATABASE_URL names it meanwhile."""
    server = os.environ.get("DATABASE_URL")
    if not server:
        pytest.exit(
            "DATABASE_URL is not set: the tests need PostgreSQL, e.g. `docker compose up -d db`"
            " and DATABASE_URL=postgresql://app:app@localhost:5432/app (see .env.example)",
            returncode=1,
        )
    parts = urlsplit(server)
    name = f"{parts.path.lstrip('/') or 'postgres'}_test_{uuid.uuid4().hex[:8]}"
    url = urlunsplit(parts._replace(path=f"/{name}"))
    admin = urlunsplit(parts._replace(scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        config = Config(str(ROOT / "alembic.ini"))
        config.attributes["url"] = url
        command.upgrade(config, "head")
        os.environ["DATABASE_URL"] = url
        # No pool: the test clients' event loops come and go, and a pooled connection belongs to
        # the loop that opened it. The servers' pools are proven by running them.
        os.environ["DATABASE_POOL_SIZE"] = "0"
        yield url
    finally:
        os.environ["DATABASE_URL"] = server
        os.environ.pop("DATABASE_POOL_SIZE", None)
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
