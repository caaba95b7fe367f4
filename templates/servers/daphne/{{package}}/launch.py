"""Runs Daphne with its own command-line options, and drains on SIGTERM.

The container's command; the arguments are daphne's, the app (proxied.py's) last:

    python -m {{package}}.launch --port 8000 APP

Daphne itself stops its reactor at once on SIGTERM, cancelling every request in
flight. Here SIGTERM (or SIGINT) closes the listening sockets, so that new connections
go elsewhere, sends WebSockets a close (1001, going away), lets the HTTP requests in
flight finish for up to GRACEFUL_TIMEOUT seconds, and stops once their connections
have flushed and closed: exit 0. A second signal stops at once.

ACCESS_LOG=0 turns daphne's access log off, whatever the options say.
"""

import os
import signal
import sys
import time
from types import FrameType
from typing import Any

# daphne.server, which daphne.cli imports, installs Twisted's asyncio reactor: first.
from daphne.cli import CommandLineInterface
from daphne.http_protocol import WebRequest
from daphne.server import Server
from twisted.internet import reactor as twisted_reactor

# Twisted types the reactor by the interfaces it may provide, not by what it has.
reactor: Any = twisted_reactor

GRACEFUL_TIMEOUT = {{gracefulTimeout}}
# How often the drain looks at what is still open.
TICK = 0.1


class Drain:
    """Hooks into one daphne Server: its listening ports, requests and signals."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.ports: list[Any] = []
        # Connections that carried a request since the drain began (or just before):
        # closed only once their answer is written out.
        self.transports: set[Any] = set()
        self.deadline: float | None = None
        listened, connected = server.listen_success, server.protocol_connected

        def listen_success(port: Any) -> None:
            self.ports.append(port)
            listened(port)

        def protocol_connected(protocol: Any) -> None:
            connected(protocol)
            if self.deadline is not None:
                self._remember(protocol)

        server.listen_success = listen_success
        server.protocol_connected = protocol_connected
        reactor.callWhenRunning(self._install)

    def _install(self) -> None:
        # After Twisted's own handlers, which stop the reactor at once.
        def on_signal(_signum: int, _frame: FrameType | None) -> None:
            reactor.callFromThread(self.start)

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)

    def _remember(self, protocol: Any) -> None:
        if isinstance(protocol, WebRequest) and protocol.transport is not None:
            self.transports.add(protocol.transport)

    def start(self) -> None:
        if self.deadline is not None:
            self.stop()
            return
        self.deadline = time.monotonic() + GRACEFUL_TIMEOUT
        for port in self.ports:
            port.stopListening()
        try:
            for protocol in list(self.server.connections):
                self._remember(protocol)
                if not isinstance(protocol, WebRequest):
                    self._close_websocket(protocol)
        finally:
            self._check()

    @staticmethod
    def _close_websocket(protocol: Any) -> None:
        # Autobahn refuses a close handshake on a socket still connecting (not yet
        # accepted by the app): that one is dropped instead.
        try:
            if protocol.state == protocol.STATE_OPEN:
                protocol.sendClose(code=1001)
            else:
                protocol.dropConnection(abort=True)
        except Exception as error:  # noqa: BLE001 - one socket must not stop the drain
            print(f"daphne: closing a WebSocket: {error}", file=sys.stderr)

    def _check(self) -> None:
        assert self.deadline is not None
        connections = self.server.connections.items()
        busy = [p for p, details in connections if "disconnected" not in details]
        # A connection whose request is answered is closed once written out, each on
        # its own: under steady keep-alive load (nginx reuses its upstream connections)
        # the server as a whole may never be idle.
        in_use = {getattr(p, "transport", None) for p in busy}
        for transport in self.transports - in_use:
            transport.loseConnection()
        self.transports = {t for t in self.transports if getattr(t, "connected", 0)}
        if not busy and not self.transports:
            self.stop()
        elif time.monotonic() > self.deadline:
            print(
                f"daphne: {len(busy)} requests still running after"
                f" {GRACEFUL_TIMEOUT} s; stopping them",
                file=sys.stderr,
            )
            self.stop()
        else:
            reactor.callLater(TICK, self._check)

    def stop(self) -> None:
        if reactor.running:
            reactor.stop()


def draining_server(**options: Any) -> Any:
    # ACCESS_LOG=0 turns off the access log that --access-log (or verbosity) set.
    if os.environ.get("ACCESS_LOG", "1") == "0":
        options["action_logger"] = None
    server = Server(**options)
    Drain(server)
    return server


def main() -> None:
    cli = CommandLineInterface()
    cli.server_class = draining_server
    cli.run(sys.argv[1:])


if __name__ == "__main__":
    main()
