{{#if websocket}}
"""WebSocket routes (Django Channels), mounted by the project's asgi.py."""

from typing import Any

from django.urls import path

from .consumers import EchoConsumer

# Channels routes ASGI apps with Django's path(), which django-stubs types for views only, and
# types-channels' URLRouter wants a pattern type of its own: hence the ignore and the Any.
websocket_urlpatterns: list[Any] = [
    path("ws", EchoConsumer.as_asgi()),  # type: ignore[arg-type]
]
{{/if}}
