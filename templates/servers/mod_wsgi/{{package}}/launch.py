"""Runs the app in Apache httpd through mod_wsgi-express,
configured from the environment.

The container's command; extra arguments go to mod_wsgi-express:

    python -m {{package}}.launch --reload-on-changes

httpd stops at once on SIGTERM and only finishes the requests in flight on SIGWINCH (its
graceful-stop). This process stays in front of it to turn the SIGTERM of `docker stop`
or Kubernetes into SIGWINCH, with a hard stop after GRACEFUL_TIMEOUT seconds.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from types import FrameType

from .workers import available_cpus

GRACEFUL_TIMEOUT = {{gracefulTimeout}}


def _env(env: Mapping[str, str], key: str, default: str) -> str:
    return env.get(key) or default


def command(env: Mapping[str, str]) -> list[str]:
    # No --server-root: the default, $TMPDIR/mod_wsgi-HOST:PORT:UID, is writable (an
    # emptyDir on /tmp in Kubernetes) and apart for every instance.
    argv = [
        # The one beside this Python, so that it runs without an activated venv too.
        shutil.which("mod_wsgi-express", path=os.path.dirname(sys.executable))
        or "mod_wsgi-express",
        "start-server",
        "--application-type",
        "module",
{{#if appFactory}}
        "--entry-point",
        "{{package}}.application",
        "--callable-object",
        "application",
{{else}}
        "--entry-point",
        "{{appModule}}",
        "--callable-object",
        "{{appAttr}}",
{{/if}}
        "--host",
        _env(env, "HOST", "0.0.0.0"),
        "--port",
        _env(env, "PORT", "{{port}}"),
        # WEB_CONCURRENCY, else one per CPU of the container's quota.
        "--processes",
        _env(env, "WEB_CONCURRENCY", str(available_cpus())),
        "--threads",
        _env(env, "WSGI_THREADS", "{{wsgiThreads}}"),
        "--log-to-terminal",
        "--access-log",
        # Longer than nginx keeps idle upstream connections (60 s), so it never reuses
        # one that httpd is closing; httpd's default is 2 s.
        "--keep-alive-timeout",
        "75",
        # Without it, mod_wsgi-express picks en_US.UTF-8, which slim images lack.
        "--locale",
        "C.UTF-8",
        # For workers that restart (and for stopping): time to finish their requests.
        "--graceful-timeout",
        str(GRACEFUL_TIMEOUT),
        "--shutdown-timeout",
        str(GRACEFUL_TIMEOUT),
    ]
    # FORWARDED_ALLOW_IPS is comma-separated, `*` for any peer; mod_wsgi wants one flag
    # per address and trusts every peer when given none. X-Forwarded-Host stays
    # untrusted: proxies usually send it without the port, which would break the Host
    # the app builds URLs from.
    allowed = env.get("FORWARDED_ALLOW_IPS", "127.0.0.1").split(",")
    trusted = [ip.strip() for ip in allowed if ip.strip()]
    if trusted:
        for header in ("X-Forwarded-For", "X-Forwarded-Proto"):
            argv += ["--trust-proxy-header", header]
        if "*" not in trusted:
            for ip in trusted:
                argv += ["--trust-proxy", ip]
    if os.geteuid() == 0:
        # httpd and mod_wsgi refuse to run the app as root:
        # use the image's user instead.
        argv += [
            "--user",
            _env(env, "MOD_WSGI_USER", "#10001"),
            "--group",
            _env(env, "MOD_WSGI_GROUP", "#10001"),
        ]
    return argv


def main() -> None:
    httpd = subprocess.Popen(command(os.environ) + sys.argv[1:])
    # On a terminal mod_wsgi-express stays in between and does not pass SIGWINCH on.
    graceful = signal.SIGTERM if sys.stdout.isatty() else signal.SIGWINCH
    deadline: float | None = None

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal deadline
        deadline = deadline or time.monotonic() + GRACEFUL_TIMEOUT
        # SIGINT (Ctrl-C) means now; SIGTERM means finish what is running first.
        httpd.send_signal(signal.SIGTERM if signum == signal.SIGINT else graceful)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while (code := httpd.poll()) is None:
        try:
            httpd.wait(timeout=1)
        except subprocess.TimeoutExpired:
            if deadline and time.monotonic() > deadline:
                httpd.terminate()
    sys.exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    main()
