"""The WSGI app as uWSGI serves it: {{entryModule}}.{{entryCallable}} behind trusted proxy headers.

uWSGI's http-socket applies no X-Forwarded-* headers. This takes the client address and scheme
from them, but only when the peer is one of FORWARDED_ALLOW_IPS (addresses or networks,
comma-separated, or "*"), so that a client talking to uWSGI directly cannot claim another address.
Behind nginx's uwsgi_pass, nginx sets REMOTE_ADDR itself.
"""

import os
from collections.abc import Iterable
from ipaddress import ip_address, ip_network
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from .{{entryModule}} import {{entryCallable}} as wsgi_app


class TrustedProxies:
    def __init__(self, app: WSGIApplication, trusted: str) -> None:
        self.app = app
        entries = [entry.strip() for entry in trusted.split(",") if entry.strip()]
        self.trust_all = "*" in entries
        self.networks = [ip_network(entry, strict=False) for entry in entries if entry != "*"]

    def trusts(self, host: str) -> bool:
        if self.trust_all:
            return True
        try:
            address = ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if self.trusts(environ.get("REMOTE_ADDR", "")):
            forwarded_for = environ.get("HTTP_X_FORWARDED_FOR", "")
            hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
            # The client is the nearest hop that is not one of our proxies: hops further left
            # were written by whoever sent the request and can be forged.
            for hop in reversed(hops):
                environ["REMOTE_ADDR"] = hop
                if not self.trusts(hop):
                    break
            proto = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower()
            if proto in ("http", "https"):
                environ["wsgi.url_scheme"] = proto
        return self.app(environ, start_response)


application = TrustedProxies(wsgi_app, os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"))
