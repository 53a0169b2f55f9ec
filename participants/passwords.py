"""A password typed again to confirm a step (signing an agreement, changing the password), throttled like sign-in.

Sign-in has django-axes; a person already signed in who is asked for their password again gets the same five
tries per cool-off (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME), counted per account: whoever holds an open session
cannot guess the password behind it.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.hashing import Busy, password_hashing

from .models import User


def _key(user: User) -> str:
    return f"password-confirm:{user.pk}"


def confirm_password(user: User, password: str) -> None:
    """Raise ValidationError unless `password` is the user's, and the user has tries left.

    Each try is counted before the password is hashed, in the shared cache and outside any transaction the caller
    may roll back, so parallel guesses get no more than the limit; the right password clears the count. Call it
    before opening the transaction of the step it confirms.
    """
    if not password:
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
