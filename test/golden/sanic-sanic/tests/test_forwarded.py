"""Proxy headers count only from FORWARDED_ALLOW_IPS, and the client is the nearest other hop."""

from sanic_sanic.forwarded import AllowList


def test_allow_list_takes_addresses_networks_and_star() -> None:
    allow = AllowList("127.0.0.1, 10.0.0.0/8")
    assert "127.0.0.1" in allow
    assert "10.1.2.3" in allow
    assert "::ffff:10.1.2.3" in allow
    assert "192.0.2.1" not in allow
    assert "not-an-ip" not in allow
    assert "192.0.2.1" in AllowList("*")


def test_client_is_the_nearest_untrusted_hop() -> None:
    allow = AllowList("10.0.0.0/8")
    assert allow.client("10.0.0.2", "192.0.2.66, 203.0.113.7, 10.0.0.9") == "203.0.113.7"
    assert allow.client("10.0.0.2", "") == "10.0.0.2"
