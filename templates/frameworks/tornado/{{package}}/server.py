"""Tornado's HTTPServer, believing X-Forwarded-* only from the proxies in FORWARDED_ALLOW_IPS.

HTTPServer(xheaders=True) takes X-Real-Ip / X-Forwarded-For and X-Scheme / X-Forwarded-Proto
from ANY peer (its trusted_downstream list only skips known proxies inside X-Forwarded-For): a
client that reaches the port directly could claim any address. So connections are split here:
those from FORWARDED_ALLOW_IPS (addresses or networks, comma-separated, or "*"; the rule uvicorn
and gunicorn apply) go to a server with xheaders, all others to one without.
"""

import ipaddress
import os
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.iostream import IOStream


class AllowList:
    """Peer addresses from a FORWARDED_ALLOW_IPS value; `in` tests one."""

    def __init__(self, value: str) -> None:
        entries = [e.strip() for e in value.split(",") if e.strip()]
        self.anyone = "*" in entries
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        self.literals: set[str] = set()
        for entry in entries:
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
        return any(address in network for network in self.networks)

    def addresses(self) -> list[str]:
        """Single addresses, for Tornado to skip over in X-Forwarded-For chains."""
        return [str(n.network_address) for n in self.networks if n.num_addresses == 1]


def trusted_proxies() -> AllowList:
    return AllowList(os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"))


class ProxyAwareHTTPServer(HTTPServer):
    def initialize(self, *args: Any, trusted: AllowList, **kwargs: Any) -> None:
        self.trusted = trusted
        super().initialize(*args, xheaders=True, trusted_downstream=trusted.addresses(), **kwargs)
        self.direct = HTTPServer(*args, **kwargs)

    def handle_stream(self, stream: IOStream, address: Any) -> None:
        peer = address[0] if isinstance(address, tuple) else str(address)
        if peer in self.trusted:
            super().handle_stream(stream, address)
        else:
            self.direct.handle_stream(stream, address)

    async def close_all_connections(self) -> None:
        await self.direct.close_all_connections()
        await super().close_all_connections()
