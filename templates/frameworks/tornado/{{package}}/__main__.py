"""Serves the app on Tornado's own HTTP server.

    python -m {{package}}            # production
    python -m {{package}} --debug    # one process, reloads on code changes

Reads HOST, PORT, WEB_CONCURRENCY (worker processes; unset, one per CPU the container may
use), FORWARDED_ALLOW_IPS and ACCESS_LOG (0: no access log). On SIGTERM or SIGINT it stops
accepting connections, closes WebSockets (1001, going away), lets requests in flight finish
for up to GRACEFUL_TIMEOUT seconds, and exits 0.
"""

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import socket
import sys
import time

from tornado.netutil import bind_sockets
from tornado.web import RequestHandler

{{#if database}}
from . import db
{{/if}}
from .app import IN_FLIGHT, OPEN_SOCKETS, make_app
from .server import ProxyAwareHTTPServer, trusted_proxies
from .workers import worker_count

GRACEFUL_TIMEOUT = {{gracefulTimeout}}
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
log = logging.getLogger(__package__)
access_log = logging.getLogger("tornado.access")


def log_request(handler: RequestHandler) -> None:
    """One line per request in the common log format, as nginx's and Apache's: host ident
    user [time] "request" status bytes (not known here: "-").
    """
    request = handler.request
    access_log.info(
        '%s - - [%s] "%s %s %s" %d -',
        request.remote_ip,
        time.strftime("%d/%b/%Y:%H:%M:%S %z"),
        request.method,
        request.uri,
        request.version,
        handler.get_status(),
    )


def no_log(handler: RequestHandler) -> None:
    """ACCESS_LOG=0: nothing per request."""


async def serve(sockets: list[socket.socket], debug: bool) -> None:
    app = make_app(debug=debug)
    off = os.environ.get("ACCESS_LOG", "1") == "0"
    app.settings["log_function"] = no_log if off else log_request
    server = ProxyAwareHTTPServer(
        app,
        trusted=trusted_proxies(),
        # Longer than a proxy's idle upstream timeout (nginx: 60 s), so the proxy closes first.
        idle_connection_timeout=75,
    )
    server.add_sockets(sockets)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in STOP_SIGNALS:
        loop.add_signal_handler(signum, stop.set)
    log.info("listening on %s", ", ".join(str(s.getsockname()) for s in sockets))
{{#if database}}
    # In each worker, on its own loop: the pool's connections belong to it. A database that is
    # down is logged, not fatal: the pool connects again at first use, /readyz says why.
    problem = await db.ready()
    if problem:
        log.warning("database not ready yet: %s", problem)
{{/if}}
    await stop.wait()

    log.info("stopping: %d requests in flight", len(IN_FLIGHT))
    server.stop()
    for ws in list(OPEN_SOCKETS):
        ws.close(1001, "server shutting down")
    deadline = loop.time() + GRACEFUL_TIMEOUT
    while IN_FLIGHT and loop.time() < deadline:
        await asyncio.sleep(0.1)
    await server.close_all_connections()
{{#if database}}
    await db.dispose()
{{/if}}


def fork_workers(count: int, sockets: list[socket.socket]) -> None:
    """Returns in each of `count` forked children; the parent passes stop signals on and waits.

    Not tornado.process.fork_processes: it keeps its children's ids to itself, so a SIGTERM to
    the parent (what `docker stop` sends to PID 1) could not reach them.
    """
    children: set[int] = set()
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            return
        children.add(pid)
    # Only the workers accept: once they have stopped, new connections are refused, not queued.
    for sock in sockets:
        sock.close()

    stopping = False

    def forward(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)

    for signum in STOP_SIGNALS:
        signal.signal(signum, forward)
    code = 0
    while children:
        pid, status = os.wait()
        children.discard(pid)
        if status and not stopping:
            # One worker died: stop the rest and fail, so the orchestrator restarts the whole.
            log.error("worker %d died (%s): stopping", pid, os.waitstatus_to_exitcode(status))
            code = 1
            forward(signal.SIGTERM, None)
    sys.exit(code)


def main() -> None:
    parser = argparse.ArgumentParser(
        prog=f"python -m {__package__}", description="Serves the app on Tornado's own server."
    )
    parser.add_argument("--debug", action="store_true", help="reload on code changes, one process")
    args = parser.parse_args()
    # App log to stdout, where containers collect it; the access log (tornado.access) too,
    # its line alone, as it carries its own time.
    to_stdout = logging.StreamHandler(sys.stdout)
    access_log.addHandler(to_stdout)
    access_log.propagate = False
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stdout,
        format="%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s",
    )
    host = os.environ.get("HOST", "0.0.0.0")
    port = int(os.environ.get("PORT", "{{port}}"))
    # WEB_CONCURRENCY, else one per CPU of the container's quota (workers.py).
    workers = 1 if args.debug else worker_count()
    # Bound before forking, so that every worker accepts on the same sockets.
    sockets = bind_sockets(port, host)
    if workers > 1:
        fork_workers(workers, sockets)
    asyncio.run(serve(sockets, debug=args.debug))


if __name__ == "__main__":
    main()
