from flask_mod_wsgi.launch import command


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
