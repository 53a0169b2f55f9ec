"""Who calls the API: a token in the Authorization header, checked by its hash; and how often they may (the shared
cache, as the sign-in's limit). Every call counts against its client address first, so a flood of wrong or revoked
tokens is limited too; a valid token then has its own limit."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited
from rest_framework import authentication, exceptions, permissions, throttling

from .models import ApiToken
from .rules import ApiClient
from .tokens import find_token, mark_used


class Throttled(exceptions.Throttled):
    """A 429 in our words; the wait goes in the Retry-After header, not appended to the message."""

    default_detail = _("Too many calls. Wait a minute and try again.")

    def __init__(self, wait=None):
        super().__init__()
        self.wait = wait


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer inv_…` (or `Token inv_…`). A missing header is anonymous (401 from the permission);
    an unknown or revoked token is refused with its reason."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        if is_ratelimited(
            request._request, group="api-address", key="ip", rate=settings.API_ADDRESS_RATE, increment=True
        ):
            raise Throttled(wait=60)
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after the word Bearer, with one space."))
        token = find_token(header[1].decode(errors="replace"))
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not known. Ask the organiser's staff for one."))
        if not token.is_active:
            raise exceptions.AuthenticationFailed(_("This token was revoked. Ask the organiser's staff for a new one."))
        mark_used(token)
        return ApiClient(token), token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class HasToken(permissions.BasePermission):
    message = _("Call the API with a token: Authorization: Bearer <token>.")

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiToken)


class TokenRateThrottle(throttling.BaseThrottle):
    """Each token's own limit (API_RATE), counted in the shared cache."""

    def allow_request(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return True
        token_pk = request.auth.pk
        return not is_ratelimited(
            request._request,
            group="api-token",
            key=lambda group, r: f"token-{token_pk}",
            rate=settings.API_RATE,
            increment=True,
        )

    def wait(self):
        return 60
