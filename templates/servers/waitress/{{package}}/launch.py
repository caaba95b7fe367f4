"""Serves the WSGI app with waitress: `python -m {{package}}.launch`.

waitress reads no environment and, as PID 1 in a container, would ignore SIGTERM: this
launcher takes HOST, PORT, WSGI_THREADS, FORWARDED_ALLOW_IPS and ACCESS_LOG from the
environment, logs each request to stdout (waitress has no access log of its own), warns
of a full thread pool once per 10 s rather than per request, hands a queued request to
its thread at once, and drains on SIGTERM (see Drain). waitress is one process:
WEB_CONCURRENCY does not apply, run more containers instead.
"""

import logging
import os
import signal
import sys
import time
from collections.abc import Iterable
from types import FrameType
from typing import Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from waitress import create_server, proxy_headers, wasyncore
from waitress.proxy_headers import proxy_headers_middleware

{{appImport}}
{{#unless appImportLocal}}

{{/unless}}from .forwarded import AllowList, trusted_proxies

GRACEFUL_TIMEOUT = {{gracefulTimeout}}
STDOUT = 1
# As gunicorn, uvicorn and granian do: the client address and the scheme. The Host
# header comes through the proxy as the client sent it, while nginx's usual
# X-Forwarded-Host ($host) drops the port.
PROXY_HEADERS = {"x-forwarded-for", "x-forwarded-proto"}
# Every header waitress's middleware reads or clears, as the WSGI environ names them.
FORWARDING_KEYS = frozenset(f"HTTP_{name}" for name in proxy_headers.PROXY_HEADERS)


def with_access_log(app: WSGIApplication) -> WSGIApplication:
    """Logs each request in the common log format, as nginx's and Apache's: host ident
    user [time] "request" status bytes (the Content-Length the app sets, else "-").

    Logged when the response starts, so that streamed and file bodies pass through
    untouched. Each line is one write to stdout, atomic on a pipe: through the logging
    module a line costs several times more (about 15 us against 2 us here).
    """

    def logged(
        environ: WSGIEnvironment,
        start_response: StartResponse,
    ) -> Iterable[bytes]:
        def log_and_start(status: str, headers: Any, *rest: Any) -> Any:
            size = next((v for k, v in headers if k.lower() == "content-length"), "-")
            query = environ.get("QUERY_STRING")
            path = environ.get("PATH_INFO", "") + (f"?{query}" if query else "")
            peer = environ.get("REMOTE_ADDR", "-")
            now = time.strftime("%d/%b/%Y:%H:%M:%S %z")
            method = environ.get("REQUEST_METHOD")
            request = f"{method} {path} {environ.get('SERVER_PROTOCOL')}"
            line = f'{peer} - - [{now}] "{request}" {status[:3]} {size}\n'
            try:
                os.write(STDOUT, line.encode("utf-8", "backslashreplace"))
            except OSError:  # stdout gone: the request still gets its answer
                pass
            return start_response(status, headers, *rest)

        return app(environ, log_and_start)

    return logged


class QueueDepthLog:
    """waitress warns "Task queue depth is N" for each request that waits for a thread:
    under steady load that is a line per request, and about a tenth of its cost. The
    same warning, at most once per interval, with the deepest queue since the last one.
    """

    def __init__(self, logger: logging.Logger, interval: float = 10.0) -> None:
        self.logger = logger
        self.interval = interval
        self.deepest = 0
        self.quiet_until = 0.0

    def warning(self, _msg: str, depth: int) -> None:
        self.deepest = max(self.deepest, depth)
        now = time.monotonic()
        if now < self.quiet_until:
            return
        self.quiet_until = now + self.interval
        self.logger.warning(
            "Task queue depth reached %d (said at most once per %d s): every thread"
            " was busy; raise WSGI_THREADS or run more containers",
            self.deepest,
            self.interval,
        )
        self.deepest = 0


def hand_off_when_busy(dispatcher: Any) -> None:
    """Lets a request that was queued while other threads work start at once.

    waitress's I/O thread queues a request for a worker thread and goes on holding the
    GIL; with the other threads busy in Python the woken worker can wait up to the
    GIL's 5 ms switch interval to start, for every request. Measured on 2 cores with
    4 threads: about 500 req/s with 4 connections against 2,500 when the I/O thread
    yields the GIL right after queueing (waitress's own warning for a full queue, a
    write to stderr per request, did the same by accident). Not when every thread is
    idle: one connection alone is faster without the yield.
    """
    queue = dispatcher.add_task

    def add_task(task: Any) -> None:
        queue(task)
        if dispatcher.active_count:
            time.sleep(0)

    dispatcher.add_task = add_task


def behind_trusted_proxies(app: WSGIApplication, trusted: AllowList) -> WSGIApplication:
    """waitress's own X-Forwarded-* handling, for every peer in FORWARDED_ALLOW_IPS.

    waitress's trusted_proxy setting takes exactly one address; a list or a network (a
    pod CIDR) would never match. So the peer is checked here, then the middleware that
    waitress itself installs for trusted_proxy is applied.
    """
    via_proxy: WSGIApplication = proxy_headers_middleware(
        app, trusted_proxy="*", trusted_proxy_headers=PROXY_HEADERS
    )
    # Any other peer gets its X-Forwarded-* headers removed:
    # it may not claim an address.
    direct: WSGIApplication = proxy_headers_middleware(app, trusted_proxy=None)

    def dispatch(
        environ: WSGIEnvironment,
        start_response: StartResponse,
    ) -> Iterable[bytes]:
        if FORWARDING_KEYS.isdisjoint(environ):
            # No forwarding header to apply or clear: the app as waitress alone runs it.
            return app(environ, start_response)
        chosen = via_proxy if environ.get("REMOTE_ADDR", "") in trusted else direct
        return chosen(environ, start_response)

    return dispatch


class Drain:
    """Stops waitress as gunicorn and uvicorn stop: the listening socket closes at once,
    so that a new connection is refused and a proxy sends it elsewhere whatever its
    method; every request already received is answered; each kept-alive connection
    closes once idle; then the process exits 0, within the graceful timeout.

    waitress's own stop, called from a signal handler, waits for its threads with the
    event loop stopped: meanwhile nothing is read, the listening socket takes
    connections that are reset at exit, queued requests are dropped, and the handler
    can deadlock on a lock that the interrupted loop holds. So the handler only notes
    the signal and wakes the loop, which drains between polls.
    """

    def __init__(self, server: Any, timeout: float) -> None:
        self.server = server
        self.timeout = timeout
        self.signum = 0
        self.deadline = 0.0

    def on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if self.signum:  # a second signal (Ctrl-C twice): stop now
            raise SystemExit(1)
        self.signum = signum
        self.server.pull_trigger()  # a byte down a pipe: no lock taken

    def serve(self) -> None:
        adj = self.server.adj
        while not (self.signum and self.drained()):
            wasyncore.loop(
                # Draining, the deadline is kept to a tenth of a second.
                timeout=0.1 if self.signum else adj.asyncore_loop_timeout,
                map=self.server._map,
                use_poll=adj.asyncore_use_poll,
                count=1,
            )
        # Idle threads leave at once; busy ones, past the deadline, are not waited for.
        wait = 0 if self.server.active_channels else 1
        self.server.task_dispatcher.shutdown(cancel_pending=True, timeout=wait)
        wasyncore.close_all(self.server._map)

    def drained(self) -> bool:
        log = logging.getLogger("waitress")
        channels = self.server.active_channels
        now = time.monotonic()
        if not self.deadline:
            self.deadline = now + self.timeout
            # The listening socket only: the trigger that wakes the loop stays.
            wasyncore.dispatcher.close(self.server)
            log.info(
                "Received signal %d: refusing new connections, draining %d open",
                self.signum,
                len(channels),
            )
        for channel in list(channels.values()):
            if not channel.requests and channel.request is None:
                channel.close_when_flushed = True  # its answer sent, it closes
        if not channels:
            return True
        if now < self.deadline:
            return False
        busy = len(channels)
        log.warning("closing %d busy connection(s) after %g s", busy, self.timeout)
        return True


def main() -> None:
    logging.basicConfig(
        level=logging.INFO, stream=sys.stdout, format="%(asctime)s %(name)s %(message)s"
    )
    served: WSGIApplication = {{appExpr}}
    if os.environ.get("ACCESS_LOG", "1") != "0":
        served = with_access_log(served)
    server = create_server(
        behind_trusted_proxies(served, trusted_proxies()),
        host=os.environ.get("HOST", "0.0.0.0"),
        port=int(os.environ.get("PORT", "{{port}}")),
        threads=int(os.environ.get("WSGI_THREADS", "{{wsgiThreads}}")),
        # Proxy headers are handled above, per peer.
        clear_untrusted_proxy_headers=False,
    )

    dispatcher = server.task_dispatcher
    dispatcher.queue_logger = QueueDepthLog(dispatcher.queue_logger)
    hand_off_when_busy(dispatcher)

    drain = Drain(server, GRACEFUL_TIMEOUT)
    signal.signal(signal.SIGTERM, drain.on_signal)
    signal.signal(signal.SIGINT, drain.on_signal)
    server.print_listen("Serving on http://{}:{}")
    drain.serve()


if __name__ == "__main__":
    main()
