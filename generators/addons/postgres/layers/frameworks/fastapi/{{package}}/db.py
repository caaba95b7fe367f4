"""PostgreSQL: one async engine per process, and a session per request (`SessionDep`)."""

import asyncio
import os
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

# /readyz answers within this many seconds, with or without a database.
CONNECT_TIMEOUT = 3

_engine: AsyncEngine | None = None


def database_url() -> str:
    """DATABASE_URL (`postgresql://...`), for SQLAlchemy with psycopg 3."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("DATABASE_URL is not set")
    scheme, _, rest = url.partition("://")
    return f"postgresql+psycopg://{rest}" if scheme in ("postgres", "postgresql") else url


def get_engine() -> AsyncEngine:
    # Made on first use and connecting only when asked: the app starts while PostgreSQL is down,
    # and servers without a lifespan (Daphne) get one on their first request.
    global _engine
    if _engine is None:
        _engine = create_async_engine(
            database_url(),
            pool_size=int(os.environ.get("DATABASE_POOL_SIZE", "{{database.poolSize}}")),
            pool_pre_ping=True,
            connect_args={"connect_timeout": CONNECT_TIMEOUT},
        )
    return _engine


async def dispose_engine() -> None:
    global _engine
    if _engine is not None:
        await _engine.dispose()
        _engine = None


async def ping() -> None:
    """Raise unless PostgreSQL answers `SELECT 1` in time."""
    async with asyncio.timeout(CONNECT_TIMEOUT):
        async with get_engine().connect() as connection:
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
