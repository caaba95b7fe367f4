"""Tornado's HTTPServer, believing X-Forwarded-* only from the proxies in FORWARDED_ALLOW_IPS.

HTTPServer(xheaders=True) takes X-Real-Ip / X-Forwarded-For and X-Scheme / X-Forwarded-Proto
from ANY peer (its trusted_downstream list only skips known proxies inside X-Forwarded-For): a
client that reaches the port directly could claim any address. So connections are split here:
those from FORWARDED_ALLOW_IPS (addresses or networks, comma-separated, or "*"; the rule uvicorn
and gunicorn apply) go to a server with xheaders, all others to one without.
"""

from collections.abc import Callable
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.httputil import HTTPServerConnectionDelegate, HTTPServerRequest
from tornado.iostream import IOStream

from .forwarded import AllowList, trusted_proxies

__all__ = ["AllowList", "ProxyAwareHTTPServer", "trusted_proxies"]


class ProxyAwareHTTPServer(HTTPServer):
    # Not HTTPServer's signature: `trusted` is required, and xheaders is this class's to set.
    def initialize(  # type: ignore[override]
        self,
        request_callback: HTTPServerConnectionDelegate | Callable[[HTTPServerRequest], None],
        *,
        trusted: AllowList,
        **kwargs: Any,
    ) -> None:
        self.trusted = trusted
        super().initialize(
            request_callback, xheaders=True, trusted_downstream=trusted.addresses(), **kwargs
        )
        self.direct = HTTPServer(request_callback, **kwargs)

    def handle_stream(self, stream: IOStream, address: Any) -> None:
        peer = address[0] if isinstance(address, tuple) else str(address)
        if peer in self.trusted:
            super().handle_stream(stream, address)
        else:
            self.direct.handle_stream(stream, address)

    async def close_all_connections(self) -> None:
        await self.direct.close_all_connections()
        await super().close_all_connections()
