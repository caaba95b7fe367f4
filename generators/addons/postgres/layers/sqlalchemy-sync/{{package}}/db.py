"""PostgreSQL through SQLAlchemy 2.0 and psycopg 3: the items table, the engine, the sessions.

The engine is made at first use and connects only then, so the app starts while the database is
down (`/readyz` says so). Each of the server's threads takes a connection from the pool.
"""

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, Identity, String, create_engine, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import NullPool


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "items"

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    price: Mapped[float]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "price": self.price}


metadata = Base.metadata


def database_url(url: str | None = None) -> str:
    """DATABASE_URL (or `url`) with the scheme that makes SQLAlchemy use psycopg 3."""
    url = url or os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError(
            "DATABASE_URL is not set (postgresql://user:password@host:5432/database)"
        )
    return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql+psycopg://", url)


_lock = threading.Lock()
_engine: Engine | None = None
_sessions: sessionmaker[Session] | None = None


def _make_engine() -> Engine:
    size = int(os.environ.get("DATABASE_POOL_SIZE", "{{database.poolSize}}"))
    # A size of 0 keeps no connection open between requests (behind PgBouncer, or in tests).
    pool: dict[str, Any] = (
        {"poolclass": NullPool}
        if size == 0
        else {"pool_size": size, "max_overflow": 0, "pool_timeout": 10, "pool_pre_ping": True}
    )
    return create_engine(database_url(), connect_args={"connect_timeout": 3}, **pool)


def sessions() -> sessionmaker[Session]:
    global _engine, _sessions
    with _lock:
        if _sessions is None:
            _engine = _make_engine()
            # Rows stay readable after their session closes: handlers return them as JSON.
            _sessions = sessionmaker(_engine, expire_on_commit=False)
        return _sessions


@contextmanager
def session() -> Iterator[Session]:
    """A session for one request: committed when the block ends, rolled back on an error."""
    with sessions().begin() as s:
        yield s


def ready() -> str | None:
    """None when the database answers, else why not (for /readyz)."""
    try:
        with sessions()() as s:
            s.execute(text("SELECT 1"))
    except Exception as e:  # any failure means "not ready": say which, in one line
        return reason(e)
    return None


def reason(e: BaseException) -> str:
    lines = str(e).strip().splitlines()
    return f"{type(e).__name__}: {lines[0]}" if lines else type(e).__name__


def dispose() -> None:
    """Closes the pool's connections (at shutdown, or when DATABASE_URL changes in tests)."""
    global _engine, _sessions
    with _lock:
        if _engine is not None:
            _engine.dispose()
        _engine = _sessions = None
