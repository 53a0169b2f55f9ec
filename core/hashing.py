"""A ceiling on password hashing across the whole installation: at most PASSWORD_HASHING_SLOTS passwords are hashed
at once, on every web process and host together.

Each hash costs a fraction of a second of CPU on purpose. A flood of sign-ins from many addresses passes every
per-address limit and, unchecked, keeps every CPU hashing: real sign-ins then waited 17 s and pages slowed with
them. The slots live in the cache all processes share (the database); a slot is held for at most HOLD seconds, so
one held by a process that died frees itself. A sign-in that finds no slot within WAIT seconds is told to try again
in a few seconds, before its password is hashed.
"""

import secrets
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache

HOLD = 10  # seconds: far longer than a hash takes
# Seconds a sign-in waits for a slot before it is told to try again: short, as a waiting request holds a web worker.
WAIT = 0.5
POLL = 0.1


class Busy(Exception):
    """Every slot is taken: the caller asks the person to try again in a few seconds."""


def slot_key(index: int) -> str:
    return f"inovasi:hashing-slot:{index}"


def _take(token: str) -> str | None:
    for index in range(settings.PASSWORD_HASHING_SLOTS):
        key = slot_key(index)
        if cache.add(key, token, HOLD):
            return key
    return None


@contextmanager
def password_hashing():
    """Hold one of the installation's hashing slots for the block; Busy when none frees up within WAIT."""
    token, deadline = secrets.token_hex(8), time.monotonic() + WAIT
    key = _take(token)
    while key is None:
        if time.monotonic() >= deadline:
            raise Busy
        time.sleep(POLL)
        key = _take(token)
    try:
        yield
    finally:
        if cache.get(key) == token:  # not taken over after an overlong hold
            cache.delete(key)
