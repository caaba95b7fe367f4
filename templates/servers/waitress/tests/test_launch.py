import logging
import time

import pytest

from {{package}}.launch import QueueDepthLog


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
