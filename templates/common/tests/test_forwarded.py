{{#if forwardedModule}}
"""Proxy headers count only from FORWARDED_ALLOW_IPS, and the client is the nearest other hop."""

{{#if isAsgi}}
import asyncio
from typing import Any

from {{package}}.forwarded import AllowList, asgi_proxy_headers
{{else}}
{{#if isWsgi}}
from typing import Any

from {{package}}.forwarded import AllowList, wsgi_proxy_headers
{{else}}
from {{package}}.forwarded import AllowList
{{/if}}
{{/if}}


def test_allow_list_takes_addresses_networks_and_star() -> None:
    allow = AllowList("127.0.0.1, 10.0.0.0/8")
    assert "127.0.0.1" in allow
    assert "10.1.2.3" in allow
    assert "::ffff:10.1.2.3" in allow
    assert "192.0.2.1" not in allow
    assert "not-an-ip" not in allow
    assert "192.0.2.1" in AllowList("*")


def test_client_is_the_nearest_untrusted_hop() -> None:
    allow = AllowList("10.0.0.0/8")
    assert allow.client("10.0.0.2", "192.0.2.66, 203.0.113.7, 10.0.0.9") == "203.0.113.7"
    assert allow.client("10.0.0.2", "") == "10.0.0.2"
{{#if isWsgi}}


def seen(trusted: str, **environ: str) -> dict[str, Any]:
    """The environ the app gets when a request with `environ` goes through the wrapper."""
    got: dict[str, Any] = {}

    def app(env: dict[str, Any], start_response: Any) -> list[bytes]:
        got.update(env)
        return [b""]

    def start_response(*_: object) -> Any:
        return None

    wrapped = wsgi_proxy_headers(app, AllowList(trusted))
    wrapped({"wsgi.url_scheme": "http", **environ}, start_response)
    return got


def test_trusted_proxy_sets_client_and_scheme() -> None:
    env = seen(
        "127.0.0.1",
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
        HTTP_X_FORWARDED_PROTO="https",
    )
    assert (env["REMOTE_ADDR"], env["wsgi.url_scheme"]) == ("203.0.113.7", "https")


def test_untrusted_peer_cannot_claim_an_address() -> None:
    env = seen(
        "127.0.0.1",
        REMOTE_ADDR="198.51.100.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
        HTTP_X_FORWARDED_PROTO="https",
    )
    assert (env["REMOTE_ADDR"], env["wsgi.url_scheme"]) == ("198.51.100.1", "http")
{{/if}}
{{#if isAsgi}}


def seen(trusted: str, scope: dict[str, Any]) -> dict[str, Any]:
    """The scope the app gets when a request with `scope` goes through the wrapper."""
    got: dict[str, Any] = {}

    async def app(s: dict[str, Any], receive: Any, send: Any) -> None:
        got.update(s)

    asyncio.run(asgi_proxy_headers(app, AllowList(trusted))(scope, None, None))
    return got


def scope(kind: str, peer: str, **headers: str) -> dict[str, Any]:
    raw = [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()]
    return {"type": kind, "client": (peer, 5000), "scheme": "http", "headers": raw}


def test_trusted_proxy_sets_client_and_scheme() -> None:
    got = seen(
        "127.0.0.1",
        scope("http", "127.0.0.1", x_forwarded_for="203.0.113.7", x_forwarded_proto="https"),
    )
    assert (got["client"][0], got["scheme"]) == ("203.0.113.7", "https")


def test_websocket_scheme_is_wss_behind_https() -> None:
    got = seen("127.0.0.1", scope("websocket", "127.0.0.1", x_forwarded_proto="https"))
    assert got["scheme"] == "wss"


def test_untrusted_peer_cannot_claim_an_address() -> None:
    got = seen(
        "127.0.0.1",
        scope("http", "198.51.100.1", x_forwarded_for="203.0.113.7", x_forwarded_proto="https"),
    )
    assert (got["client"][0], got["scheme"]) == ("198.51.100.1", "http")
{{/if}}
{{/if}}
