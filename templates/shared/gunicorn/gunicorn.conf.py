"""Gunicorn settings, taken from the environment so one image runs anywhere.

Loaded with `gunicorn --config gunicorn.conf.py`;
a command-line flag overrides a value here.
"""

import os

from {{package}}.workers import worker_count

host = os.environ.get("HOST", "0.0.0.0")
port = os.environ.get("PORT", "{{port}}")
bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

# WEB_CONCURRENCY, else one per CPU of the container's quota: os.cpu_count() there is
# the host's. Not 2 x CPUs + 1: each worker already overlaps requests, and each is
# another copy of the app in memory.
workers = worker_count()
# {{gunicornWorkerNote}}
worker_class = "{{gunicornWorkerClass}}"
{{#if gunicornThreads}}
threads = int(os.environ.get("WSGI_THREADS", "{{wsgiThreads}}"))
{{/if}}

{{#if forwardedModule}}
# This fixes only wsgi.url_scheme; {{proxiedModule}} (in the package) applies
# X-Forwarded-For from the same peers.
{{else}}
# The worker hands this to its proxy headers middleware, which rewrites the client
# address and scheme from X-Forwarded-For/-Proto, but only for connections from these
# peers.
{{/if}}
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

timeout = 30
# Seconds a worker gets after SIGTERM to finish in-flight requests before it is killed.
graceful_timeout = {{gracefulTimeout}}
# Longer than the proxy's idle upstream timeout (nginx: 60 s), so that gunicorn never
# closes a connection the proxy is about to reuse.
keepalive = 75

# ACCESS_LOG=0 turns the access log off; on, one line per request on stdout.
accesslog = None if os.environ.get("ACCESS_LOG", "1") == "0" else "-"
{{#if gunicornThreads}}
# The common log format, as nginx's and Apache's: host ident user [time] "request"
# status bytes.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s'
{{else}}
# The uvicorn workers write their own format: address, request line, status.
{{/if}}
errorlog = "-"

# The worker heartbeat file on a disk-backed /tmp can stall workers into timeouts
# (Docker's overlay filesystem); /dev/shm is memory.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Recycle workers now and then to bound slow memory leaks; jitter keeps them from
# restarting all at once. A new worker imports the whole app again: at 1000 (a common
# example value) a busy worker restarted every 1-2 s in BENCHMARKS.md's load test, which
# cut throughput by up to 2.3x and raised p99 latency 2-5x. At 10000 they are rare
# at the rates a real service sustains.
max_requests = 10000
max_requests_jitter = 1000

# gunicorn's control socket lives in $HOME, which a container user may not be able to
# write and which two instances on one machine would share.
control_socket_disable = True
