from pyramid.config import Configurator
from pyramid.request import Request

from .items import get_item, hello, list_items


def index(request: Request) -> dict[str, str]:
    return hello()


def healthz(request: Request) -> dict[str, str]:
    return {"status": "ok"}


def items(request: Request) -> list[dict[str, object]]:
    return list_items()


def item(request: Request) -> dict[str, object]:
    found = get_item(int(request.matchdict["item_id"]))
    if found is None:
        request.response.status_int = 404
        return {"detail": "item not found"}
    return found


def whoami(request: Request) -> dict[str, str | None]:
    # WebOb reads REMOTE_ADDR and wsgi.url_scheme as the server set them; the server (or its
    # wrapper) applies X-Forwarded-* only from FORWARDED_ALLOW_IPS.
    return {"client": request.remote_addr, "scheme": request.scheme,
            "host": request.headers.get("Host")}


def not_found(request: Request) -> dict[str, str]:
    request.response.status_int = 404
    return {"detail": "not found"}


with Configurator() as config:
    config.add_route("index", "/")
    config.add_route("healthz", "/healthz")
    config.add_route("items", "/api/items")
    config.add_route("item", r"/api/items/{item_id:\d+}")
    config.add_route("whoami", "/api/whoami")
    for name, view in [("index", index), ("healthz", healthz), ("items", items),
                       ("item", item), ("whoami", whoami)]:
        config.add_view(view, route_name=name, request_method="GET", renderer="json")
    config.add_notfound_view(not_found, renderer="json")
    app = config.make_wsgi_app()
