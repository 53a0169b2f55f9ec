"""Absolute addresses, for everything read away from the site: mails, QR codes, calendar files."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` on the installation's public address (SITE_URL), never on whatever host a request named."""
    return settings.SITE_URL.rstrip("/") + path
