"""The WSGI app as gunicorn serves it:
{{appDoc}} behind trusted proxy headers.

gunicorn's forwarded_allow_ips only fixes the scheme;
REMOTE_ADDR would stay the proxy's address.
"""

{{appImport}}
{{#unless appImportLocal}}

{{/unless}}from .forwarded import wsgi_proxy_headers

app = wsgi_proxy_headers({{appExpr}})
