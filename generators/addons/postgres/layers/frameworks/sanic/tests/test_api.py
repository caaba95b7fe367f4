{{#if isAsgi}}
import asyncio
from typing import Any

from sanic_testing.testing import TestingResponse as Response

from {{package}}.app import app


def call(method: str, path: str, **kwargs: Any) -> Response:
    # The ASGI client drives the app as an ASGI server does.
    _, response = asyncio.run(getattr(app.asgi_client, method)(path, **kwargs))
    return response
{{else}}
from typing import Any

from sanic_testing.testing import TestingResponse as Response

from {{package}}.app import app


def call(method: str, path: str, **kwargs: Any) -> Response:
    # The test client starts Sanic's own server, as production runs it.
    _, response = getattr(app.test_client, method)(path, **kwargs)
    return response
{{/if}}


def test_create_item() -> None:
    response = call("post", "/api/items", json={"name": "webcam", "price": 59.9})
    assert response.status == 201
    item = response.json
    assert item == {"id": item["id"], "name": "webcam", "price": 59.9}
    assert call("get", f"/api/items/{item['id']}").json == item
    call("delete", f"/api/items/{item['id']}")


def test_invalid_item_is_422() -> None:
    assert call("post", "/api/items", json={"name": "webcam"}).status == 422


def test_delete_item() -> None:
    item = call("post", "/api/items", json={"name": "cable", "price": 5}).json
    response = call("delete", f"/api/items/{item['id']}")
    assert response.status == 204
    assert response.body == b""
    assert call("get", f"/api/items/{item['id']}").status == 404


def test_delete_missing_item_is_404() -> None:
    response = call("delete", "/api/items/999")
    assert response.status == 404
    assert response.json == {"detail": "item not found"}
