"""Who is at the other end of a request: the client's address, read through the proxies this installation trusts.

Every use of an address goes through `client_address`: the sign-in lock-out (django-axes), the rate limits and the
address kept with a signature. Read anywhere else, a proxy's address would stand for every client, and a forged
header for whoever wrote it.
"""

from django.conf import settings
from ipware import get_client_ip

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


def client_address(request) -> str | None:
    """The client's IP address, or None when the server was not told one (a Unix socket without a proxy).

    Behind `PROXY_COUNT` reverse proxies, each appends to X-Forwarded-For the address it received the request from,
    so the client is the PROXY_COUNT-th address from the end: the entries after it are the proxies' own, and those
    before it are whatever the client wrote, which anyone may forge. With no proxy configured the header is
    ignored altogether and the address is the connection's own.
    """
    proxies = settings.PROXY_COUNT
    if proxies and request.META.get(FORWARDED_FOR):
        # django-ipware counts the proxies listed in the header, which leaves out the nearest one (REMOTE_ADDR).
        # Not strict: a chain longer than expected is the client's own additions, ignored from the right.
        address, _routable = get_client_ip(
            request, proxy_count=proxies - 1, request_header_order=[FORWARDED_FOR], strict=False
        )
        if address:
            return address
    return request.META.get("REMOTE_ADDR") or None


def limited_address(request) -> str:
    """The address a rate limit counts (django-ratelimit's RATELIMIT_IP_META_KEY, so that `key="ip"` means it);
    requests with no address share one count. django-ratelimit counts an IPv6 client by its /64 network."""
    return client_address(request) or "0.0.0.0"
