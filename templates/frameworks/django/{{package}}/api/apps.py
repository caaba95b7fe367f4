{{#if database}}
import atexit

{{/if}}
from django.apps import AppConfig
{{#if database}}
from django.db import connections
{{/if}}


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "{{package}}.api"
{{#if database}}

    def ready(self) -> None:
        atexit.register(close_pools)


def close_pools() -> None:
    """Closes psycopg's pools before the interpreter exits. Left to the garbage collector, each
    pool waits 5 s for each of its threads, which no longer run then: a worker would take 20 s
    to stop, and the server's graceful timeout could kill it."""
    for alias in connections:
        close_pool = getattr(connections[alias], "close_pool", None)
        if close_pool is not None:
            close_pool()
{{/if}}
