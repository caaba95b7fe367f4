"""Which peers may set X-Forwarded-For and X-Forwarded-Proto: FORWARDED_ALLOW_IPS.

Sanic's own setting, PROXIES_COUNT, trusts the last N X-Forwarded-For hops from ANY peer: a
client that reaches the port directly could claim any address. So here the headers count only on
connections from FORWARDED_ALLOW_IPS (addresses or networks, comma-separated, or "*"), the rule
uvicorn and gunicorn apply. The trade-off: Sanic still picks the client by position (the
PROXIES_COUNT-th entry from the right) where uvicorn skips every trusted address, so behind a
chain of N proxies set SANIC_PROXIES_COUNT=N. A Forwarded header signed with SANIC_FORWARDED_SECRET
is honoured from the same peers only.
"""

from sanic import Request

from .forwarded import AllowList, trusted_proxies

__all__ = ["AllowList", "TRUSTED", "ignore_untrusted_proxy_headers"]


TRUSTED = trusted_proxies()


def ignore_untrusted_proxy_headers(request: Request) -> None:
    if request.ip not in TRUSTED:
        # Sanic parses the proxy headers lazily into this attribute: settle it as "no proxy".
        request.parsed_forwarded = {}
