{{#unless isAsgi}}
"""Makes one SIGTERM to Sanic's main process always end the server, with exit code 0.

Sanic 25.12's main process can hang on a stop signal (sanic-org/sanic#2997, #3063): while it waits
for new workers to report in, a stop marks them terminated, so the report it waits for never
comes; and its handler talks to the shared worker state from inside the signal, which can take
the reply that the interrupted code was waiting for. `docker stop` then ends in a SIGKILL. Here
Sanic's own handler runs on a thread, once every worker has started: the stop itself is Sanic's.
"""

import signal
import threading
import time
from collections.abc import Callable

from sanic import Sanic
from sanic.worker.constants import ProcessState

Handler = Callable[[int, object], None]
STARTING = {ProcessState.RESTARTING, ProcessState.STARTING, ProcessState.STARTED}


def _when_workers_started(app: Sanic, handler: Handler, signum: int) -> None:
    # The main process marks a worker ACKED only after it has stopped waiting for reports.
    while any(p.state in STARTING for p in app.manager.transient_processes):
        time.sleep(0.05)
    handler(signum, None)


async def _defer_stop_handlers(app: Sanic) -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(signum)
        if getattr(handler, "__self__", None) is not app.manager:
            continue

        def on_signal(signum: int, _frame: object, handler: Handler = handler) -> None:
            threading.Thread(
                target=_when_workers_started, args=(app, handler, signum), daemon=True
            ).start()

        signal.signal(signum, on_signal)


def stop_cleanly(app: Sanic) -> None:
    app.main_process_ready(_defer_stop_handlers)
{{/unless}}
