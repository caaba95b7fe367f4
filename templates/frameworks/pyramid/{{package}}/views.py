"""Views, registered by config.scan() from their decorators.

Pyramid ships no type information, so its decorators hide the views' types from callers;
mypy still checks the views themselves.
"""
# mypy: disable-error-code="untyped-decorator"

from typing import Any

{{#if database}}
from pyramid.httpexceptions import HTTPNoContent
{{/if}}
from pyramid.request import Request
from pyramid.view import notfound_view_config, view_config

{{#if database}}
from . import db
from .items import create_item, delete_item, get_item, hello, list_items
{{else}}
from .items import get_item, hello, list_items
{{/if}}


@view_config(route_name="index", request_method="GET", renderer="json")
def index(request: Request) -> dict[str, str]:
    return hello()


@view_config(route_name="healthz", request_method="GET", renderer="json")
def healthz(request: Request) -> dict[str, str]:
    return {"status": "ok"}


@view_config(route_name="readyz", request_method="GET", renderer="json")
def readyz(request: Request) -> dict[str, str]:
    # Can this process take traffic now (readiness); /healthz only says it is alive (liveness).
{{#if database}}
    problem = db.ready()
    if problem is not None:
        request.response.status_int = 503
        return {"status": "unavailable", "detail": problem}
{{/if}}
    return {"status": "ready"}


@view_config(route_name="items", request_method="GET", renderer="json")
def items(request: Request) -> list[dict[str, Any]]:
    return [item.as_dict() for item in list_items()]


@view_config(route_name="item", request_method="GET", renderer="json")
def item(request: Request) -> dict[str, Any]:
    found = get_item(int(request.matchdict["item_id"]))
    if found is None:
        request.response.status_int = 404
        return {"detail": "item not found"}
    return found.as_dict()
{{#if database}}


@view_config(route_name="items", request_method="POST", renderer="json")
def add_item(request: Request) -> dict[str, Any]:
    try:
        body = request.json_body
    except ValueError:
        request.response.status_int = 400
        return {"detail": "the body is not JSON"}
    name = body.get("name") if isinstance(body, dict) else None
    price = body.get("price") if isinstance(body, dict) else None
    if not isinstance(name, str) or not 0 < len(name) <= 200:
        request.response.status_int = 422
        return {"detail": "name: text of 1 to 200 characters is required"}
    if isinstance(price, bool) or not isinstance(price, int | float):
        request.response.status_int = 422
        return {"detail": "price: a number is required"}
    request.response.status_int = 201
    return create_item(name, float(price)).as_dict()


@view_config(route_name="item", request_method="DELETE", renderer="json")
def remove_item(request: Request) -> dict[str, str] | HTTPNoContent:
    if not delete_item(int(request.matchdict["item_id"])):
        request.response.status_int = 404
        return {"detail": "item not found"}
    # A response of its own, past the JSON renderer: 204 has no body.
    return HTTPNoContent()
{{/if}}


@view_config(route_name="whoami", request_method="GET", renderer="json")
def whoami(request: Request) -> dict[str, str | None]:
    # WebOb reads REMOTE_ADDR and wsgi.url_scheme as the server set them; the server (or its
    # wrapper) applies X-Forwarded-* only from FORWARDED_ALLOW_IPS.
    return {"client": request.remote_addr, "scheme": request.scheme, "host": request.host}


@notfound_view_config(renderer="json")
def not_found(request: Request) -> dict[str, str]:
    request.response.status_int = 404
    return {"detail": "not found"}
