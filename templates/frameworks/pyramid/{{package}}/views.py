"""Views, registered by config.scan() from their decorators.

Pyramid ships no type information, so its decorators hide the views' types from callers;
mypy still checks the views themselves.
"""
# mypy: disable-error-code="untyped-decorator"

from typing import Any

from pyramid.request import Request
from pyramid.view import notfound_view_config, view_config

from .items import get_item, hello, list_items


@view_config(route_name="index", request_method="GET", renderer="json")
def index(request: Request) -> dict[str, str]:
    return hello()


@view_config(route_name="healthz", request_method="GET", renderer="json")
def healthz(request: Request) -> dict[str, str]:
    return {"status": "ok"}


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


@view_config(route_name="whoami", request_method="GET", renderer="json")
def whoami(request: Request) -> dict[str, str | None]:
    # WebOb reads REMOTE_ADDR and wsgi.url_scheme as the server set them; the server (or its
    # wrapper) applies X-Forwarded-* only from FORWARDED_ALLOW_IPS.
    return {"client": request.remote_addr, "scheme": request.scheme, "host": request.host}


@notfound_view_config(renderer="json")
def not_found(request: Request) -> dict[str, str]:
    request.response.status_int = 404
    return {"detail": "not found"}
