{{#unless isAsgi}}
"""Makes SIGTERM end the server with exit code 0, sent to the main process or to its whole
process group.

Sanic 25.12's main process can hang on a stop signal (sanic-org/sanic#2997, #3063): while it waits
for new workers to report in, a stop marks them terminated, so the report it waits for never
comes; and its handler talks to the shared worker state from inside the signal, which can take
the reply that the interrupted code was waiting for. `docker stop` then ends in a SIGKILL. Here
Sanic's own handler runs on a thread, once every worker has started (or died starting, as one
that hears the signal before Sanic has set up its handlers does): the stop itself is Sanic's.

The worker state lives in a multiprocessing manager, a process of its own in the same group.
Python's manager ignores SIGINT, which a terminal sends to the whole group; systemd's default
KillMode and `kill -- -PGID` send SIGTERM to the whole group, which would end the manager while
the main process still reads the workers' state from it ("Startup failed due to OS error:
Connection reset by peer", exit 1). So the manager ignores SIGTERM as well; the main process
shuts it down once the workers are gone.

A worker stops on SIGINT or SIGTERM. The main process stops each one with SIGINT, waiting for
its requests in flight; a SIGTERM of its own would stop the worker's event loop under them
("Event loop stopped before Future completed"), resetting their connections. So a worker
that the main process manages ignores SIGTERM, and the main process's stop drains it.
"""

import asyncio
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.managers import SyncManager
from types import FrameType, SimpleNamespace
from typing import Any

from sanic import Sanic
from sanic.config import Config
from sanic.mixins import startup
from sanic.worker.constants import ProcessState

App = Sanic[Config, SimpleNamespace]
Handler = Callable[[int, FrameType | None], Any]
STARTING = {ProcessState.RESTARTING, ProcessState.STARTING, ProcessState.STARTED}


def _when_workers_started(app: App, handler: Handler, signum: int) -> None:
    manager = app.manager
    # The main process marks a worker ACKED only after it has stopped waiting for reports.
    while any(p.state in STARTING for p in manager.transient_processes):
        for p in manager.transient_processes:
            if p.state in STARTING and not p.is_alive():
                # Stopped before it reported in (the signal went to the whole group): report
                # for it, or the main process waits out its startup deadline and exits 1.
                manager.worker_state[p.name] = {
                    **manager.worker_state[p.name],
                    "state": ProcessState.ACKED.name,
                }
        time.sleep(0.05)
    handler(signum, None)


async def _defer_stop_handlers(app: App) -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(signum)
        if not callable(handler) or getattr(handler, "__self__", None) is not app.manager:
            continue

        def on_signal(signum: int, _frame: FrameType | None, handler: Handler = handler) -> None:
            threading.Thread(
                target=_when_workers_started, args=(app, handler, signum), daemon=True
            ).start()

        signal.signal(signum, on_signal)


async def _leave_sigterm_to_the_main_process(_app: App) -> None:
    # Sanic sets the variable in the workers its main process starts, and no other process
    # (`--single-process` has no main process: SIGTERM stops it as Sanic has it). The main
    # process stops them with SIGINT. Were it killed outright (SIGKILL, the OOM killer), its
    # workers would outlive it until SIGINT or SIGKILL: a container's end takes them all.
    # Windows has no SIGTERM to deliver, and its event loops no signal handlers to remove.
    if os.environ.get("SANIC_WORKER_NAME") and sys.platform != "win32":
        asyncio.get_running_loop().remove_signal_handler(signal.SIGTERM)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _state_manager() -> SyncManager:
    manager = SyncManager(ctx=multiprocessing.get_context())
    manager.start(signal.signal, (signal.SIGTERM, signal.SIG_IGN))
    return manager


def stop_cleanly(app: App) -> None:
    app.main_process_ready(_defer_stop_handlers)
    # Sanic's own handlers are in place once the server has started.
    app.after_server_start(_leave_sigterm_to_the_main_process)
    # Sanic.serve() starts its worker-state manager through this name.
    startup.Manager = _state_manager  # type: ignore[attr-defined]
{{/unless}}
