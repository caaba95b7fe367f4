from collections.abc import Iterable
from typing import Any

from {{package}}.serve import TrustedProxies


def seen(trusted: str, **environ: str) -> dict[str, Any]:
    """The environ the app gets when a request with `environ` goes through the wrapper."""
    got: dict[str, Any] = {}

    def app(env: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        got.update(env)
        return [b""]

    TrustedProxies(app, trusted)({"wsgi.url_scheme": "http", **environ}, lambda *a: None)
    return got


def test_trusted_proxy_sets_client_and_scheme() -> None:
    env = seen("127.0.0.1", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7",
               HTTP_X_FORWARDED_PROTO="https")
    assert (env["REMOTE_ADDR"], env["wsgi.url_scheme"]) == ("203.0.113.7", "https")


def test_untrusted_peer_cannot_claim_an_address() -> None:
    env = seen("127.0.0.1", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.7",
               HTTP_X_FORWARDED_PROTO="https")
    assert (env["REMOTE_ADDR"], env["wsgi.url_scheme"]) == ("198.51.100.1", "http")


def test_client_is_the_nearest_untrusted_hop() -> None:
    env = seen("10.0.0.0/8", REMOTE_ADDR="10.0.0.2",
               HTTP_X_FORWARDED_FOR="192.0.2.66, 203.0.113.7, 10.0.0.9")
    assert env["REMOTE_ADDR"] == "203.0.113.7"
