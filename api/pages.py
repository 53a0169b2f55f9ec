"""The pages where an organisation's staff issue, list and revoke its API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participants.access import organisation_for_staff

from .forms import TokenForm
from .models import ApiToken
from .tokens import issue_token, revoke_token


@login_required
def token_list(request, pk):
    """The organisation's tokens, and the form to issue one; a new token's key is shown on this answer only."""
    organisation = organisation_for_staff(request, pk)
    form = TokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        token, key = issue_token(organisation, name=form.cleaned_data["name"], by=request.user)
        messages.success(
            request, _("Token “%(name)s” issued. Copy its key now: it is not shown again.") % {"name": token.name}
        )
        form = TokenForm()
    tokens = ApiToken.objects.filter(organisation=organisation).select_related("created_by", "revoked_by")
    context = {"organisation": organisation, "form": form, "key": key, "tokens": tokens}
    response = render(request, "api/token_list.html", context)
    if key:
        response["Cache-Control"] = "no-store"  # the key must not stay in any cache
    return response


@require_POST
@login_required
def token_revoke(request, pk, token_pk):
    organisation = organisation_for_staff(request, pk)
    token = get_object_or_404(ApiToken, organisation=organisation, pk=token_pk)
    if revoke_token(token, by=request.user):
        messages.success(request, _("Token “%(name)s” is revoked: its next call is refused.") % {"name": token.name})
    else:
        messages.info(request, _("This token was revoked already."))
    return redirect("api:tokens", pk=organisation.pk)
