"""Absolute addresses, for everything read away from the site: mails, QR codes, calendar files."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` on the installation's public address (SITE_URL), never on whatever host a request named."""
    return settings.SITE_URL.rstrip("/") + path


def site_origin() -> str:
    parts = urlsplit(settings.SITE_URL)
    return f"{parts.scheme}://{parts.netloc}".lower()


def address_differs(request) -> bool:
    """Whether the page was opened on another address than SITE_URL: every link in a mail, a QR code or a calendar
    file then points elsewhere than where this person is, and staff should know before printing one."""
    return f"{request.scheme}://{request.get_host()}".lower() != site_origin()
