import http.client
import logging
import signal
import socket
import threading
import time
from collections.abc import Iterable
from typing import Any

import pytest
from waitress import create_server

from {{package}}.launch import Drain, QueueDepthLog, hand_off_when_busy


def test_a_busy_pool_is_said_once_per_interval_with_its_deepest_queue(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    clock = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    log = QueueDepthLog(logging.getLogger("waitress.queue"), interval=10)
    with caplog.at_level(logging.WARNING, logger="waitress.queue"):
        for depth in (1, 5, 3):  # waitress's calls: one per request that waits
            log.warning("Task queue depth is %d", depth)
        clock[0] += 10
        log.warning("Task queue depth is %d", 2)
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 2
    assert said[0].startswith("Task queue depth reached 1 ")
    assert said[1].startswith("Task queue depth reached 5 ")


class Dispatcher:
    """The two things of waitress's ThreadedTaskDispatcher that the hand-off touches."""

    def __init__(self) -> None:
        self.active_count = 0
        self.queued: list[Any] = []

    def add_task(self, task: Any) -> None:
        self.queued.append(task)


def test_a_queued_request_gets_the_gil_only_while_other_threads_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    yields: list[float] = []
    monkeypatch.setattr(time, "sleep", yields.append)
    dispatcher = Dispatcher()
    hand_off_when_busy(dispatcher)
    dispatcher.add_task("first")
    assert yields == []  # every thread idle: no yield
    dispatcher.active_count = 3
    dispatcher.add_task("second")
    assert yields == [0]
    assert dispatcher.queued == ["first", "second"]


def test_a_signal_refuses_new_connections_and_drains_the_open_ones() -> None:
    inside, release = threading.Event(), threading.Event()

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if environ["PATH_INFO"] == "/slow":
            inside.set()
            release.wait(5)
        start_response("200 OK", [("Content-Length", "2")])
        return [b"ok"]

    server = create_server(app, host="127.0.0.1", port=0, threads=2)
    port = server.effective_port
    drain = Drain(server, timeout=10)
    seen: dict[str, Any] = {}

    def refused() -> bool:
        until = time.monotonic() + 2
        while time.monotonic() < until:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            except ConnectionRefusedError:
                return True
            time.sleep(0.05)
        return False

    def client() -> None:
        try:
            idle = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            idle.request("GET", "/")
            seen["idle answered"] = idle.getresponse().read()  # and kept alive
            busy = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            busy.request("GET", "/slow")
            inside.wait(5)
            drain.on_signal(signal.SIGTERM, None)
            seen["late refused"] = refused()
            assert idle.sock is not None
            seen["idle closed"] = idle.sock.recv(1) == b""
            release.set()
            seen["busy answered"] = busy.getresponse().read()
        except Exception as e:  # said by the assertion below, not lost in a thread
            seen["error"] = repr(e)
        finally:
            release.set()
            if not drain.signum:  # failed before the signal: the server stops anyway
                drain.on_signal(signal.SIGTERM, None)

    asking = threading.Thread(target=client, daemon=True)
    asking.start()
    started = time.monotonic()
    drain.serve()
    took = time.monotonic() - started
    asking.join(5)  # the last answer was sent before serve() returned; its reading may lag
    assert seen == {
        "idle answered": b"ok",
        "late refused": True,
        "idle closed": True,
        "busy answered": b"ok",
    }
    assert took < 8


def test_past_its_timeout_the_drain_closes_what_is_still_busy(
    caplog: pytest.LogCaptureFixture,
) -> None:
    inside, release = threading.Event(), threading.Event()

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        inside.set()
        release.wait(10)
        start_response("200 OK", [("Content-Length", "2")])
        return [b"ok"]

    server = create_server(app, host="127.0.0.1", port=0, threads=1)
    drain = Drain(server, timeout=0.5)

    def client() -> None:
        conn = socket.create_connection(("127.0.0.1", server.effective_port), timeout=5)
        conn.sendall(b"GET / HTTP/1.1\r\nHost: test\r\n\r\n")
        inside.wait(5)
        drain.on_signal(signal.SIGTERM, None)

    threading.Thread(target=client, daemon=True).start()
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="waitress"):
        drain.serve()
    took = time.monotonic() - started
    release.set()
    assert "closing 1 busy connection(s) after 0.5 s" in caplog.text
    assert took < 1.3  # the deadline and a 0.1 s poll: no wait for the busy thread


def test_a_second_signal_stops_at_once() -> None:
    server = create_server(lambda e, s: [], host="127.0.0.1", port=0)
    drain = Drain(server, timeout=10)
    drain.on_signal(signal.SIGTERM, None)
    with pytest.raises(SystemExit):
        drain.on_signal(signal.SIGINT, None)
    drain.serve()  # nothing open: it returns at once
