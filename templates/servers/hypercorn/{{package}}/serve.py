"""The app as Hypercorn serves it, with the client address and scheme a trusted proxy reports.

Hypercorn has no proxy-header setting. Its ProxyFixMiddleware is not used: it believes any peer,
copies X-Forwarded-Proto verbatim into WebSocket scopes (Quart then answers 400 to "http"), and
replaces Host with X-Forwarded-Host (nginx's $host has no port). This one, like uvicorn and
gunicorn, believes only peers in FORWARDED_ALLOW_IPS (addresses or networks, comma-separated;
"*" trusts every peer) and takes the last X-Forwarded-For and -Proto entry: the one your proxy
wrote. Hypercorn's access log still shows the proxy's address.
"""

import ipaddress
import multiprocessing
import os
import signal
from typing import Any

from .{{entryModule}} import {{entryCallable}}

# On SIGTERM hypercorn's parent tells its workers to drain, but once the first has finished it
# terminates the others, cutting their in-flight requests. Workers ignore SIGTERM (as hypercorn
# makes them ignore SIGINT): the parent's shutdown event still stops them, after the drain.
if multiprocessing.parent_process() is not None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def last_value(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    values = [
        value.strip()
        for key, raw in headers
        if key.lower() == name
        for value in raw.decode("latin1").split(",")
    ]
    return values[-1] if values and values[-1] else None


class TrustedProxyHeaders:
    def __init__(self, app: Any, allow_ips: str) -> None:
        self.app = app
        entries = [entry.strip() for entry in allow_ips.split(",") if entry.strip()]
        self.trust_all = "*" in entries
        self.networks = [ipaddress.ip_network(e, strict=False) for e in entries if e != "*"]

    def trusts(self, client: tuple[str, int] | None) -> bool:
        if self.trust_all:
            return True
        if not client:
            return False
        try:
            address = ipaddress.ip_address(client[0])
        except ValueError:
            return False
        # A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
        address = getattr(address, "ipv4_mapped", None) or address
        return any(address in network for network in self.networks)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket") and self.trusts(scope.get("client")):
            scope = dict(scope)
            client = last_value(scope["headers"], b"x-forwarded-for")
            if client:
                scope["client"] = (client, 0)
            proto = last_value(scope["headers"], b"x-forwarded-proto")
            if proto in ("http", "https"):
                if scope["type"] == "websocket":
                    proto = "wss" if proto == "https" else "ws"
                scope["scheme"] = proto
        await self.app(scope, receive, send)


app = TrustedProxyHeaders({{entryCallable}}, os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"))
