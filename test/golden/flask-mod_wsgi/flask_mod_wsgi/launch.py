"""Runs the app in Apache httpd through mod_wsgi-express,
configured from the environment.

The container's command; extra arguments go to mod_wsgi-express:

    python -m flask_mod_wsgi.launch --reload-on-changes

httpd stops at once on SIGTERM and only finishes the requests in flight on SIGWINCH (its
graceful-stop). This process stays in front of it to turn the SIGTERM of `docker stop`
or Kubernetes into SIGWINCH, with a hard stop after GRACEFUL_TIMEOUT seconds.

httpd runs in a session of its own, so that `kill -- -PGID` reaches only this process:
httpd's processes would stop at once on a SIGTERM of their own. systemd signals every
process of the service's cgroup whatever its session: run it with KillMode=mixed.
"""

import grp
import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from types import FrameType
from typing import Any

from .workers import available_cpus

GRACEFUL_TIMEOUT = 30


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
        "--entry-point",
        "flask_mod_wsgi.application",
        "--callable-object",
        "application",
        "--host",
        _env(env, "HOST", "0.0.0.0"),
        "--port",
        _env(env, "PORT", "8000"),
        # WEB_CONCURRENCY, else one per CPU of the container's quota.
        "--processes",
        _env(env, "WEB_CONCURRENCY", str(available_cpus())),
        "--threads",
        _env(env, "WSGI_THREADS", "4"),
        "--log-to-terminal",
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
    if env.get("ACCESS_LOG", "1") != "0":
        # To stdout, in the common log format: host ident user [time] "request" status
        # bytes.
        argv += ["--access-log", "--access-log-format", "common"]
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
        # httpd and mod_wsgi refuse to run the app as root: another user runs it.
        user, group = run_as(env)
        argv += ["--user", user, "--group", group]
    return argv


def run_as(env: Mapping[str, str]) -> tuple[str, str]:
    """The user and group httpd runs the app as when started as root: MOD_WSGI_USER and
    MOD_WSGI_GROUP, else the invoking user under sudo, else the image's user (10001).
    """
    sudo_uid, sudo_gid = env.get("SUDO_UID"), env.get("SUDO_GID")
    user = f"#{sudo_uid}" if sudo_uid and sudo_uid != "0" else "#10001"
    group = f"#{sudo_gid}" if sudo_uid and sudo_uid != "0" and sudo_gid else "#10001"
    return _env(env, "MOD_WSGI_USER", user), _env(env, "MOD_WSGI_GROUP", group)


def _ids(user: str, group: str) -> tuple[int, set[int]]:
    """The uid and every gid of `user` and `group`, each a name or #number."""
    uid = int(user[1:]) if user.startswith("#") else pwd.getpwnam(user).pw_uid
    gid = int(group[1:]) if group.startswith("#") else grp.getgrnam(group).gr_gid
    gids = {gid}
    try:
        gids.update(os.getgrouplist(pwd.getpwuid(uid).pw_name, gid))
    except KeyError:  # a uid with no name (the image's 10001): its one group
        pass
    return uid, gids


def unreadable(paths: list[str], uid: int, gids: set[int]) -> str | None:
    """The first of `paths` (or a folder above it) that `uid` cannot enter and read."""
    for path in paths:
        real = os.path.realpath(path)
        parts = real.split(os.sep)
        for depth in range(1, len(parts) + 1):
            folder = os.sep.join(parts[:depth]) or os.sep
            st = os.stat(folder)
            need = 0o5 if folder == real else 0o1  # r-x for the path, --x above it
            if st.st_uid == uid:
                mode = st.st_mode >> 6
            elif st.st_gid in gids:
                mode = st.st_mode >> 3
            else:
                mode = st.st_mode
            if mode & need != need:
                return folder
    return None


def check_run_as(env: Mapping[str, str]) -> None:
    """Started as root, stops with the reason when the app's user cannot read Python
    or the project (a venv or pyenv under /root, mode 700): httpd would start, and
    every request would then wait for a daemon that never loads the app, until it
    times out.
    """
    if os.geteuid() != 0:
        return
    user, group = run_as(env)
    uid, gids = _ids(user, group)
    stdlib = os.path.dirname(os.__file__)
    blocked = unreadable([stdlib, sys.prefix, os.getcwd()], uid, gids)
    if blocked:
        sys.exit(
            f"mod_wsgi runs the app as user {user} when started as root (httpd"
            f" refuses root), and that user cannot read {blocked}: every request"
            " would time out. Run this as an ordinary user, keep Python, the venv"
            " and the project where that user can read them (the image's /opt/venv"
            " and /app), or set MOD_WSGI_USER and MOD_WSGI_GROUP to a user that can."
        )


def _stop_with_launcher(libc: Any) -> Callable[[], None]:
    """What httpd's process runs before it starts: in a session of its own, nothing
    would stop it if this launcher were killed outright (SIGKILL), and it would keep the
    port. On Linux it gets a SIGTERM then. libc is loaded before the fork: nothing is
    imported in the child.
    """
    launcher = os.getpid()

    def in_child() -> None:
        if libc is not None:
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
            if os.getppid() != launcher:  # the launcher died before prctl took effect
                os._exit(1)

    return in_child


def main() -> None:
    check_run_as(os.environ)
    # On a terminal mod_wsgi-express stays in between and does not pass SIGWINCH on; and
    # httpd stays in the terminal's process group, so that Ctrl-C reaches it.
    tty = sys.stdout.isatty()
    graceful = signal.SIGTERM if tty else signal.SIGWINCH
    deadline: float | None = None
    httpd: subprocess.Popen[bytes] | None = None
    early: list[int] = []

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal deadline
        deadline = deadline or time.monotonic() + GRACEFUL_TIMEOUT
        if httpd is None:  # a signal before httpd exists: passed on once it does
            early.append(signum)
            return
        # SIGINT (Ctrl-C) means now; SIGTERM means finish what is running first.
        httpd.send_signal(signal.SIGTERM if signum == signal.SIGINT else graceful)

    # Before httpd starts: a SIGTERM in between must not be the default (exit at once).
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    libc = None
    if sys.platform == "linux":
        import ctypes

        libc = ctypes.CDLL(None)
    httpd = subprocess.Popen(
        command(os.environ) + sys.argv[1:],
        start_new_session=not tty,
        preexec_fn=_stop_with_launcher(libc),
    )
    for signum in early:
        stop(signum, None)
    while (code := httpd.poll()) is None:
        try:
            httpd.wait(timeout=1)
        except subprocess.TimeoutExpired:
            if deadline and time.monotonic() > deadline:
                httpd.terminate()
    sys.exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    main()
