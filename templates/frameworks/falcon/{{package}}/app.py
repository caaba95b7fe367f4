"""The Falcon {{interfaceUpper}} app: routes to the resources in resources.py."""

import falcon
{{#if isAsgi}}
from falcon.asgi import App, Request, Response
{{else}}
from falcon import App, Request, Response
{{/if}}

from . import resources


def json_error(req: Request, resp: Response, error: falcon.HTTPError) -> None:
    # Falcon answers JSON or XML by the Accept header; a JSON API answers JSON, always.
    resp.media = {"detail": error.description or error.title}
    resp.content_type = falcon.MEDIA_JSON


def create_app() -> App[Request, Response]:
    app = App()
    app.set_error_serializer(json_error)
    app.add_route("/", resources.IndexResource())
    app.add_route("/healthz", resources.HealthResource())
    app.add_route("/api/items", resources.ItemsResource())
    app.add_route("/api/items/{item_id:int}", resources.ItemResource())
    app.add_route("/api/whoami", resources.WhoAmIResource())
{{#if websocket}}
    app.add_route("/ws", resources.EchoResource())
{{/if}}
    return app


app = create_app()
