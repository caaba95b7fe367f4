"""The WSGI app as gunicorn serves it: {{entryModule}}.{{entryCallable}} behind trusted proxy headers.

gunicorn's forwarded_allow_ips only fixes the scheme; REMOTE_ADDR stays the proxy's address.
This applies X-Forwarded-For and X-Forwarded-Proto, but only when the peer is one of
FORWARDED_ALLOW_IPS (addresses or networks, comma-separated, or "*"), so that a client that
talks to gunicorn directly cannot claim another address.
"""

import ipaddress
import os
from collections.abc import Iterable
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from .{{entryModule}} import {{entryCallable}} as wsgi_app


class ProxyHeaders:
    def __init__(self, app: WSGIApplication, trusted: str) -> None:
        self.app = app
        entries = [entry.strip() for entry in trusted.split(",") if entry.strip()]
        self.trust_all = "*" in entries
        self.networks = [ipaddress.ip_network(e, strict=False) for e in entries if e != "*"]

    def trusts(self, host: str) -> bool:
        if self.trust_all or not host:
            # No address means a Unix socket, which gunicorn trusts as well.
            return True
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if self.trusts(environ.get("REMOTE_ADDR", "")):
            forwarded_for = environ.get("HTTP_X_FORWARDED_FOR", "")
            hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
            # Walk back from the nearest hop: the first one we do not trust is the client.
            for hop in reversed(hops):
                environ["REMOTE_ADDR"] = hop
                if not self.trusts(hop):
                    break
            proto = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower()
            if proto in ("http", "https"):
                environ["wsgi.url_scheme"] = proto
        return self.app(environ, start_response)


app = ProxyHeaders(wsgi_app, os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"))
