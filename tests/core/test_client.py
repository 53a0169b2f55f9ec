"""The client's address: read through exactly the configured number of proxies, never from what a client wrote."""

import pytest
from django.test import RequestFactory

from core.client import client_address, limited_address

PROXY = "10.0.0.1"


def request(remote=PROXY, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.PROXY_COUNT = 0

    assert client_address(request("203.0.113.9", forwarded="198.51.100.1")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.5", "203.0.113.5"),
        # Whatever the client wrote comes first; the proxy appended the address it saw.
        ("198.51.100.1, 203.0.113.5", "203.0.113.5"),
        ("not an address, 8.8.8.8, 203.0.113.5", "203.0.113.5"),
        ("10.20.30.40", "10.20.30.40"),  # an office on the intranet
        ("2001:db8::7", "2001:db8::7"),
    ],
)
def test_behind_one_proxy_the_address_is_the_last_one_it_appended(settings, forwarded, expected):
    settings.PROXY_COUNT = 1

    assert client_address(request(forwarded=forwarded)) == expected


def test_behind_two_proxies_the_address_is_the_one_the_outer_proxy_saw(settings):
    settings.PROXY_COUNT = 2

    assert client_address(request(forwarded="198.51.100.1, 203.0.113.5, 172.16.0.2")) == "203.0.113.5"


def test_behind_a_proxy_a_request_without_the_header_is_the_connection_s_own(settings):
    settings.PROXY_COUNT = 1

    assert client_address(request()) == PROXY


def test_no_address_at_all_is_none_and_rate_limits_count_it_as_one(settings):
    settings.PROXY_COUNT = 0

    assert client_address(request(remote="")) is None
    assert limited_address(request(remote="")) == "0.0.0.0"
