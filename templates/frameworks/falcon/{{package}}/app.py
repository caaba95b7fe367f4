"""The Falcon {{interfaceUpper}} app: routes to the resources in resources.py."""

{{#if database}}
{{#if isAsgi}}
from collections.abc import Mapping
from typing import Any
{{else}}
import atexit
{{/if}}

{{/if}}
import falcon
{{#if isAsgi}}
from falcon.asgi import App, Request, Response
{{else}}
from falcon import App, Request, Response
{{/if}}

{{#if database}}
from . import db, resources
{{else}}
from . import resources
{{/if}}


def json_error(req: Request, resp: Response, error: falcon.HTTPError) -> None:
    # Falcon answers JSON or XML by the Accept header; a JSON API answers JSON, always.
    resp.media = {"detail": error.description or error.title}
    resp.content_type = falcon.MEDIA_JSON
{{#if database}}
{{#if isAsgi}}


class ClosePool:
    """Falcon hands the server's ASGI lifespan events to middleware: the pool closes at shutdown."""

    async def process_shutdown(self, scope: Mapping[str, Any], event: Mapping[str, Any]) -> None:
        await db.dispose()
{{/if}}
{{/if}}


def create_app() -> App[Request, Response]:
    app = App()
    app.set_error_serializer(json_error)
{{#if database}}
{{#if isAsgi}}
    app.add_middleware(ClosePool())
{{/if}}
{{/if}}
    app.add_route("/", resources.IndexResource())
    app.add_route("/healthz", resources.HealthResource())
    app.add_route("/readyz", resources.ReadyResource())
    app.add_route("/api/items", resources.ItemsResource())
    app.add_route("/api/items/{item_id:int}", resources.ItemResource())
    app.add_route("/api/whoami", resources.WhoAmIResource())
{{#if websocket}}
    app.add_route("/ws", resources.EchoResource())
{{/if}}
    return app


app = create_app()
{{#if database}}
{{#unless isAsgi}}

# WSGI has no shutdown hook: the pool's connections are closed as the worker process exits.
atexit.register(db.dispose)
{{/unless}}
{{/if}}
