"""The app as Hypercorn serves it,
with the client address and scheme a trusted proxy reports.

Hypercorn has no proxy-header setting. Its ProxyFixMiddleware is not used: it believes
any peer, copies X-Forwarded-Proto verbatim into WebSocket scopes (Quart then answers
400 to "http"), and replaces Host with X-Forwarded-Host (nginx's $host has no port).
forwarded.py believes only the peers in FORWARDED_ALLOW_IPS. Hypercorn's access log
still shows the proxy's address.
"""

import multiprocessing
import signal

{{appImport}}
{{#unless appImportLocal}}

{{/unless}}from .forwarded import asgi_proxy_headers

# On SIGTERM hypercorn's parent tells its workers to drain, but once the first has
# finished it terminates the others, cutting their in-flight requests. Workers ignore
# SIGTERM (as hypercorn makes them ignore SIGINT): the parent's shutdown event still
# stops them, after the drain.
if multiprocessing.parent_process() is not None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


app = asgi_proxy_headers({{appExpr}})
