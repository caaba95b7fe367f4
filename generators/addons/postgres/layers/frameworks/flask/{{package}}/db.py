"""The database: Flask-SQLAlchemy over SQLAlchemy 2.0 models, psycopg 3, and Flask-Migrate.

create_app() binds them to the app; the migrations are in migrations/, run by

    {{database.migrate}}
"""

from collections.abc import Mapping
from typing import Any

from flask_migrate import Migrate  # type: ignore[import-untyped]
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import NullPool


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()


def sqlalchemy_url(url: str) -> URL:
    """DATABASE_URL (postgresql://user:password@host:port/database) for the psycopg 3 driver."""
    return make_url(url).set(drivername="postgresql+psycopg")


def database_config(environ: Mapping[str, str]) -> dict[str, Any]:
    """Flask-SQLAlchemy's settings from DATABASE_URL and DATABASE_POOL_SIZE."""
    size = int(environ.get("DATABASE_POOL_SIZE", "{{database.poolSize}}"))
    pool: dict[str, Any] = (
        # 0 keeps no connection open between requests (behind PgBouncer).
        {"poolclass": NullPool}
        if size == 0
        # One connection per server thread (WSGI_THREADS), never more: the workers times the
        # size is what a replica may open. A connection the database dropped (a restart, a
        # failover) is replaced before use.
        else {"pool_size": size, "max_overflow": 0, "pool_timeout": 10, "pool_pre_ping": True}
    )
    return {
        # Unset, libpq's defaults apply (PG* variables, the local socket), as for psql.
        "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(environ.get("DATABASE_URL", "postgresql://")),
        # connect_timeout (seconds): a database that does not answer fails /readyz quickly.
        "SQLALCHEMY_ENGINE_OPTIONS": {**pool, "connect_args": {"connect_timeout": 3}},
    }
