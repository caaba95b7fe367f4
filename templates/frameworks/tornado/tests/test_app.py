import json
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.httpserver import HTTPServer
from tornado.testing import AsyncHTTPTestCase, gen_test
from tornado.web import Application
from tornado.websocket import websocket_connect

from {{package}}.app import make_app
from {{package}}.server import AllowList, ProxyAwareHTTPServer

FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}


class ServerTest(AsyncHTTPTestCase):
    trusted = "127.0.0.1"  # the test client's address: it plays the proxy

    def get_app(self) -> Application:
        return make_app()

    def get_http_server(self) -> HTTPServer:
        return ProxyAwareHTTPServer(self._app, trusted=AllowList(self.trusted))

    def get_json(self, path: str, **kwargs: Any) -> tuple[int, Any]:
        response = self.fetch(path, **kwargs)
        return response.code, json.loads(response.body)


class AppTest(ServerTest):
    def test_index(self) -> None:
        code, body = self.get_json("/")
        assert code == 200
        assert body["framework"] == "tornado"

    def test_healthz(self) -> None:
        assert self.get_json("/healthz") == (200, {"status": "ok"})

    def test_readyz(self) -> None:
        assert self.get_json("/readyz") == (200, {"status": "ready"})

    def test_items(self) -> None:
        assert len(self.get_json("/api/items")[1]) == 3
        assert self.get_json("/api/items/1")[1]["name"] == "keyboard"

    def test_missing_item_is_404(self) -> None:
        assert self.get_json("/api/items/999") == (404, {"detail": "item not found"})
        assert self.get_json("/nowhere")[0] == 404
{{#if database}}

    def test_create_item(self) -> None:
        new = json.dumps({"name": "webcam", "price": 59.9})
        code, item = self.get_json("/api/items", method="POST", body=new)
        assert code == 201
        assert item == {"id": item["id"], "name": "webcam", "price": 59.9}
        assert self.get_json(f"/api/items/{item['id']}") == (200, item)
        self.fetch(f"/api/items/{item['id']}", method="DELETE")

    def test_invalid_item_is_422(self) -> None:
        body = json.dumps({"name": "webcam"})
        assert self.fetch("/api/items", method="POST", body=body).code == 422

    def test_delete_item(self) -> None:
        new = json.dumps({"name": "cable", "price": 5})
        _, item = self.get_json("/api/items", method="POST", body=new)
        response = self.fetch(f"/api/items/{item['id']}", method="DELETE")
        assert (response.code, response.body) == (204, b"")
        assert self.get_json(f"/api/items/{item['id']}")[0] == 404

    def test_delete_missing_item_is_404(self) -> None:
        response = self.fetch("/api/items/999", method="DELETE")
        assert (response.code, json.loads(response.body)) == (404, {"detail": "item not found"})
{{/if}}

    def test_whoami_believes_a_trusted_proxy(self) -> None:
        _, seen = self.get_json("/api/whoami", headers=FORWARDED)
        assert (seen["client"], seen["scheme"]) == ("203.0.113.7", "https")

    @gen_test
    async def test_websocket_echo(self) -> None:
        ws = await websocket_connect(self.get_url("/ws").replace("http", "ws", 1))
        await ws.write_message("ping")
        assert await ws.read_message() == "ping"
        ws.close()

    @gen_test
    async def test_websocket_refuses_other_sites(self) -> None:
        url = self.get_url("/ws").replace("http", "ws", 1)
        same_host = HTTPRequest(url, headers={"Origin": "https://127.0.0.1:8443"})
        (await websocket_connect(same_host)).close()
        with pytest.raises(HTTPClientError) as refused:
            await websocket_connect(HTTPRequest(url, headers={"Origin": "https://evil.example"}))
        assert refused.value.code == 403


class UntrustedPeerTest(ServerTest):
    trusted = "10.0.0.0/8"

    def test_whoami_ignores_other_peers(self) -> None:
        _, seen = self.get_json("/api/whoami", headers=FORWARDED)
        assert (seen["client"], seen["scheme"]) == ("127.0.0.1", "http")
