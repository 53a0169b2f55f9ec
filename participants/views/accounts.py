"""Signing in and out, passwords, and the invitation link that sets the first one.

Django's own auth views, named in this app's namespace: their default success addresses are un-namespaced, so each
view here names its next page.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from ..forms import SignInForm

login = auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True)
logout = auth_views.LogoutView.as_view()
password_change = auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("participants:password_change_done"))
password_change_done = auth_views.PasswordChangeDoneView.as_view()
# The link in the mail is on the installation's own address, never on the Host a request claimed.
password_reset = auth_views.PasswordResetView.as_view(
    success_url=reverse_lazy("participants:password_reset_done"),
    extra_email_context={"site_url": settings.SITE_URL.rstrip("/")},
)
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    success_url=reverse_lazy("participants:password_reset_complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()


class WelcomeView(auth_views.PasswordResetConfirmView):
    """The invitation link: a new person chooses their password, once."""

    template_name = "registration/welcome.html"
    success_url = reverse_lazy("participants:password_reset_complete")


welcome = WelcomeView.as_view()
