"""Signing in and out, passwords, and the invitation link that sets the first one.

Django's own auth views, named in this app's namespace: their default success addresses are un-namespaced, so each
view here names its next page.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import i18n
from django_ratelimit.core import is_ratelimited

from core.hashing import Busy, password_hashing

from ..forms import ChangePasswordForm, PasswordResetForm, SignInForm
from ..models import User

if TYPE_CHECKING:
    # What the mixin is mixed into (Django's form views), for mypy; at run time a plain mixin.
    from django.views.generic import FormView

    _FormView = FormView
else:
    _FormView = object


class LimitedPostMixin(_FormView):
    """POSTs counted per client address before the form is read; past `rate`, the page says so with a 429.

    Sign-in is limited before any password is hashed, so a flood from one address costs a counter each, not a
    second of CPU; the lock-out of one account (django-axes) works beside it.
    """

    rate_setting = ""

    def post(self, request, *args, **kwargs):
        rate = getattr(settings, self.rate_setting)
        if is_ratelimited(request, group=self.rate_setting, key="ip", rate=rate, method="POST", increment=True):
            return self.refused(throttled=True, status=429)
        return self.post_within_limit(request, *args, **kwargs)

    def post_within_limit(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def refused(self, *, status: int, **why):
        """The page again, with an empty form and the reason (`throttled`, `busy`) for the template to say."""
        form = self.get_form_class()(**{**self.get_form_kwargs(), "data": None, "files": None})
        return self.render_to_response(self.get_context_data(form=form, **why), status=status)


class SignInView(LimitedPostMixin, auth_views.LoginView):
    """Sign-in, limited per address first (LimitedPostMixin), then by the installation's ceiling on passwords
    hashed at once (core.hashing): past it, the page asks to try again in a few seconds, with nothing hashed."""

    authentication_form = SignInForm
    redirect_authenticated_user = True
    rate_setting = "SIGN_IN_RATE"

    def post_within_limit(self, request, *args, **kwargs):
        try:
            with password_hashing():
                return super().post_within_limit(request, *args, **kwargs)
        except Busy:
            return self.refused(busy=True, status=503)


class PasswordResetView(LimitedPostMixin, auth_views.PasswordResetView):
    # The worker mails the link (PasswordResetForm), on the installation's own address, never on the Host a
    # request claimed.
    form_class = PasswordResetForm
    success_url = reverse_lazy("participants:password_reset_done")
    rate_setting = "PASSWORD_RESET_RATE"


login = SignInView.as_view()
logout = auth_views.LogoutView.as_view()
password_change = auth_views.PasswordChangeView.as_view(
    form_class=ChangePasswordForm, success_url=reverse_lazy("participants:password_change_done")
)
password_change_done = auth_views.PasswordChangeDoneView.as_view()
password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    success_url=reverse_lazy("participants:password_reset_complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()


class WelcomeView(auth_views.PasswordResetConfirmView):
    """The invitation link: a new person chooses their password, once, and is signed in with it."""

    template_name = "registration/welcome.html"
    success_url = reverse_lazy("portal:home")
    post_reset_login = True
    post_reset_login_backend = "participants.backends.EmailOrNipBackend"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set and you are signed in. Welcome to Inovasi."))
        return response


welcome = WelcomeView.as_view()


def set_language(request):
    """Django's language switch, which also remembers the choice as the person's language: their notifications and
    mails are written in it from then on."""
    response = i18n.set_language(request)
    code = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and code in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).exclude(language=code).update(language=code)
    return response
