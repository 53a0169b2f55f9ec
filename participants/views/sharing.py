"""A person's own choice of what the organisers' other systems may read of them (the read API): off by default."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..models import User


class SharingForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["shares_contact"]


@login_required
def sharing(request):
    """The person turns the sharing of their e-mail address and phone number on or off; only they can."""
    # An unticked box posts nothing: an empty POST is still a POST.
    form = SharingForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        User.objects.filter(pk=request.user.pk).update(shares_contact=form.cleaned_data["shares_contact"])
        messages.success(
            request,
            _("Your contact details are shared with the organiser's other systems.")
            if form.cleaned_data["shares_contact"]
            else _("Your contact details are not shared with the organiser's other systems."),
        )
        return redirect("participants:sharing")
    return render(request, "participants/sharing.html", {"form": form})
