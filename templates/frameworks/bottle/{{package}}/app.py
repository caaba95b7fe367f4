import json

from bottle import Bottle, HTTPError, request, response

from .items import get_item, hello, list_items

app = Bottle()


def _json(data: object, status: int = 200) -> str:
    # Bottle serializes dicts by itself, but not lists, and error pages would be HTML.
    response.status = status
    response.content_type = "application/json"
    return json.dumps(data)


@app.get("/")
def index() -> dict[str, str]:
    return hello()


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/api/items")
def items() -> str:
    return _json(list_items())


@app.get("/api/items/<item_id:int>")
def item(item_id: int) -> str:
    found = get_item(item_id)
    if found is None:
        return _json({"detail": "item not found"}, 404)
    return _json(found)


@app.get("/api/whoami")
def whoami() -> dict[str, str | None]:
    # Read what the server established, not request.remote_addr / request.urlparts: Bottle takes
    # those from X-Forwarded-* of any client. The server trusts FORWARDED_ALLOW_IPS only.
    env = request.environ
    return {"client": env.get("REMOTE_ADDR"), "scheme": env.get("wsgi.url_scheme"),
            "host": env.get("HTTP_HOST")}


@app.error(404)
@app.error(405)
@app.error(500)
def error(err: HTTPError) -> str:
    # Bottle has already copied the error's status into `response`; only the body is ours.
    response.content_type = "application/json"
    return json.dumps({"detail": err.status_line.split(" ", 1)[1].lower()})
