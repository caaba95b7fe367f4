"""The WSGI app as uWSGI serves it:
{{appDoc}} behind trusted proxy headers.

uWSGI's http-socket applies no X-Forwarded-* headers. This takes the client address and
scheme from them, but only when the peer is one of FORWARDED_ALLOW_IPS (addresses or
networks, comma-separated, or "*"), so that a client talking to uWSGI directly cannot
claim another address. Behind nginx's uwsgi_pass, nginx sets REMOTE_ADDR itself.
"""

{{appImport}}
{{#unless appImportLocal}}

{{/unless}}from .forwarded import wsgi_proxy_headers

application = wsgi_proxy_headers({{appExpr}})
