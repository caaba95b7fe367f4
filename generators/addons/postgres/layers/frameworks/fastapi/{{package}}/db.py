"""PostgreSQL: one async engine per process, and a session per request (`SessionDep`)."""

import asyncio
import os
from collections.abc import AsyncIterator
from typing import Annotated, NoReturn

from fastapi import Depends
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from . import models  # noqa: F401  (defines its tables in SQLModel.metadata)

# The tables Alembic's autogenerate compares the database with (migrations/env.py).
metadata = SQLModel.metadata

# /readyz answers within this many seconds, with or without a database.
CONNECT_TIMEOUT = 3

_engine: AsyncEngine | None = None


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


def get_engine() -> AsyncEngine:
    """The process's engine: the lifespan makes it at start-up, else (Daphne) the first request."""
    global _engine
    if _engine is None:
        _engine = make_engine()
    return _engine


async def dispose_engine() -> None:
    global _engine
    if _engine is not None:
        await _engine.dispose()
        _engine = None


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


async def get_session() -> AsyncIterator[AsyncSession]:
    async with AsyncSession(get_engine(), expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]
