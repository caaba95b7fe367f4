"""ASGI entry point: `{{package}}.asgi:application`."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{package}}.settings")

{{#if websocket}}
# Django is set up first: consumers may import models.
django_asgi_app = get_asgi_application()

from asgiref.typing import ASGIReceiveCallable, ASGISendCallable, LifespanScope  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from .api.routing import websocket_urlpatterns  # noqa: E402


async def lifespan(
    scope: LifespanScope, receive: ASGIReceiveCallable, send: ASGISendCallable
) -> None:
    """Django has no startup or shutdown hooks. Acknowledging the server's lifespan messages
    keeps it from logging their absence (Hypercorn logs a warning on every start)."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "lifespan": lifespan,
        # Browsers send cookies with cross-site WebSocket handshakes: accept only our own origins.
        "websocket": AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns)),
    }
)
{{else}}
application = get_asgi_application()
{{/if}}
