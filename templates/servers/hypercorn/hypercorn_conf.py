"""Hypercorn settings, read with `hypercorn --config file:hypercorn_conf.py`.

Hypercorn copies every name of this module into its config (unknown names are ignored)
and pickles that config for its worker processes: keep to plain values, no functions.
"""

import os

_host = os.environ.get("HOST", "0.0.0.0")
_port = os.environ.get("PORT", "{{port}}")
bind = [f"[{_host}]:{_port}" if ":" in _host else f"{_host}:{_port}"]
# Containers report the host's CPU count:
# size workers from WEB_CONCURRENCY, not os.cpu_count().
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))

accesslog = "-"
errorlog = "-"

# Hypercorn's own default is 3 s: too short for in-flight requests after SIGTERM. An
# open WebSocket is not closed early: it holds the shutdown for this long.
graceful_timeout = {{gracefulTimeout}}
# Longer than a proxy's idle upstream timeout (nginx: 60 s), so the proxy closes first.
keep_alive_timeout = 75
