"""The {{interfaceUpper}} app as granian serves it:
{{appDoc}} behind trusted proxy headers.

granian applies no X-Forwarded-* headers by itself. Its wrapper takes the client address
and scheme from them only when the peer is one of FORWARDED_ALLOW_IPS (addresses or
networks, comma-separated, or "*"), so that a client talking to granian directly cannot
claim another address.
"""

import os

from granian.utils.proxies import wrap_{{interface}}_with_proxy_headers

{{appImport}}

app = wrap_{{interface}}_with_proxy_headers(
    {{appExpr}},
    trusted_hosts=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
)
