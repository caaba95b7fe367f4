"""A Bottle service.

Bottle ships no type information, so its route decorators hide the handlers' types from
callers; mypy still checks the handlers themselves.
"""
# mypy: disable-error-code="untyped-decorator"

{{#if database}}
import atexit
{{/if}}
import json
from typing import Any

from bottle import Bottle, HTTPError, request, response

{{#if database}}
from . import db
from .items import create_item, delete_item, get_item, hello, list_items
{{else}}
from .items import get_item, hello, list_items
{{/if}}

app = Bottle()


@app.get("/")
def index() -> dict[str, str]:
    return hello()


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/readyz")
def readyz() -> dict[str, str]:
    # Can this process take traffic now: a load balancer or Kubernetes asks before sending any.
{{#if database}}
    problem = db.ready()
    if problem is not None:
        response.status = 503
        return {"status": "unavailable", "detail": problem}
{{/if}}
    return {"status": "ready"}


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
{{#if database}}


@app.post("/api/items")
def add_item() -> dict[str, Any]:
    # request.json is None unless the body is sent as application/json; bad JSON is a 400.
    body = request.json
    name = body.get("name") if isinstance(body, dict) else None
    price = body.get("price") if isinstance(body, dict) else None
    if not isinstance(name, str) or not 0 < len(name) <= 200:
        response.status = 422
        return {"detail": "name: text of 1 to 200 characters is required"}
    if isinstance(price, bool) or not isinstance(price, int | float):
        response.status = 422
        return {"detail": "price: a number is required"}
    response.status = 201
    return create_item(name, float(price)).as_dict()


@app.delete("/api/items/<item_id:int>")
def remove_item(item_id: int) -> dict[str, str] | None:
    if not delete_item(item_id):
        response.status = 404
        return {"detail": "item not found"}
    response.status = 204
    return None
{{/if}}


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


{{#if database}}
@app.error(400)
{{/if}}
@app.error(404)
@app.error(405)
@app.error(500)
def error(err: HTTPError) -> str:
    # Bottle has already copied the error's status into `response`; only the body is ours.
    response.content_type = "application/json"
    return json.dumps({"detail": err.status_line.split(" ", 1)[1].lower()})
{{#if database}}


# WSGI has no shutdown hook: the pool's connections are closed as the worker process exits.
atexit.register(db.dispose)
{{/if}}
