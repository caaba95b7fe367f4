import logging
import time
from typing import Any

import pytest

from {{package}}.launch import QueueDepthLog, hand_off_when_busy


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
