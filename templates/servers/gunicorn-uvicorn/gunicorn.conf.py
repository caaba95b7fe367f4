"""Gunicorn settings: gunicorn manages the processes,
each worker runs uvicorn's event loop.
"""

import os

host = os.environ.get("HOST", "0.0.0.0")
port = os.environ.get("PORT", "{{port}}")
bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
# Containers report the host's CPU count:
# size workers from WEB_CONCURRENCY, not os.cpu_count().
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
# uvicorn.workers is deprecated; the worker lives on in the uvicorn-worker package.
worker_class = "uvicorn_worker.UvicornWorker"

# uvicorn-worker hands this to uvicorn's proxy headers middleware, which rewrites the
# client address and scheme from X-Forwarded-For/-Proto,
# but only for connections from these peers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

timeout = 30
# Seconds a worker gets after SIGTERM to finish in-flight requests before it is killed.
graceful_timeout = {{gracefulTimeout}}
# Longer than a proxy's idle upstream timeout (nginx: 60 s), so the proxy closes first.
keepalive = 75

# Recycle workers now and then, so a slow leak cannot grow forever;
# jitter avoids all at once.
max_requests = 1000
max_requests_jitter = 100

# The heartbeat file on a disk-backed /tmp can stall workers in Docker;
# /dev/shm is memory.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

accesslog = "-"
errorlog = "-"

# gunicorn's control socket lives in $HOME, which a container user may not be able to
# write and which two instances on one machine would share.
control_socket_disable = True
