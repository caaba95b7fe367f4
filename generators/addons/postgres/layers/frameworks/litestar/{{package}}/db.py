"""PostgreSQL through Litestar's SQLAlchemy plugin (Advanced Alchemy): the engine and sessions."""

import asyncio
import os
from typing import NoReturn

from advanced_alchemy.extensions.litestar import AsyncSessionConfig, SQLAlchemyAsyncConfig
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from .models import ItemModel

# The tables Alembic's autogenerate compares the database with (migrations/env.py): Advanced
# Alchemy's models share one MetaData.
metadata = ItemModel.metadata

# /readyz answers within this many seconds, with or without a database.
CONNECT_TIMEOUT = 3


def database_url(url: str | None = None) -> str:
    """DATABASE_URL (or `url`: `postgresql://...`), for SQLAlchemy with psycopg 3."""
    url = url or os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("DATABASE_URL is not set")
    scheme, _, rest = url.partition("://")
    return f"postgresql+psycopg://{rest}" if scheme in ("postgres", "postgresql") else url


async def _no_database_url() -> NoReturn:
    raise RuntimeError("DATABASE_URL is not set")


def make_engine() -> AsyncEngine:
    # An engine connects on first use: the app starts while PostgreSQL is down, or before
    # DATABASE_URL is set, and /readyz says why.
    if not os.environ.get("DATABASE_URL"):
        return create_async_engine("postgresql+psycopg://", async_creator=_no_database_url)
    return create_async_engine(
        database_url(),
        pool_size=int(os.environ.get("DATABASE_POOL_SIZE", "{{database.poolSize}}")),
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT},
    )


# The plugin keeps the engine in app.state, opens a session per request (the `db_session`
# dependency), commits it when the response is a success and rolls it back otherwise, and
# disposes the engine at shutdown.
alchemy = SQLAlchemyAsyncConfig(
    engine_instance=make_engine(),
    session_config=AsyncSessionConfig(expire_on_commit=False),
    before_send_handler="autocommit",
)


async def ping(engine: AsyncEngine) -> None:
    """Raise unless PostgreSQL answers `SELECT 1` in time."""
    async with asyncio.timeout(CONNECT_TIMEOUT):
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))


def unavailable(error: Exception) -> str:
    """A short reason for /readyz: the driver's first line, not a traceback."""
    if isinstance(error, TimeoutError):
        return f"no answer within {CONNECT_TIMEOUT} s"
    reason = str(getattr(error, "orig", None) or error).strip()
    return reason.splitlines()[0] if reason else type(error).__name__
