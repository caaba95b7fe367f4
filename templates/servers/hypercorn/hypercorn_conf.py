"""Hypercorn settings, read with `hypercorn --config file:hypercorn_conf.py`.

Hypercorn copies every name of this module into its config (unknown names are ignored)
and pickles that config for its worker processes: keep to plain values, no functions.
"""

import os
import sys

# Hypercorn puts the working folder on sys.path for the app, after it reads this file.
if os.getcwd() not in sys.path:
    sys.path.insert(0, os.getcwd())
from {{package}} import workers as _workers  # noqa: E402

_host = os.environ.get("HOST", "0.0.0.0")
_port = os.environ.get("PORT", "{{port}}")
bind = [f"[{_host}]:{_port}" if ":" in _host else f"{_host}:{_port}"]
# WEB_CONCURRENCY, else one per CPU of the container's quota: os.cpu_count() there is
# the host's.
workers = _workers.worker_count()

# ACCESS_LOG=0 turns the access log off; on, one line per request on stdout in the
# common log format, as nginx's and Apache's: host ident user [time] "request" status
# bytes. Hypercorn's host is the peer's address and port (a proxy's behind one), and its
# request line ends in the bare HTTP version ("1.1").
accesslog = None if os.environ.get("ACCESS_LOG", "1") == "0" else "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(R)s" %(s)s %(b)s'
# The line alone: Hypercorn would put its own time, pid and level in front of it.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(message)s"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "stream": "ext://sys.stdout",
        }
    },
    "loggers": {"hypercorn.access": {"handlers": ["stdout"], "level": "INFO"}},
}
errorlog = "-"

# Hypercorn's own default is 3 s: too short for in-flight requests after SIGTERM. An
# open WebSocket is not closed early: it holds the shutdown for this long.
graceful_timeout = {{gracefulTimeout}}
# Longer than a proxy's idle upstream timeout (nginx: 60 s), so the proxy closes first.
keep_alive_timeout = 75
