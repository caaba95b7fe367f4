{{#if forwardedModule}}
"""Who may speak for the client: the proxies in FORWARDED_ALLOW_IPS.

Addresses or networks, comma-separated, or "*" for any peer: the rule uvicorn and
gunicorn apply to X-Forwarded-* headers, kept here for {{serverLabel}}, which has
no such setting of its own. Only a trusted peer's X-Forwarded-For and X-Forwarded-Proto
count, so that a client that reaches the server directly cannot claim another address.
The Host header is left as the client sent it: nginx's usual X-Forwarded-Host ($host)
drops the port.
"""

from __future__ import annotations

import ipaddress
import os
{{#if isWsgi}}
from collections.abc import Iterable
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment
{{/if}}
{{#if isAsgi}}
from typing import Any
{{/if}}


class AllowList:
    """Peers from a FORWARDED_ALLOW_IPS value; `peer in allow_list` tests one."""

    def __init__(self, value: str) -> None:
        entries = [e.strip() for e in value.split(",") if e.strip()]
        self.anyone = "*" in entries
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        self.literals: set[str] = set()
        for entry in entries:
            if entry == "*":
                continue
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self.literals.add(entry)  # a unix socket path, say

    def __contains__(self, peer: str) -> bool:
        if self.anyone or peer in self.literals:
            return True
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False
        # A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
        address = getattr(address, "ipv4_mapped", None) or address
        return any(address in network for network in self.networks)

    def addresses(self) -> list[str]:
        """The single addresses in the list."""
        return [str(n.network_address) for n in self.networks if n.num_addresses == 1]

    def client(self, peer: str, forwarded_for: str) -> str:
        """The nearest X-Forwarded-For hop that is not one of our proxies.

        Hops further left were written by whoever sent the request and can be forged.
        """
        client = peer
        for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
            client = hop
            if hop not in self:
                break
        return client


def trusted_proxies() -> AllowList:
    return AllowList(os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"))


def forwarded_proto(value: str) -> str | None:
    """The scheme the nearest proxy saw, from X-Forwarded-Proto,
    if it is one we know.
    """
    proto = value.split(",")[-1].strip().lower()
    return proto if proto in ("http", "https") else None
{{#if isWsgi}}


def wsgi_proxy_headers(
    app: WSGIApplication,
    trusted: AllowList | None = None,
) -> WSGIApplication:
    """REMOTE_ADDR and wsgi.url_scheme from a trusted proxy's headers."""
    allow = trusted or trusted_proxies()

    def wrapped(
        environ: WSGIEnvironment,
        start_response: StartResponse,
    ) -> Iterable[bytes]:
        peer = environ.get("REMOTE_ADDR", "")
        # No address means a Unix socket, which only a local proxy can reach.
        if not peer or peer in allow:
            forwarded_for = environ.get("HTTP_X_FORWARDED_FOR", "")
            environ["REMOTE_ADDR"] = allow.client(peer, forwarded_for)
            proto = forwarded_proto(environ.get("HTTP_X_FORWARDED_PROTO", ""))
            if proto:
                environ["wsgi.url_scheme"] = proto
        return app(environ, start_response)

    return wrapped
{{/if}}
{{#if isAsgi}}


def header(headers: list[tuple[bytes, bytes]], name: bytes) -> str:
    return ",".join(raw.decode("latin1") for key, raw in headers if key.lower() == name)


def asgi_proxy_headers(app: Any, trusted: AllowList | None = None) -> Any:
    """The scope's client and scheme from a trusted proxy's headers."""
    allow = trusted or trusted_proxies()

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        peer = (scope.get("client") or ("", 0))[0]
        if scope["type"] in ("http", "websocket") and (not peer or peer in allow):
            scope = dict(scope)
            forwarded_for = header(scope["headers"], b"x-forwarded-for")
            if forwarded_for:
                scope["client"] = (allow.client(peer, forwarded_for), 0)
            proto = forwarded_proto(header(scope["headers"], b"x-forwarded-proto"))
            if proto and scope["type"] == "websocket":
                # WebSocket scopes carry ws/wss: Quart answers 400 to "http" there.
                scope["scheme"] = "wss" if proto == "https" else "ws"
            elif proto:
                scope["scheme"] = proto
        await app(scope, receive, send)

    return wrapped
{{/if}}
{{/if}}
