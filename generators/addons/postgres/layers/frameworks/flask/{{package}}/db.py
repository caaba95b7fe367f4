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


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()


def sqlalchemy_url(url: str) -> URL:
    """DATABASE_URL (postgresql://user:password@host:port/database) for the psycopg 3 driver."""
    return make_url(url).set(drivername="postgresql+psycopg")


def database_config(environ: Mapping[str, str]) -> dict[str, Any]:
    """Flask-SQLAlchemy's settings from DATABASE_URL and DATABASE_POOL_SIZE."""
    return {
        # Unset, libpq's defaults apply (PG* variables, the local socket), as for psql.
        "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(environ.get("DATABASE_URL", "postgresql://")),
        "SQLALCHEMY_ENGINE_OPTIONS": {
            # One connection per server thread (WSGI_THREADS) in each worker process.
            "pool_size": int(environ.get("DATABASE_POOL_SIZE", "{{database.poolSize}}")),
            # A connection the database dropped (a restart, a failover) is replaced, not used.
            "pool_pre_ping": True,
            # Seconds: a database that does not answer fails /readyz quickly.
            "connect_args": {"connect_timeout": 3},
        },
    }
