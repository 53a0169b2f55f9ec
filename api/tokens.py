"""Issuing, revoking and checking API tokens. The key is made here, shown once, and kept only as its hash."""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from participants.audit import Verb, record
from participants.models import Organisation, User

from .models import ApiToken

KEY_PREFIX = "inv_"
SHOWN = 12  # characters of the key the list shows: its prefix and the first eight of the secret


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_token(organisation: Organisation, *, name: str, by: User) -> tuple[ApiToken, str]:
    """A new token for the organisation's cohorts; returns it with its key, which is never stored nor shown again.
    One audit event."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation, name=name.strip(), prefix=key[:SHOWN], key_hash=hash_key(key), created_by=by
    )
    record(Verb.TOKEN_ISSUE, cohort=None, actor=by, target=token, data={"name": token.name, "prefix": token.prefix})
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, *, by: User) -> bool:
    """Revoke a token at once: its next call is refused. Returns False for one revoked already (nothing written);
    otherwise one audit event."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return False
    token.revoked_at, token.revoked_by = timezone.now(), by
    token.save(update_fields=["revoked_at", "revoked_by"])
    record(Verb.TOKEN_REVOKE, cohort=None, actor=by, target=token, data={"name": token.name, "prefix": token.prefix})
    return True


def find_token(key: str) -> ApiToken | None:
    """The token a key belongs to (revoked or not), by its hash."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    return ApiToken.objects.select_related("organisation").filter(key_hash=hash_key(key)).first()


def mark_used(token: ApiToken) -> None:
    """When it was last used, written at most once a minute: a busy dashboard does not write on every call."""
    now = timezone.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - datetime.timedelta(minutes=1))
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
