"""A password typed again to confirm a step (signing an agreement, changing the password), throttled like sign-in.

Sign-in has django-axes; a person already signed in who is asked for their password again gets the same five
tries per cool-off (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME), counted per account: whoever holds an open session
cannot guess the password behind it.

Signing remembers a right password in the session ("sudo mode", as GitHub asks for a password again): for
PASSWORD_CONFIRMED_FOR (10 minutes) further signatures in the same session are an explicit click without typing it
again, so a mentor or an examiner signing a pile of agreements pays the deliberately slow hash once. Signing out
(the session is flushed) or changing the password (the remembered confirmation names the password's hash) ends it;
another session, another browser, has its own.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.hashing import Busy, password_hashing

from .models import User


def _key(user: User) -> str:
    return f"password-confirm:{user.pk}"


SESSION_KEY = "password_confirmed"


def confirmed_in(session, user: User) -> datetime.datetime | None:
    """When `session` last confirmed `user`'s password, if within PASSWORD_CONFIRMED_FOR and the password has not
    changed since; else None."""
    remembered = session.get(SESSION_KEY)
    if not isinstance(remembered, dict) or remembered.get("user") != user.pk:
        return None
    if not constant_time_compare(remembered.get("hash", ""), user.get_session_auth_hash()):
        return None
    at = datetime.datetime.fromtimestamp(remembered.get("at", 0), tz=datetime.timezone.utc)
    return at if timezone.now() - at <= settings.PASSWORD_CONFIRMED_FOR else None


def remember_confirmed(session, user: User, at: datetime.datetime) -> None:
    session[SESSION_KEY] = {"user": user.pk, "at": at.timestamp(), "hash": user.get_session_auth_hash()}


def confirm_password(user: User, password: str, *, session=None) -> datetime.datetime:
    """Raise ValidationError unless `password` is the user's, and the user has tries left; return when the password
    was confirmed. With a `session`, a password left empty is enough while the session confirmed it within
    PASSWORD_CONFIRMED_FOR (`confirmed_in`), and a right password is remembered in it.

    Each try is counted before the password is hashed, in the shared cache and outside any transaction the caller
    may roll back, so parallel guesses get no more than the limit; the right password clears the count. Call it
    before opening the transaction of the step it confirms.
    """
    if not password:
        if session is not None and (confirmed := confirmed_in(session, user)):
            return confirmed
        raise ValidationError(_("Enter your password."), code="required")
    cooloff = int(settings.AXES_COOLOFF_TIME.total_seconds())
    key = _key(user)
    cache.add(key, 0, timeout=cooloff)
    try:
        tries = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, tries := 1, timeout=cooloff)
    if tries > settings.AXES_FAILURE_LIMIT:
        minutes = cooloff // 60
        raise ValidationError(
            ngettext(
                "The password was wrong too many times. Wait %(minutes)d minute, then try again.",
                "The password was wrong too many times. Wait %(minutes)d minutes, then try again.",
                minutes,
            )
            % {"minutes": minutes},
            code="throttled",
        )
    try:
        with password_hashing():  # the installation's ceiling on passwords hashed at once, as for sign-in
            right = user.check_password(password)
    except Busy:
        raise ValidationError(
            _("Many people are signing in at this moment. Wait a few seconds, then try again."), code="busy"
        ) from None
    if not right:
        raise ValidationError(_("The password is not correct."), code="wrong")
    cache.delete(key)
    now = timezone.now()
    if session is not None:
        remember_confirmed(session, user, now)
    return now
