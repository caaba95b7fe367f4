"""A Bottle service.

Bottle ships no type information, so its route decorators hide the handlers' types from
callers; mypy still checks the handlers themselves.
"""
# mypy: disable-error-code="untyped-decorator"

import json
from typing import Any

from bottle import Bottle, HTTPError, request, response

from .items import get_item, hello, list_items

app = Bottle()


@app.get("/")
def index() -> dict[str, str]:
    return hello()


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/api/items")
def items() -> str:
    # Bottle turns a returned dict into JSON, but not a list.
    response.content_type = "application/json"
    return json.dumps([item.as_dict() for item in list_items()])


@app.get("/api/items/<item_id:int>")
def item(item_id: int) -> dict[str, Any]:
    found = get_item(item_id)
    if found is None:
        response.status = 404
        return {"detail": "item not found"}
    return found.as_dict()


@app.get("/api/whoami")
def whoami() -> dict[str, str | None]:
    # Read what the server established, not request.remote_addr / request.urlparts: Bottle takes
    # those from X-Forwarded-* of any client. The server trusts FORWARDED_ALLOW_IPS only.
    env = request.environ
    return {
        "client": env.get("REMOTE_ADDR"),
        "scheme": env.get("wsgi.url_scheme"),
        "host": env.get("HTTP_HOST"),
    }


@app.error(404)
@app.error(405)
@app.error(500)
def error(err: HTTPError) -> str:
    # Bottle has already copied the error's status into `response`; only the body is ours.
    response.content_type = "application/json"
    return json.dumps({"detail": err.status_line.split(" ", 1)[1].lower()})
