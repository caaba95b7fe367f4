"""Alembic's environment: the database from DATABASE_URL, the tables from the app's models
(`metadata` in its db module).

Migrations run on their own, before the app serves (compose's `migrate` service, the Kubernetes
Job, CI), always through psycopg 3's synchronous driver, whatever the app's sessions are.
"""

from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool

from {{package}}.db import database_url, metadata

config = context.config
# A caller that logs its own way (the tests) says so: configure_logger=False.
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = metadata


def url() -> str:
    # A caller's own database (the tests') comes in the config's attributes, not the environment.
    return database_url(config.attributes.get("url"))


def run_migrations_offline() -> None:
    """`alembic upgrade head --sql`: the SQL, for a DBA to run, without a connection."""
    context.configure(url=url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
