import os
from pathlib import Path

from flask_mod_wsgi.launch import command, run_as, unreadable


def flags(argv: list[str], name: str) -> list[str]:
    return [argv[i + 1] for i, arg in enumerate(argv) if arg == name]


def test_each_trusted_proxy_is_its_own_flag() -> None:
    argv = command({"FORWARDED_ALLOW_IPS": "127.0.0.1, 10.0.0.0/8"})
    assert flags(argv, "--trust-proxy") == ["127.0.0.1", "10.0.0.0/8"]
    assert flags(argv, "--trust-proxy-header") == ["X-Forwarded-For", "X-Forwarded-Proto"]


def test_any_peer_means_no_proxy_list() -> None:
    argv = command({"FORWARDED_ALLOW_IPS": "*"})
    assert flags(argv, "--trust-proxy") == []
    assert flags(argv, "--trust-proxy-header") == ["X-Forwarded-For", "X-Forwarded-Proto"]


def test_no_trusted_proxy_means_no_proxy_headers() -> None:
    assert flags(command({"FORWARDED_ALLOW_IPS": ""}), "--trust-proxy-header") == []


def test_environment_sets_bind_and_workers() -> None:
    argv = command({"HOST": "127.0.0.1", "PORT": "9000", "WEB_CONCURRENCY": "3"})
    assert (flags(argv, "--host"), flags(argv, "--port")) == (["127.0.0.1"], ["9000"])
    assert flags(argv, "--processes") == ["3"]


def test_access_log_is_on_unless_access_log_is_0() -> None:
    assert "--access-log" in command({})
    assert "--access-log" not in command({"ACCESS_LOG": "0"})


def test_root_runs_the_app_as_the_image_user_or_the_sudo_user() -> None:
    assert run_as({}) == ("#10001", "#10001")
    assert run_as({"SUDO_UID": "1000", "SUDO_GID": "1000"}) == ("#1000", "#1000")
    assert run_as({"SUDO_UID": "0", "SUDO_GID": "0"}) == ("#10001", "#10001")
    mine = {"MOD_WSGI_USER": "www-data", "MOD_WSGI_GROUP": "www-data"}
    assert run_as({**mine, "SUDO_UID": "1000"}) == ("www-data", "www-data")


def test_a_folder_closed_to_the_user_is_unreadable(tmp_path: Path) -> None:
    # As /root (mode 700) is to the image's user: Python or the app there never loads.
    closed = tmp_path / "closed"
    (closed / "venv").mkdir(parents=True)
    me = os.getuid()
    closed.chmod(0o077)  # open to all but its owner, who is the user asked about
    try:
        assert unreadable([str(closed / "venv")], me, set()) == str(closed.resolve())
    finally:
        closed.chmod(0o700)
    assert unreadable([str(closed / "venv")], me, set()) is None
