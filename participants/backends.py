from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def sign_in_identifier(request, credentials) -> str:
    """The account a sign-in attempt aims at, however it was typed: the key for lock-outs."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    return "".join(typed.split()).lower()


class EmailOrNipBackend(ModelBackend):
    """Sign in with an e-mail address or a NIP (spaces allowed, as printed on ID cards)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        User = get_user_model()
        identifier = "".join(username.split())
        if identifier.isdigit():
            user = User.objects.filter(nip=identifier).first()
        else:
            user = User.objects.filter(email__iexact=username.strip()).first()
        if user is None:
            # Hash anyway, so a missing account takes as long as a wrong password.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
