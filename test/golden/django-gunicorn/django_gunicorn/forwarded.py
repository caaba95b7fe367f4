"""Who may speak for the client: the proxies in FORWARDED_ALLOW_IPS.

Addresses or networks, comma-separated, or "*" for any peer: the rule uvicorn and
gunicorn apply to X-Forwarded-* headers, kept here for Gunicorn, which has
no such setting of its own. Only a trusted peer's X-Forwarded-For and X-Forwarded-Proto
count, so that a client that reaches the server directly cannot claim another address.
The Host header is left as the client sent it: nginx's usual X-Forwarded-Host ($host)
drops the port.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment


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
