from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def find_account(typed: str):
    """The account a sign-in names: by NIP when it is all digits (spaces allowed, as printed on ID cards), else by
    e-mail address whatever its case. None when there is none."""
    User = get_user_model()
    identifier = "".join((typed or "").replace("\x00", "").split())
    if not identifier:
        return None
    if identifier.isdigit():
        return User.objects.filter(nip=identifier).first()
    return User.objects.filter(email__iexact=identifier).first()


def sign_in_identifier(request, credentials) -> str:
    """The person a sign-in attempt aims at, the key of the lock-out (AXES_USERNAME_CALLABLE).

    An account's e-mail address and its NIP are one person, so both count against the same five tries, kept under
    the account's NIP (or its e-mail address when it has none); an identifier that names no account counts as
    typed, without spaces or case. Asked several times per attempt,
    the answer is kept on the request.
    """
    typed = (credentials or {}).get("username") or (request.POST.get("username", "") if request else "")
    typed = "".join(typed.split()).lower()
    known = getattr(request, "_sign_in_identifiers", None)
    if known is None:
        known = {}
        if request is not None:
            request._sign_in_identifiers = known
    if typed not in known:
        account = find_account(typed)
        known[typed] = (account.nip or account.email.lower()) if account else typed
    return known[typed]


class EmailOrNipBackend(ModelBackend):
    """Sign in with an e-mail address or a NIP (spaces allowed, as printed on ID cards)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = find_account(username)
        if user is None:
            # Hash anyway, so a missing account takes as long as a wrong password.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
