{{#unless isAsgi}}
"""Which peers may set X-Forwarded-For and X-Forwarded-Proto: FORWARDED_ALLOW_IPS.

Sanic's own setting, PROXIES_COUNT, trusts the last N X-Forwarded-For hops from ANY peer: a
client that reaches the port directly could claim any address. So here the headers count only on
connections from FORWARDED_ALLOW_IPS (addresses or networks, comma-separated, or "*"), the rule
uvicorn and gunicorn apply. The trade-off: Sanic still picks the client by position (the
PROXIES_COUNT-th entry from the right) where uvicorn skips every trusted address, so behind a
chain of N proxies set SANIC_PROXIES_COUNT=N. A Forwarded header signed with SANIC_FORWARDED_SECRET
is honoured from the same peers only.
"""

import ipaddress
import os

from sanic import Request


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


TRUSTED = AllowList(os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"))


def ignore_untrusted_proxy_headers(request: Request) -> None:
    if request.ip not in TRUSTED:
        # Sanic parses the proxy headers lazily into this attribute: settle it as "no proxy".
        request.parsed_forwarded = {}
{{/unless}}
