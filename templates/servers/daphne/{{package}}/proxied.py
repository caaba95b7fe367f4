"""The ASGI app as Daphne serves it,
with the client address and scheme a trusted proxy reports.

Daphne's --proxy-headers believes any peer and takes the first X-Forwarded-For entry,
the one a client writes; forwarded.py believes only FORWARDED_ALLOW_IPS and takes the
nearest other hop.
"""

{{appImport}}
{{#unless appImportLocal}}

{{/unless}}from .forwarded import asgi_proxy_headers

app = asgi_proxy_headers({{appExpr}})
